/**
 * Request faults through real apps: the same cases on Fastify (inject) and Express (loopback
 * HTTP), with rules set on the offline test double in a process armed for chaos.
 */
import { performance } from 'node:perf_hooks'
import { beforeEach, describe, expect, it } from 'vitest'
import { chaosRuleOf } from './chaos-errors.js'
import type { ChaosEngine } from './chaos.js'
import { armChaosEnvironment, expressApp, fastifyApp, listen } from './test-support/apps.js'
import { until } from './test-support/fake-control-plane.js'
import { track } from './test-support/harness.js'
import { seededRandom } from './test-support/random.js'
import { type ChaosRuleInput, createOfflineClient, type OfflineClient } from './testing.js'

interface Answer {
  status: number
  body: Record<string, unknown>
  chaos: string | undefined
  ms: number
}

type Send = (method: string, url: string, options?: { signal?: AbortSignal }) => Promise<Answer>

interface AppUnderTest {
  send: Send
  /** Route handler runs, by path. */
  ran: string[]
}

/** The same routes on both frameworks: each returns `{ ran }`; /db runs a wrapped query and answers 500 with its error. */
function routesFor(client: OfflineClient, ran: string[]) {
  const query = client.chaos.wrap('database', async (sql: string) => [{ sql }])
  const get = client.chaos.wrap('redis', (key: string) => `value of ${key}`)
  return {
    async handle(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
      ran.push(path)
      if (path !== '/db') return { status: 200, body: { ran: path } }
      try {
        const rows = await query('select 1')
        return { status: 200, body: { rows, cached: get('k') } }
      } catch (error) {
        return { status: 500, body: { failed: (error as Error).message, code: (error as { code?: string }).code, rule: chaosRuleOf(error) } }
      }
    },
  }
}

const PATHS = ['/pay', '/health', '/db', '/api/v1/orders/:id', '/api/v1/orders/:id/items']

const frameworks: Record<string, (client: OfflineClient) => Promise<AppUnderTest>> = {
  async fastify(client) {
    const ran: string[] = []
    const routes = routesFor(client, ran)
    const app = fastifyApp()
    await app.register(client.fastify())
    for (const path of PATHS) {
      app.route({
        method: ['GET', 'POST'],
        url: path,
        handler: async (request, reply) => {
          const { status, body } = await routes.handle(request.url.split('?')[0]!.replace(/\/\d+/, '/:id'))
          return reply.code(status).send(body)
        },
      })
    }
    await app.ready()
    return {
      ran,
      async send(method, url) {
        const started = performance.now()
        const response = await app.inject({ method: method as 'GET', url })
        const chaos = response.headers['x-sluice-chaos']
        return { status: response.statusCode, body: response.json(), chaos: chaos === undefined ? undefined : String(chaos), ms: performance.now() - started }
      },
    }
  },
  async express(client) {
    const ran: string[] = []
    const routes = routesFor(client, ran)
    const app = expressApp()
    app.use(client.express())
    for (const path of PATHS) {
      app.all(path, async (req, res) => {
        const { status, body } = await routes.handle(req.path.replace(/\/\d+/, '/:id'))
        res.status(status).json(body)
      })
    }
    const base = await listen(app)
    return {
      ran,
      async send(method, url, options = {}) {
        const started = performance.now()
        const response = await fetch(`${base}${url}`, { method, signal: options.signal })
        const body = (await response.json()) as Record<string, unknown>
        return { status: response.status, body, chaos: response.headers.get('x-sluice-chaos') ?? undefined, ms: performance.now() - started }
      },
    }
  },
}

function armedClient(rules: ChaosRuleInput[], random = seededRandom(7)): OfflineClient {
  return track(createOfflineClient({ chaosRules: rules, logger: {}, chaos: { random } }))
}

function engineOf(client: OfflineClient): ChaosEngine {
  return (client as unknown as { chaosEngine: ChaosEngine }).chaosEngine
}

