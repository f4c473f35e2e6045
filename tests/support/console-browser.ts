/**
 * The console's end-to-end harness: a real service (PGlite, or Postgres and Redis in the
 * shared-services pass) with the built console, and Debian's headless Chromium — never a
 * downloaded browser — on loopback only.
 */
import { AxeBuilder } from '@axe-core/playwright'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { TEST_ADMIN_TOKEN } from '../../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './deployment.js'
import type { ServiceProcess } from './service-process.js'

export const ADMIN_TOKEN = TEST_ADMIN_TOKEN
export const WAIT = { timeout: 10_000 }
const SCREENSHOTS = fileURLToPath(new URL('../../docs/console/', import.meta.url))

export interface ConsoleHarness {
  service: ServiceProcess
  browser: Browser
  /** A page at 1280×860 whose alert/confirm dialogs are recorded in `dialogs` and dismissed. */
  page: Page
  dialogs: string[]
  api(method: string, route: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  close(): Promise<void>
}

export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  let deployment: Deployment | undefined
  let browser: Browser | undefined
  try {
    deployment = await startDeployment(1, env)
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    const service = deployment.replicas[0]!
    const opened = { deployment, browser }
    return {
      service,
      browser,
      page,
      dialogs,
      async api(method, route, body, token = ADMIN_TOKEN, headers = {}) {
        const res = await fetch(`${service.url}/api/v1${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        const text = await res.text()
        return { status: res.status, body: text ? JSON.parse(text) : undefined }
      },
      async close() {
        await opened.browser.close()
        await opened.deployment.close()
      },
    }
  } catch (error) {
    await browser?.close()
    await deployment?.close()
    throw error
  }
}

export async function signIn(target: Page, url: string, token: string): Promise<void> {
  await target.goto(url)
  await target.getByLabel('API token').fill(token)
  await target.getByRole('button', { name: 'Sign in' }).click()
  await target.getByRole('navigation', { name: 'Main' }).waitFor(WAIT)
}

export async function open(target: Page, label: string): Promise<void> {
  await target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click()
}

/** Switches the console's environment with its own control, as a user does. */
export async function switchEnvironment(target: Page, key: string): Promise<void> {
  await target.getByRole('combobox', { name: 'Environment', exact: true }).selectOption(key)
}

/**
 * No serious or critical axe violation on the page as it stands; then, given a name and
 * SLUICE_SCREENSHOTS=1, a screenshot for docs/console (a test run leaves tracked files alone).
 */
export async function auditAndShoot(target: Page, name?: string): Promise<void> {
  const results = await new AxeBuilder({ page: target }).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
  if (name && process.env.SLUICE_SCREENSHOTS === '1') await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}
