/**
 * Recording canary outcomes: recordRequest, track, and the Fastify and Express middleware,
 * checked through the offline client's `takeOutcomes()` (the reporter has its own tests).
 */
import { describe, expect, it } from 'vitest'
import type { RequestFlags } from './express.js'
import { expressApp, fastifyApp, listen } from './test-support/apps.js'
import { canary } from './test-support/fake-control-plane.js'
import { track } from './test-support/harness.js'
import { createOfflineClient, type OfflineClientOptions } from './testing.js'

function sluiceWith(options: OfflineClientOptions) {
  return track(createOfflineClient(options))
}

function sides(items: ReturnType<ReturnType<typeof sluiceWith>['testing']['takeOutcomes']>) {
  return Object.fromEntries(items.map((item) => [item.side, { requests: item.requests, errors: item.errors }]))
}

describe('client.recordRequest()', () => {
  it('attributes each outcome to the side the context falls on: about half of the users at 50%', () => {
    const sluice = sluiceWith({ flags: { pay: { percentage: 50 } }, canaries: [canary('pay')] })
    let on = 0
    for (let i = 0; i < 4000; i++) {
      const context = { userId: `user-${i}` }
      if (sluice.isEnabled('pay', context)) on++
      sluice.recordRequest('pay', context, { success: true, latencyMs: 1 })
    }
    const items = sluice.testing.takeOutcomes()
    const canarySide = items.find((item) => item.side === 'canary')!
    const baseline = items.find((item) => item.side === 'baseline')!
    expect(canarySide.requests).toBe(on)
    expect(baseline.requests).toBe(4000 - on)
    // Binomial(4000, 0.5): five standard deviations is ±158.
    expect(Math.abs(on - 2000)).toBeLessThan(158)
    expect(canarySide.canaryId).toBe('canary-pay')
  })

  it('drops outcomes of flags without an active canary at the door', () => {
    const sluice = sluiceWith({
      flags: { pay: true, done: true },
      canaries: [canary('done', { status: 'completed' })],
    })
    sluice.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    sluice.recordRequest('done', {}, { success: true, latencyMs: 1 })
    sluice.recordRequest('unknown', {}, { success: true, latencyMs: 1 })
    expect(sluice.testing.takeOutcomes()).toEqual([])
    expect(sluice.stats().outcomesPending).toBe(0)
  })

  it('follows canaries as they start and end', () => {
    const sluice = sluiceWith({ flags: { pay: true } })
    sluice.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    sluice.testing.setCanary(canary('pay'))
    sluice.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    sluice.testing.setCanary(canary('pay', { status: 'rolled_back' }))
    sluice.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    expect(sluice.testing.takeOutcomes().map((item) => item.requests)).toEqual([1])
  })

  it('never throws, and counts unusable outcomes instead', () => {
    const sluice = sluiceWith({ flags: { pay: true }, canaries: [canary('pay')], logger: {} })
    const bad: unknown[] = [undefined, null, {}, { success: 'yes', latencyMs: 1 }, { success: true, latencyMs: -1 }, { success: true, latencyMs: Number.NaN }, { success: true, latencyMs: '5' }]
    for (const outcome of bad) expect(() => sluice.recordRequest('pay', {}, outcome as never)).not.toThrow()
    expect(() => sluice.recordRequest('pay', null as never, { success: true, latencyMs: 0 })).not.toThrow()
    expect(sluice.stats()).toMatchObject({ outcomesInvalid: bad.length, outcomesPending: 1 })
  })
})