describe.each(Object.keys(frameworks))('chaos through %s', (name) => {
  const start = frameworks[name]!
  beforeEach(() => armChaosEnvironment())

  it('delays a matching request by latencyMs, then lets it through', async () => {
    const client = armedClient([{ id: 'slow', type: 'latency', target: '/pay', config: { latencyMs: 80 } }])
    const app = await start(client)
    const slow = await app.send('GET', '/pay')
    expect(slow).toMatchObject({ status: 200, body: { ran: '/pay' }, chaos: undefined })
    expect(slow.ms).toBeGreaterThanOrEqual(75)
    expect((await app.send('GET', '/health')).ms).toBeLessThan(75)
    expect(client.stats().chaosInjected).toEqual({ slow: 1 })
  })

  it('answers an error rule’s status in the error shape, with the rule in x-sluice-chaos, without running the route', async () => {
    const client = armedClient([{ id: 'shed', type: 'error', target: '/pay', config: { statusCode: 503, message: 'load shed' } }])
    const app = await start(client)
    expect(await app.send('POST', '/pay')).toMatchObject({
      status: 503,
      body: { statusCode: 503, error: 'Service Unavailable', message: 'load shed' },
      chaos: 'shed',
    })
    expect(app.ran).toEqual([])
    expect(client.stats().chaosInjected).toEqual({ shed: 1 })
  })

  it('holds a request for timeoutMs, then answers 504 without running the route', async () => {
    const client = armedClient([{ id: 'hang', type: 'timeout', config: { timeoutMs: 60 } }])
    const app = await start(client)
    const answer = await app.send('GET', '/pay')
    expect(answer).toMatchObject({ status: 504, chaos: 'hang', body: { statusCode: 504, error: 'Gateway Timeout' } })
    expect(answer.body.message).toMatch(/no answer within 60 ms/)
    expect(answer.ms).toBeGreaterThanOrEqual(55)
    expect(app.ran).toEqual([])
  })

  it('matches targets by exact path, glob and method, ignoring the query string', async () => {
    const client = armedClient([
      { id: 'exact', type: 'error', target: 'POST /pay', config: { statusCode: 502 } },
      { id: 'glob', type: 'error', target: '/api/v1/orders/*', config: { statusCode: 503 } },
    ])
    const app = await start(client)
    expect((await app.send('POST', '/pay?amount=5')).chaos).toBe('exact')
    expect((await app.send('GET', '/pay')).status).toBe(200)
    expect((await app.send('GET', '/api/v1/orders/42?x=1')).chaos).toBe('glob')
    expect((await app.send('GET', '/api/v1/orders/42/items')).status).toBe(200)
    expect((await app.send('GET', '/health')).status).toBe(200)
  })

  it('applies matching rules in rule-id order and stops at the first that answers', async () => {
    const client = armedClient([
      { id: 'c-error', type: 'error', config: { statusCode: 503 } },
      { id: 'a-latency', type: 'latency', config: { latencyMs: 30 } },
      { id: 'b-error', type: 'error', config: { statusCode: 502 } },
    ])
    const app = await start(client)
    const answer = await app.send('GET', '/pay')
    expect(answer).toMatchObject({ status: 502, chaos: 'b-error' })
    expect(answer.ms).toBeGreaterThanOrEqual(25)
    expect(client.stats().chaosInjected).toEqual({ 'a-latency': 1, 'b-error': 1 })
  })

  it('never fires at probability 0 and always at 100', async () => {
    const client = armedClient([
      { id: 'never', type: 'error', probability: 0, target: '/pay', config: { statusCode: 500 } },
      { id: 'always', type: 'error', probability: 100, target: '/health', config: { statusCode: 500 } },
    ])
    const app = await start(client)
    for (let i = 0; i < 25; i++) {
      expect((await app.send('GET', '/pay')).status).toBe(200)
      expect((await app.send('GET', '/health')).chaos).toBe('always')
    }
  })

  it('random_failure picks one of its kinds per hit; a database kind fails the request’s wrapped calls', async () => {
    const client = armedClient([{ id: 'any', type: 'random_failure', target: '/db', config: { kinds: ['error', 'database_failure'], code: 'ECONNREFUSED' } }])
    const app = await start(client)
    const answers = []
    for (let i = 0; i < 40; i++) answers.push(await app.send('GET', '/db'))
    const injectedErrors = answers.filter((a) => a.chaos === 'any')
    const failedQueries = answers.filter((a) => a.body.code === 'ECONNREFUSED')
    expect(injectedErrors.length + failedQueries.length).toBe(40)
    expect(injectedErrors.length).toBeGreaterThan(5)
    expect(failedQueries.length).toBeGreaterThan(5)
    expect(failedQueries[0]!.body).toEqual({ failed: 'connect ECONNREFUSED', code: 'ECONNREFUSED', rule: 'any' })
    // Only the drawn kind fails: the route's Redis call was not touched.
    expect(client.stats().chaosInjected).toEqual({ any: 40 })
  })

  it('releases a held request at once when its rule is halted', async () => {
    const client = armedClient([{ id: 'slow', type: 'latency', config: { latencyMs: 20_000 } }])
    const app = await start(client)
    const pending = app.send('GET', '/pay')
    await new Promise((resolve) => setTimeout(resolve, 50))
    client.testing.setChaosRule({ id: 'slow', type: 'latency', enabled: false, config: { latencyMs: 20_000 } })
    const answer = await pending
    expect(answer.status).toBe(200)
    expect(answer.ms).toBeLessThan(5_000)
    expect((await app.send('GET', '/pay')).ms).toBeLessThan(1_000)
  })
})

