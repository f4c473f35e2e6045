/**
 * The console in headless Chromium (Debian's, never a downloaded one) against the real built
 * service: sign-in, the flag editor and "who gets it?", toggles, live updates from the API and
 * from an automatic canary rollback, HALT ALL, a viewer's read-only console, user strings
 * rendered as text, axe, the JavaScript budget, and a screenshot of each page for the docs.
 */
import { AxeBuilder } from '@axe-core/playwright'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startService, type ServiceProcess } from './support/service-process.js'

const ADMIN_TOKEN = 'sluice_admin_console_e2e_0123456789abcdef'
const CONSOLE_ASSETS = fileURLToPath(new URL('../services/console/dist/assets/', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('../docs/console/', import.meta.url))
const WAIT = { timeout: 10_000 }

let service: ServiceProcess
let browser: Browser
let page: Page
let dataDir: string
const dialogs: string[] = []

async function api(method: string, route: string, body?: unknown, token = ADMIN_TOKEN) {
  const res = await fetch(`${service.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function signIn(target: Page, token: string): Promise<void> {
  await target.goto(service.url)
  await target.getByLabel('API token').fill(token)
  await target.getByRole('button', { name: 'Sign in' }).click()
  await target.getByRole('navigation', { name: 'Main' }).waitFor(WAIT)
}

async function open(target: Page, label: string): Promise<void> {
  await target.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click()
}

/** No serious or critical axe violation on the page as it stands; then a screenshot. */
async function auditAndShoot(target: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page: target }).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
  await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-console-'))
  service = await startService({ DATA_DIR: dataDir, ADMIN_TOKEN, CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'development' })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage()
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
})

afterAll(async () => {
  await browser?.close()
  await service?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the console', () => {
  it('ships at most 250 KB of compressed JavaScript on first load', () => {
    const scripts = readdirSync(CONSOLE_ASSETS).filter((name) => name.endsWith('.js'))
    const gzipped = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(CONSOLE_ASSETS, name))).length, 0)
    console.info(`console JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzip in ${scripts.length} file(s)`)
    expect(gzipped).toBeLessThanOrEqual(250 * 1024)
  })

  it('serves the app with a strict CSP and never shadows the API or operations routes', async () => {
    const index = await fetch(`${service.url}/flags/anything`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(index.headers.get('referrer-policy')).toBe('no-referrer')
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const [script] = readdirSync(CONSOLE_ASSETS).filter((name) => name.endsWith('.js'))
    const asset = await fetch(`${service.url}/assets/${script}`)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const unknownApi = await fetch(`${service.url}/api/v1/admin/nothing-here`)
    expect(unknownApi.status).toBe(404)
    expect(unknownApi.headers.get('content-type')).toMatch(/json/)
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200)
  })

  it('signs in with a pasted token, kept out of the URL', async () => {
    await signIn(page, ADMIN_TOKEN)
    await expect(page.getByTestId('who').textContent()).resolves.toContain('admin')
    expect(page.url()).not.toContain(ADMIN_TOKEN)
    await auditAndShoot(page, 'flags')
  })

  it('creates a rules flag through the editor, shows a 400 by its field, and evaluates it in "who gets it?"', async () => {
    await page.getByRole('button', { name: 'New flag' }).click()
    await page.getByLabel('Key').fill('pro_checkout')
    await page.getByLabel('Name', { exact: true }).fill('Pro checkout')
    await page.getByLabel('Type', { exact: true }).selectOption('rules')
    await page.getByLabel('Enabled').check()
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByRole('button', { name: 'Add constraint' }).click()
    await page.getByLabel('Attribute').fill('appVersion')
    await page.getByLabel('Operator').selectOption('SEMVER_GTE')
    await page.getByLabel('Value', { exact: true }).fill('not-a-version')
    await auditAndShoot(page, 'flag-editor')
    await page.getByRole('button', { name: 'Create flag' }).click()
    const fieldError = page.locator('fieldset.constraint [role=alert]')
    await fieldError.waitFor(WAIT)
    await expect(fieldError.textContent()).resolves.toContain('rules[0].constraints[0]')

    await page.getByLabel('Attribute').fill('plan')
    await page.getByLabel('Operator').selectOption('IN')
    await page.getByLabel('Values').fill('pro, enterprise')
    await page.getByRole('button', { name: 'Create flag' }).click()
    await page.getByRole('heading', { name: 'Pro checkout' }).waitFor(WAIT)

    await page.getByLabel('Attributes (JSON)').fill('{"plan":"pro"}')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByTestId('check-answer').waitFor(WAIT)
    await expect(page.getByTestId('check-answer').textContent()).resolves.toMatch(/ON.*rule_match/s)
    await page.getByLabel('Attributes (JSON)').fill('{"plan":"free"}')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByTestId('check-answer').getByText('OFF').waitFor(WAIT)
    await auditAndShoot(page, 'flag')
  })

  it('toggles a flag after a confirmation, and the service agrees', async () => {
    await open(page, 'Flags')
    await page.getByRole('button', { name: 'Turn off pro_checkout' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Turn off' }).click()
    await page.locator('[data-key="pro_checkout"] [data-testid=state]', { hasText: 'off' }).waitFor(WAIT)
    const { body } = await api('GET', '/admin/feature-flags/pro_checkout')
    expect(body.enabled).toBe(false)
  })

  it('shows a change made through the API without a reload, and renders a hostile name as text', async () => {
    await api('PUT', '/admin/feature-flags/pro_checkout', { enabled: true })
    await page.locator('[data-key="pro_checkout"] [data-testid=state]', { hasText: 'on' }).waitFor(WAIT)

    const hostile = '<img src=x onerror=alert(1)>'
    expect((await api('POST', '/admin/feature-flags', { key: 'hostile_name', name: hostile, type: 'boolean', enabled: false })).status).toBe(201)
    await page.locator('[data-key="hostile_name"] .name', { hasText: hostile }).waitFor(WAIT)
    expect(await page.locator('.flag-list img').count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it('shows an automatic canary rollback live, with its reason', async () => {
    await api('POST', '/admin/feature-flags', { key: 'ledger_v2', name: 'Ledger v2', type: 'percentage', enabled: true })
    expect((await api('POST', '/admin/canary-deployments', { featureKey: 'ledger_v2', version: 'v2', initialPercentage: 10, minSampleSize: 20, rollbackThreshold: 5 })).status).toBe(201)
    const sdk = (await api('POST', '/admin/api-tokens', { name: 'ledger-app', role: 'sdk' })).body.token as string
    await open(page, 'Canaries')
    await page.getByTestId('canary-status').getByText('running').waitFor(WAIT)

    const outcomes = await api('POST', '/sdk/outcomes', {
      items: [
        { flagKey: 'ledger_v2', side: 'canary', requests: 200, errors: 80, latencyMsSum: 20_000 },
        { flagKey: 'ledger_v2', side: 'baseline', requests: 2_000, errors: 4, latencyMsSum: 150_000 },
      ],
    }, sdk)
    expect(outcomes.status).toBe(202)
    await page.getByTestId('canary-status').getByText('rolled_back').waitFor({ timeout: 20_000 })
    const rolledBack = page.getByTestId('timeline').locator('li', { hasText: 'rolled_back' })
    await rolledBack.waitFor(WAIT)
    expect(await rolledBack.textContent()).toMatch(/error/i)
    await auditAndShoot(page, 'canaries')

    await open(page, 'Rollbacks')
    await page.getByTestId('rollback').filter({ hasText: 'ledger_v2' }).getByText('(automatic)').waitFor(WAIT)
    await auditAndShoot(page, 'rollbacks')
  })

  it('halts every armed chaos rule with one click', async () => {
    // Production environments refuse armed chaos, so the rules, and the console, are in staging.
    await page.evaluate("sessionStorage.setItem('sluice.environment', 'staging')")
    for (const name of ['slow wallet', 'flaky db']) {
      const created = await api('POST', '/admin/chaos-rules?environment=staging', { name, type: name === 'flaky db' ? 'database_failure' : 'latency', ...(name === 'flaky db' ? {} : { config: { latencyMs: 300 } }), enabled: true, probability: 0.1, expiresAt: new Date(Date.now() + 600_000).toISOString() })
      expect(created, JSON.stringify(created.body)).toMatchObject({ status: 201 })
    }
    await open(page, 'Chaos')
    const halt = page.getByRole('button', { name: /HALT ALL/ })
    await halt.waitFor(WAIT)
    await auditAndShoot(page, 'chaos')
    await halt.click()
    await page.getByTestId('chaos-state').filter({ hasText: 'armed' }).filter({ hasNotText: 'disarmed' }).first().waitFor({ state: 'detached', ...WAIT })
    const { body: rules } = await api('GET', '/admin/chaos-rules?environment=staging')
    expect(rules.map((r: { enabled: boolean }) => r.enabled)).toEqual([false, false])
    expect(await halt.count()).toBe(0)
    await page.evaluate("sessionStorage.removeItem('sluice.environment')")
  })

  it('has history with a diff, and the audit log, tokens and segments pages pass axe', async () => {
    await page.goto(`${service.url}/flags/pro_checkout`)
    await page.getByRole('heading', { name: 'History' }).waitFor(WAIT)
    await page.getByRole('button', { name: 'Revert to version 2' }).click()
    await page.getByLabel('Reason (required)').fill('back to the first cut')
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click()
    await page.getByText(/version 4/).first().waitFor(WAIT)
    expect((await api('GET', '/admin/feature-flags/pro_checkout')).body).toMatchObject({ version: 4, enabled: false })
    await page.locator('table.diff').waitFor(WAIT)
    await auditAndShoot(page, 'flag-history')

    await api('POST', '/admin/segments', { key: 'staff', name: 'Staff', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] }] })
    await open(page, 'Audit log')
    await page.getByRole('button', { name: 'Show diff' }).first().click()
    await page.locator('table.diff').waitFor(WAIT)
    await auditAndShoot(page, 'audit')
    await open(page, 'Segments')
    await page.getByRole('cell', { name: 'Staff', exact: true }).waitFor(WAIT)
    await auditAndShoot(page, 'segments')
    await open(page, 'Tokens')
    await page.getByRole('cell', { name: 'ledger-app', exact: true }).waitFor(WAIT)
    await page.getByLabel('Name').fill('ci-bot')
    await page.getByRole('button', { name: 'Create token' }).click()
    await page.getByTestId('secret').waitFor(WAIT)
    expect(await page.getByTestId('secret').textContent()).toMatch(/^sluice_sdk_/)
    await auditAndShoot(page, 'tokens')
  })

  it('gives a viewer no write controls', async () => {
    const viewer = (await api('POST', '/admin/api-tokens', { name: 'pm', role: 'viewer' })).body.token as string
    const context = await browser.newContext()
    const viewerPage = await context.newPage()
    try {
      await signIn(viewerPage, viewer)
      await viewerPage.locator('[data-key="pro_checkout"]').waitFor(WAIT)
      expect(await viewerPage.getByRole('button', { name: 'New flag' }).count()).toBe(0)
      expect(await viewerPage.getByRole('button', { name: /^Turn (on|off)/ }).count()).toBe(0)
      await viewerPage.goto(`${service.url}/flags/pro_checkout`)
      await viewerPage.getByRole('heading', { name: 'Who gets it?' }).waitFor(WAIT)
      expect(await viewerPage.getByRole('button', { name: /Edit|Roll back now|Revert/ }).count()).toBe(0)
      // And the service refuses a write a viewer tries anyway.
      expect((await api('PUT', '/admin/feature-flags/pro_checkout', { enabled: false }, viewer)).status).toBe(403)
    } finally {
      await context.close()
    }
  })
})