describe('client.track()', () => {
  it('runs the handler with the evaluation, returns its result and records success with the time it took', async () => {
    const sluice = sluiceWith({ flags: { pay: true }, canaries: [canary('pay')] })
    const result = await sluice.track('pay', { userId: 'u1' }, async (enabled) => {
      await new Promise((resolve) => setTimeout(resolve, 30))
      return enabled ? 'new' : 'old'
    })
    expect(result).toBe('new')
    const [item] = sluice.testing.takeOutcomes()
    expect(item).toMatchObject({ side: 'canary', requests: 1, errors: 0 })
    expect(item!.latencyMsSum).toBeGreaterThanOrEqual(25)
  })

  it('records an error and rethrows when the handler throws or rejects', async () => {
    const sluice = sluiceWith({ flags: { pay: false }, canaries: [canary('pay')] })
    const boom = new Error('boom')
    await expect(sluice.track('pay', {}, () => Promise.reject(boom))).rejects.toBe(boom)
    await expect(
      sluice.track('pay', {}, () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await sluice.track('pay', {}, (enabled) => enabled)).toBe(false)
    expect(sides(sluice.testing.takeOutcomes())).toEqual({ baseline: { requests: 3, errors: 2 } })
  })
})

describe('outcomes from the Fastify plugin', () => {
  it('records the guarded route’s requests on the canary side, 5xx as errors, and not the 404s of users the guard turned away', async () => {
    const sluice = sluiceWith({ flags: { pay: { userIds: ['in'] } }, canaries: [canary('pay')] })
    const app = fastifyApp()
    await app.register(sluice.fastify())
    app.get('/pay', { config: { featureFlag: 'pay' } }, async (request, reply) => {
      const { fail } = request.query as { fail?: string }
      if (fail === 'throw') throw new Error('handler failed')
      if (fail === '503') return reply.code(503).send({ down: true })
      if (fail === '400') return reply.code(400).send({ bad: true })
      return { paid: true }
    })
    app.get('/open', async () => 'ok')
    const inside = { 'x-user-id': 'in' }
    for (const url of ['/pay', '/pay', '/pay?fail=400', '/pay?fail=throw', '/pay?fail=503']) {
      await app.inject({ url, headers: inside })
    }
    expect((await app.inject({ url: '/pay', headers: { 'x-user-id': 'out' } })).statusCode).toBe(404)
    await app.inject('/open')

    const [item] = sluice.testing.takeOutcomes()
    expect(item).toMatchObject({ flagKey: 'pay', side: 'canary', requests: 5, errors: 2 })
    expect(sluice.testing.takeOutcomes()).toEqual([])
  })

  it.each([
    ['added while a registration that was not awaited is pending', 'after'],
    ['declared before the plugin', 'before'],
  ] as const)('records the outcomes of a guarded route %s', async (_case, order) => {
    const sluice = sluiceWith({ flags: { pay: { userIds: ['in'] } }, canaries: [canary('pay')] })
    const app = fastifyApp()
    const route = () => app.get('/pay', { config: { featureFlag: 'pay' } }, async () => 'ok')
    if (order === 'before') route()
    void app.register(sluice.fastify())
    if (order === 'after') route()
    expect((await app.inject({ url: '/pay', headers: { 'x-user-id': 'in' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/pay', headers: { 'x-user-id': 'out' } })).statusCode).toBe(404)
    expect(sides(sluice.testing.takeOutcomes())).toEqual({ canary: { requests: 1, errors: 0 } })
  })

  it('takes the latency from Fastify’s own clock', async () => {
    const sluice = sluiceWith({ flags: { pay: true }, canaries: [canary('pay')] })
    const app = fastifyApp()
    await app.register(sluice.fastify())
    app.get('/pay', { config: { featureFlag: 'pay' } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 40))
      return 'ok'
    })
    await app.inject('/pay')
    expect(sluice.testing.takeOutcomes()[0]!.latencyMsSum).toBeGreaterThanOrEqual(35)
  })

  it('keeps the route’s own onResponse hooks', async () => {
    const sluice = sluiceWith({ flags: { pay: true }, canaries: [canary('pay')] })
    const app = fastifyApp()
    await app.register(sluice.fastify())
    const seen: string[] = []
    app.get('/pay', { config: { featureFlag: 'pay' }, onResponse: async () => void seen.push('own') }, async () => 'ok')
    await app.inject('/pay')
    expect(seen).toEqual(['own'])
    expect(sluice.testing.takeOutcomes()).toHaveLength(1)
  })
})

describe('outcomes from Express', () => {
  it('records requests that passed requireFlag when the response finishes, 5xx as errors', async () => {
    const sluice = sluiceWith({ flags: { pay: { userIds: ['in'] } }, canaries: [canary('pay')] })
    const app = expressApp()
    app.get('/pay', sluice.requireFlag('pay'), (req, res) => {
      res.status(req.query.fail ? 500 : 200).send('done')
    })
    const url = await listen(app)
    const inside = { 'x-user-id': 'in' }
    await (await fetch(`${url}/pay`, { headers: inside })).text()
    await (await fetch(`${url}/pay?fail=1`, { headers: inside })).text()
    expect((await fetch(`${url}/pay`, { headers: { 'x-user-id': 'out' } })).status).toBe(404)
    expect(sides(sluice.testing.takeOutcomes())).toEqual({ canary: { requests: 2, errors: 1 } })
  })

  it('records both sides of a flag the handler measured, timed from client.express()', async () => {
    const sluice = sluiceWith({ flags: { pay: { userIds: ['in'] } }, canaries: [canary('pay')] })
    const app = expressApp()
    app.use(sluice.express())
    app.get('/checkout', async (req, res) => {
      const flags = (req as unknown as { sluice: RequestFlags }).sluice
      const newFlow = flags.measure('pay')
      // A second look answers the same and does not count twice.
      expect(flags.measure('pay')).toBe(newFlow)
      await new Promise((resolve) => setTimeout(resolve, 20))
      res.status(newFlow ? 502 : 200).send(newFlow ? 'new' : 'old')
    })
    const url = await listen(app)
    for (const user of ['in', 'in', 'out', 'out', 'out']) await (await fetch(`${url}/checkout`, { headers: { 'x-user-id': user } })).text()
    const items = sluice.testing.takeOutcomes()
    expect(sides(items)).toEqual({ canary: { requests: 2, errors: 2 }, baseline: { requests: 3, errors: 0 } })
    expect(items.every((item) => item.latencyMsSum >= 15 * item.requests)).toBe(true)
  })

  it('adds nothing to a response when the flag has no active canary', async () => {
    const sluice = sluiceWith({ flags: { pay: true } })
    const app = expressApp()
    let listeners = -1
    app.get('/pay', sluice.requireFlag('pay'), (_req, res) => {
      listeners = res.listenerCount('finish')
      res.send('ok')
    })
    const url = await listen(app)
    await (await fetch(`${url}/pay`)).text()
    const baseline = listeners
    sluice.testing.setCanary(canary('pay'))
    await (await fetch(`${url}/pay`)).text()
    expect(listeners).toBe(baseline + 1)
  })
})
