/**
 * Client-side evaluation in headless Chromium (Debian's, never a downloaded one) against the
 * built control plane, from a page served by another origin listed in CORS_ORIGINS:
 *   - the official @openfeature/ofrep-web-provider with @openfeature/web-sdk gets the answers
 *     @sluice/core gives, and a live change;
 *   - @sluice/web paints from its localStorage cache, follows a live change, and its canary
 *     outcomes (JS errors on the canary side) make the service roll the canary back, which
 *     the page then sees.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluate, type Flag } from '@sluice/core'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminCall } from './support/admin-api.js'
import { freePort, startService, type ServiceProcess } from './support/service-process.js'

const ADMIN_TOKEN = 'sluice_admin_web_e2e_0123456789abcdef'
const WAIT = { timeout: 15_000 }

let service: ServiceProcess
let pages: Server
let origin: string
let browser: Browser
let page: Page
let dataDir: string
let clientKey: string

const admin = <T = unknown>(method: string, route: string, body?: unknown) => adminCall<T>(service.url, ADMIN_TOKEN, method, route, body)

const createFlag = (flag: Record<string, unknown>) => admin<Flag>('POST', '/admin/feature-flags', { name: String(flag.key), ...flag })

/** A browser bundle of `contents` (resolved from tests/), as a page's bundler would make it. */
async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  })
  return result.outputFiles[0]!.text
}

/** The shop's page: it loads both bundles and hands them to the test on `window`. */
const PAGE = `<!doctype html><title>shop</title><h1>shop</h1><script type="module">
import * as sluiceWeb from '/sluice-web.js'
import * as openFeature from '/openfeature.js'
Object.assign(window, { sluiceWeb, openFeature, loaded: true })
</script>`

/** @sluice/web as the page uses it (its sources are type-checked by its own DOM build, not here). */
interface WebClientLike {
  source: string
  ready(): Promise<void>
  isEnabled(flagKey: string): boolean
  recordOutcome(flagKey: string, outcome: { success: boolean; latencyMs?: number }): void
  on(event: 'change', listener: () => void): void
  close(): void
}

/** What the page exposes to page.evaluate. */
type Loaded = typeof globalThis & {
  sluiceWeb: { createWebClient(options: object): WebClientLike }
  openFeature: {
    OpenFeature: typeof import('@openfeature/web-sdk').OpenFeature
    OFREPWebProvider: typeof import('@openfeature/ofrep-web-provider').OFREPWebProvider
    SluiceWebProvider: new (options: { url: string; clientKey: string }) => import('@openfeature/web-sdk').Provider
  }
} & Record<string, unknown>

/** The test origin: the page, and the two bundles it imports. */
async function servePages(): Promise<string> {
  const scripts: Record<string, string> = {
    '/sluice-web.js': await bundle(`export * from '../sdks/web/src/index.ts'`),
    '/openfeature.js': await bundle(
      `export { OpenFeature } from '@openfeature/web-sdk'; export { OFREPWebProvider } from '@openfeature/ofrep-web-provider'; export { SluiceWebProvider } from '../sdks/web/src/openfeature.ts'`,
    ),
  }
  pages = createServer((req, res) => {
    const script = scripts[req.url ?? '']
    if (script !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
  })
  const port = await freePort()
  await new Promise<void>((resolve) => pages.listen(port, '127.0.0.1', resolve))
  return `http://127.0.0.1:${port}`
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-web-'))
  origin = await servePages()
  service = await startService({ DATA_DIR: dataDir, ADMIN_TOKEN, CORS_ORIGINS: origin, CLIENT_RATE_LIMIT: '6000' }, { timeoutMs: 120_000 })
  clientKey = (await admin<{ token: string }>('POST', '/admin/api-tokens', { name: 'shop', role: 'client' })).token
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await (await browser.newContext()).newPage()
  await loadPage()
}, 180_000)

async function loadPage(): Promise<void> {
  await page.goto(origin)
  await page.waitForFunction(() => (globalThis as Loaded).loaded === true, null, WAIT)
}

