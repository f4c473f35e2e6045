/**
 * Chaos rules as they come from the control plane: armed from the stream, stopped by its
 * events or by their own expiry, disarmed by the dead-man switch when the control plane goes
 * silent, never armed from bootstrap state, and counted back in the outcome flush.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_DEAD_MAN_MS } from './chaos-options.js'
import { createClient } from './client.js'
import { type ClientOptions, DEFAULTS } from './options.js'
import { armChaosEnvironment, fastifyApp } from './test-support/apps.js'
import { canary, chaosRule, flag, sendJson, until } from './test-support/fake-control-plane.js'
import { connect, deadUrl, startFake, track } from './test-support/harness.js'

const failing = chaosRule('boom', { type: 'error', config: { statusCode: 503, message: 'injected' } })
const dbDown = chaosRule('db-down', { type: 'database_failure', config: { code: 'ECONNRESET' } })

async function appFor(client: { fastify: () => ReturnType<ReturnType<typeof createClient>['fastify']> }) {
  const app = fastifyApp()
  await app.register(client.fastify())
  app.get('/pay', async () => ({ paid: true }))
  await app.ready()
  return { status: async () => (await app.inject('/pay')).statusCode }
}

describe('chaos rules from the stream', () => {
  beforeEach(() => armChaosEnvironment())

  it('injects while a rule is enabled and stops at once when an event halts or deletes it', async () => {
    const fake = await startFake({ chaosRules: [failing, dbDown] })
    const { client } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    const query = client.chaos.wrap('database', () => 'rows')
    expect(await app.status()).toBe(503)
    expect(() => query()).toThrow()
    expect(client.chaos.active().map((rule) => rule.id)).toEqual(['boom', 'db-down'])

    fake.publish('chaos.upserted', { ...failing, enabled: false, disabledReason: 'halted', version: 2 })
    fake.publish('chaos.deleted', { id: 'db-down' })
    await until(() => client.chaos.active().length === 0, 2000, 'the halt')
    expect(await app.status()).toBe(200)
    expect(query()).toBe('rows')
  })

  it('stops a rule when its expiresAt passes, with no event from the server', async () => {
    const expiresAt = new Date(Date.now() + 300).toISOString()
    const fake = await startFake({ chaosRules: [{ ...failing, expiresAt }] })
    const { client } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    expect(await app.status()).toBe(503)
    await until(() => Date.now() > Date.parse(expiresAt) + 5, 2000, 'the expiry')
    expect(await app.status()).toBe(200)
    expect(client.chaos.active()).toEqual([])
    expect(fake.log).toEqual([])
  })

  it('disarms every rule when the control plane has been silent past the dead-man grace, and re-arms when it is back', async () => {
    const fake = await startFake({ chaosRules: [failing, dbDown], pingMs: 20 })
    const { client } = connect(fake.url, { chaos: { deadManMs: 400 } })
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    const query = client.chaos.wrap('database', () => 'rows')
    // Pings keep it armed well past the grace.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(client.chaos.armed).toBe(true)
    expect(await app.status()).toBe(503)

    const port = fake.port
    await fake.stop()
    await until(() => !client.chaos.armed, 3000, 'the dead-man switch')
    expect(client.chaos.reason).toMatch(/no contact with the control plane for .* s \(dead-man switch, 400 ms\)/)
    expect(await app.status()).toBe(200)
    expect(query()).toBe('rows')
    expect(client.chaos.active()).toEqual([])

    await fake.listen(port)
    await until(() => client.chaos.armed, 5000, 're-arming on reconnect')
    expect(await app.status()).toBe(503)
    expect(() => query()).toThrow()
  })

  it('stays armed while the stream is down and polled answers keep coming, at the default poll interval and grace', async () => {
    const fake = await startFake({ chaosRules: [failing] })
    fake.streamOverride = (_req, res) => sendJson(res, 503, { statusCode: 503 })
    fake.stateDelayMs = 40
    // The defaults, a hundred times faster.
    const { client } = connect(fake.url, { pollIntervalMs: DEFAULTS.pollIntervalMs / 100, chaos: { deadManMs: DEFAULT_DEAD_MAN_MS / 100 } })
    await client.ready({ timeoutMs: 2000 })
    const disarmed: string[] = []
    for (const until = Date.now() + 1500; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 5))) {
      if (!client.chaos.armed) disarmed.push(client.chaos.reason)
    }
    expect(disarmed).toEqual([])
    expect(fake.stateRequests().length).toBeGreaterThan(5)
    expect(fake.streams.size).toBe(0)
  })

  it('warns at start-up when the grace is under two poll intervals, which would disarm chaos between polls', async () => {
    const url = await deadUrl()
    const warnings = (options: Partial<ClientOptions>) =>
      connect(url, options).logger.lines.filter((l) => l.level === 'warn' && l.text.includes('pollIntervalMs'))
    expect(warnings({})).toEqual([])
    expect(warnings({ pollIntervalMs: 20_000 })).toEqual([
      {
        level: 'warn',
        text: 'chaos.deadManMs (30000 ms) is under twice pollIntervalMs (20000 ms): while the stream is down, chaos disarms between polls',
      },
    ])
  })

  it('disarms on a stream that stays open but goes silent (half-open), and re-arms on the next byte', async () => {
    const fake = await startFake({ chaosRules: [failing] })
    const { client } = connect(fake.url, { chaos: { deadManMs: 150 } })
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    await until(() => !client.chaos.armed, 2000, 'the dead-man switch')
    expect(fake.streams.size).toBe(1)
    expect(await app.status()).toBe(200)
    fake.broadcast(': ping\n\n')
    await until(() => client.chaos.armed, 2000, 'the ping')
    expect(await app.status()).toBe(503)
  })

  it('releases a held request when the dead-man switch trips', async () => {
    const slow = chaosRule('slow', { type: 'latency', config: { latencyMs: 30_000, jitterMs: 0 } })
    const fake = await startFake({ chaosRules: [slow], pingMs: 20 })
    const { client } = connect(fake.url, { chaos: { deadManMs: 200 } })
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    const started = Date.now()
    const pending = app.status()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await fake.stop()
    expect(await pending).toBe(200)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('never injects from bootstrap state, unless a test allows it', async () => {
    const url = await deadUrl()
    const bootstrap = { flags: [flag('pay')], chaosRules: [failing] }
    const cautious = track(createClient({ url, sdkKey: 'sdk_test_4f9c2e7b1a', bootstrap, logger: {} }))
    expect(await (await appFor(cautious)).status()).toBe(200)
    expect(cautious.chaos.reason).toBe('the rules come from bootstrap state, not from the control plane')

    const offline = track(createClient({ offline: true, bootstrap, logger: {} }))
    expect(await (await appFor(offline)).status()).toBe(200)

    const allowed = track(createClient({ offline: true, bootstrap, logger: {}, chaos: { allowOfflineRules: true } }))
    expect(await (await appFor(allowed)).status()).toBe(503)
  })

  it('reports injection counts with the outcome flush, even with no outcome items', async () => {
    const fake = await startFake({ flags: [flag('pay')], canaries: [canary('pay')], chaosRules: [failing, dbDown] })
    const { client } = connect(fake.url, { flushIntervalMs: 20 })
    await client.ready({ timeoutMs: 2000 })
    const app = await appFor(client)
    const query = client.chaos.wrap('database', () => 'rows')
    for (let i = 0; i < 3; i++) await app.status()
    for (let i = 0; i < 2; i++) expect(() => query()).toThrow()
    await until(() => fake.chaosTotals().boom === 3 && fake.chaosTotals()['db-down'] === 2, 3000, 'the counts')
    expect(fake.acceptedOutcomes.every((body) => Array.isArray(body.items))).toBe(true)
    expect(fake.acceptedOutcomes.find((body) => body.chaos !== undefined)).toMatchObject({ items: [] })
    expect(client.stats().chaosInjected).toEqual({ boom: 3, 'db-down': 2 })

    // Counted again later, each injection is reported once.
    await app.status()
    await until(() => fake.chaosTotals().boom === 4, 3000, 'the next count')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.chaosTotals()).toEqual({ boom: 4, 'db-down': 2 })
  })

  it('still delivers outcomes to a control plane that refuses the chaos field', async () => {
    const fake = await startFake({ flags: [flag('pay')], canaries: [canary('pay')], chaosRules: [dbDown], acceptChaos: false })
    const { client, logger } = connect(fake.url, { flushIntervalMs: 20 })
    await client.ready({ timeoutMs: 2000 })
    const query = client.chaos.wrap('database', () => 'rows')
    // Both synchronous: they land in the same flush.
    expect(() => query()).toThrow()
    client.recordRequest('pay', {}, { success: true, latencyMs: 3 })
    await until(() => client.stats().outcomesSent === 1, 3000, 'delivery')
    expect(fake.outcomeRequests.map((r) => [r.status, 'chaos' in (r.body as object)])).toEqual([
      [400, true],
      [202, false],
    ])
    expect(fake.outcomeTotals('pay', 'canary').requests).toBe(1)
    expect(logger.lines.some((l) => l.level === 'info' && l.text.includes('refused chaos injection counts'))).toBe(true)
    // Left out afterwards, not offered again every flush.
    expect(() => query()).toThrow()
    client.recordRequest('pay', {}, { success: true, latencyMs: 3 })
    await until(() => client.stats().outcomesSent === 2, 3000, 'the next delivery')
    expect(fake.outcomeRequests.map((r) => r.status)).toEqual([400, 202, 202])
    expect(client.stats().chaosInjected).toEqual({ 'db-down': 2 })
  })

  it('delivers injection counts to a control plane that takes them but refuses the latency sketch', async () => {
    const fake = await startFake({ flags: [flag('pay')], canaries: [canary('pay')], chaosRules: [dbDown], acceptSketch: false })
    const { client } = connect(fake.url, { flushIntervalMs: 20 })
    await client.ready({ timeoutMs: 2000 })
    const query = client.chaos.wrap('database', () => 'rows')
    // Both synchronous: they land in the same flush.
    expect(() => query()).toThrow()
    client.recordRequest('pay', {}, { success: true, latencyMs: 3 })
    await until(() => fake.chaosTotals()['db-down'] === 1, 3000, 'the count')
    expect(fake.outcomeRequests.map((r) => [r.status, 'chaos' in (r.body as object)])).toEqual([
      [400, true],
      [202, true],
    ])
    expect(fake.outcomeTotals('pay', 'canary').requests).toBe(1)
  })
})