describe('chaos through fastify, whatever the registration order', () => {
  beforeEach(() => armChaosEnvironment())

  it.each([
    ['added while a registration that was not awaited is pending', 'after'],
    ['declared before the plugin', 'before'],
  ] as const)('applies to a route %s', async (_case, order) => {
    const client = armedClient([{ id: 'shed', type: 'error', target: '/pay', config: { statusCode: 503 } }])
    const app = fastifyApp()
    const route = () => app.get('/pay', async () => 'ok')
    if (order === 'before') route()
    void app.register(client.fastify())
    if (order === 'after') route()
    const answer = await app.inject('/pay')
    expect(answer.statusCode).toBe(503)
    expect(answer.headers['x-sluice-chaos']).toBe('shed')
  })
})

describe('chaos holds', () => {
  beforeEach(() => armChaosEnvironment())

  it('stop holding a request whose client went away', async () => {
    const client = armedClient([{ id: 'hang', type: 'timeout', config: { timeoutMs: 20_000 } }])
    const app = await frameworks.express!(client)
    const controller = new AbortController()
    const pending = app.send('GET', '/pay', { signal: controller.signal }).catch((error: Error) => error)
    const holds = (engineOf(client) as unknown as { holds: Set<unknown> }).holds
    await until(() => holds.size === 1, 3000, 'the hold')
    controller.abort()
    expect(await pending).toBeInstanceOf(Error)
    await until(() => holds.size === 0, 3000, 'the hold to end')
    expect(app.ran).toEqual([])
  })
})

describe('chaos probability', () => {
  beforeEach(() => armChaosEnvironment())

  it('fires a 30% rule on about 30% of requests with a seeded random source, and exactly as often again with the same seed', async () => {
    const counts: number[] = []
    for (let run = 0; run < 2; run++) {
      const client = armedClient([{ id: 'thirty', type: 'error', probability: 30, config: { statusCode: 500 } }], seededRandom(2024))
      const app = await frameworks.fastify!(client)
      let fired = 0
      for (let i = 0; i < 2000; i++) if ((await app.send('GET', '/pay')).chaos === 'thirty') fired++
      counts.push(fired)
    }
    // Binomial(2000, 0.3): sd ≈ 20.5; five of them either side.
    expect(Math.abs(counts[0]! - 600)).toBeLessThan(103)
    expect(counts[1]).toBe(counts[0])
  })
})