afterAll(async () => {
  await browser?.close()
  await service?.stop()
  pages?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the official OFREP web provider in Chromium', () => {
  it('evaluates Sluice flags as @sluice/core does, across origins, and follows a live change', async () => {
    const flags = [
      await createFlag({ key: 'of_switch', type: 'boolean', enabled: true }),
      await createFlag({ key: 'of_rollout', type: 'percentage', enabled: true, percentage: 40 }),
      await createFlag({ key: 'of_pro', type: 'rules', enabled: true, rules: [{ constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }] }),
      await createFlag({ key: 'of_theme', type: 'boolean', enabled: true, variants: [{ key: 'dark', weight: 1, payload: { background: '#111' } }] }),
    ]
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`)
    const seen = await page.evaluate(
      async ({ url, key, users }) => {
        const { OpenFeature, OFREPWebProvider } = (globalThis as Loaded).openFeature
        await OpenFeature.setContext({ targetingKey: users[0]!, plan: 'pro' })
        await OpenFeature.setProviderAndWait(new OFREPWebProvider({ baseUrl: url, headers: [['Authorization', `Bearer ${key}`]], pollInterval: 200 }))
        const client = OpenFeature.getClient()
        const answers: Record<string, unknown>[] = []
        for (const user of users) {
          await OpenFeature.setContext({ targetingKey: user, plan: 'pro' })
          answers.push({
            of_switch: client.getBooleanValue('of_switch', false),
            of_rollout: client.getBooleanValue('of_rollout', false),
            of_pro: client.getBooleanValue('of_pro', false),
            of_theme: client.getObjectValue('of_theme', {}),
          })
        }
        ;(globalThis as Record<string, unknown>).ofClient = client
        return answers
      },
      { url: service.url, key: clientKey, users },
    )
    users.forEach((userId, i) => {
      const core = { userId, attributes: { plan: 'pro' } }
      expect(seen[i], userId).toEqual({
        of_switch: evaluate(flags[0]!, core).enabled,
        of_rollout: evaluate(flags[1]!, core).enabled,
        of_pro: evaluate(flags[2]!, core).enabled,
        of_theme: evaluate(flags[3]!, core).variant!.payload,
      })
    })

    await admin('PUT', '/admin/feature-flags/of_switch', { enabled: false })
    await page.waitForFunction(() => ((globalThis as Record<string, unknown>).ofClient as { getBooleanValue(k: string, d: boolean): boolean }).getBooleanValue('of_switch', true) === false, null, WAIT)
  })
})

describe('@sluice/web in Chromium', () => {
  it("answers through its OpenFeature provider, and a live change reaches OpenFeature's client", async () => {
    const pro = await createFlag({ key: 'sw_pro', type: 'rules', enabled: true, rules: [{ constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }] })
    await createFlag({ key: 'sw_copy', type: 'boolean', enabled: true, variants: [{ key: 'short', weight: 1 }] })
    const seen = await page.evaluate(
      async ({ url, clientKey }) => {
        const { OpenFeature, SluiceWebProvider } = (globalThis as Loaded).openFeature
        await OpenFeature.setContext('sluice', { targetingKey: 'user-1', plan: 'pro' })
        await OpenFeature.setProviderAndWait('sluice', new SluiceWebProvider({ url, clientKey }))
        const client = OpenFeature.getClient('sluice')
        ;(globalThis as Record<string, unknown>).sluiceOf = client
        return { pro: client.getBooleanValue('sw_pro', false), copy: client.getStringValue('sw_copy', 'none'), mismatch: client.getBooleanDetails('sw_copy', false).errorCode }
      },
      { url: service.url, clientKey },
    )
    expect(seen).toEqual({ pro: evaluate(pro, { userId: 'user-1', attributes: { plan: 'pro' } }).enabled, copy: 'short', mismatch: 'TYPE_MISMATCH' })
    await admin('PUT', '/admin/feature-flags/sw_pro', { enabled: false })
    await page.waitForFunction(() => ((globalThis as Record<string, unknown>).sluiceOf as { getBooleanValue(k: string, d: boolean): boolean }).getBooleanValue('sw_pro', true) === false, null, WAIT)
  })

  it('paints from its cache on the next load, then follows a live change', async () => {
    // A fresh page: the previous test's client, still live, would refresh on this test's changes and
    // overwrite the cache with answers for its own context (one cache entry per url and client key).
    await loadPage()
    await createFlag({ key: 'new_header', type: 'boolean', enabled: true })
    const options = { url: service.url, clientKey, context: { userId: 'user-1' } }
    const first = await page.evaluate(async (options) => {
      const { createWebClient } = (globalThis as Loaded).sluiceWeb
      const client = createWebClient(options)
      const before = client.source
      await client.ready()
      client.close()
      return { before, after: client.source, enabled: client.isEnabled('new_header') }
    }, options)
    expect(first).toEqual({ before: 'none', after: 'service', enabled: true })

    await loadPage()
    const painted = await page.evaluate(async (options) => {
      const { createWebClient } = (globalThis as Loaded).sluiceWeb
      const client = createWebClient(options)
      // Synchronously, before any answer from the network: what the first paint shows.
      const firstPaint = { source: client.source, enabled: client.isEnabled('new_header') }
      const g = globalThis as Record<string, unknown>
      g.sluice = client
      g.changes = 0
      client.on('change', () => {
        g.changes = (g.changes as number) + 1
        g.changedAt = performance.now()
      })
      await client.ready()
      return firstPaint
    }, options)
    expect(painted).toEqual({ source: 'cache', enabled: true })

    const changedAt = Date.now()
    await admin('PUT', '/admin/feature-flags/new_header', { enabled: false })
    await page.waitForFunction(() => !((globalThis as Record<string, unknown>).sluice as { isEnabled(k: string): boolean }).isEnabled('new_header'), null, WAIT)
    console.info(`@sluice/web saw the admin change ${Date.now() - changedAt} ms after the PUT was sent`)
  })

  it("rolls a canary back on the browser's outcomes, and the page sees the flag go off", async () => {
    await createFlag({ key: 'checkout_redesign', type: 'percentage', enabled: false })
    await admin('POST', '/admin/canary-deployments', { featureKey: 'checkout_redesign', version: 'v2', initialPercentage: 50, minSampleSize: 50, rollbackThreshold: 5, latencyGuard: null })
    const flag = await admin<Flag>('GET', '/admin/feature-flags/checkout_redesign')
    const users = Array.from({ length: 200 }, (_, i) => `shopper-${i}`)
    const onCanary = users.find((userId) => evaluate(flag, { userId }).enabled)!
    const onBaseline = users.find((userId) => !evaluate(flag, { userId }).enabled)!

    await page.evaluate(
      async ({ url, clientKey, onCanary, onBaseline }) => {
        const { createWebClient } = (globalThis as Loaded).sluiceWeb
        const canary = createWebClient({ url, clientKey, context: { userId: onCanary }, storage: null, flushIntervalMs: 200 })
        const baseline = createWebClient({ url, clientKey, context: { userId: onBaseline }, storage: null, flushIntervalMs: 200 })
        await Promise.all([canary.ready(), baseline.ready()])
        if (!canary.isEnabled('checkout_redesign') || baseline.isEnabled('checkout_redesign')) throw new Error('the users are not on the sides expected')
        // What a page reports: each checkout view, failed when it threw.
        for (let i = 0; i < 100; i++) canary.recordOutcome('checkout_redesign', { success: i % 4 !== 0, latencyMs: 120 })
        for (let i = 0; i < 1000; i++) baseline.recordOutcome('checkout_redesign', { success: i % 100 !== 0, latencyMs: 100 })
        ;(globalThis as Record<string, unknown>).canaryClient = canary
      },
      { url: service.url, clientKey, onCanary, onBaseline },
    )

    await expect.poll(async () => (await admin<{ status: string }>('GET', '/admin/canary-deployments/checkout_redesign')).status, WAIT).toBe('rolled_back')
    const [rollback] = await admin<Array<{ actor: string; reason: string }>>('GET', '/admin/rollbacks?targetKey=checkout_redesign')
    expect(rollback).toMatchObject({ actor: 'system' })
    await page.waitForFunction(() => !((globalThis as Record<string, unknown>).canaryClient as { isEnabled(k: string): boolean }).isEnabled('checkout_redesign'), null, WAIT)
  })
})
