/** chaos.wrap and chaos.wrapObject: realistic failures, sync stays sync, and request scoping of targets. */
import { beforeEach, describe, expect, it } from 'vitest'
import type { ChaosEngine } from './chaos.js'
import { armChaosEnvironment, expressApp, fastifyApp, listen } from './test-support/apps.js'
import { track } from './test-support/harness.js'
import { scriptedRandom, seededRandom } from './test-support/random.js'
import { type ChaosRuleInput, createOfflineClient, type OfflineClient } from './testing.js'

function armedClient(rules: ChaosRuleInput[], random: () => number = seededRandom(11)): OfflineClient {
  return track(createOfflineClient({ chaosRules: rules, logger: {}, chaos: { random } }))
}

const dbDown: ChaosRuleInput = { id: 'db-down', type: 'database_failure' }

function caught(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn()
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a throw')
}

describe('chaos.wrap()', () => {
  beforeEach(() => armChaosEnvironment())

  it('passes calls through, with their this and arguments, while no rule fires', () => {
    const client = armedClient([])
    const counter = {
      total: 0,
      add(a: number, b: number) {
        this.total += a + b
        return this.total
      },
    }
    counter.add = client.chaos.wrap('database', counter.add)
    expect(counter.add(2, 3)).toBe(5)
    expect(counter.add(1, 1)).toBe(7)
    expect(counter.add.name).toBe('add')
    expect(counter.add.length).toBe(2)
  })

  it('throws a sync function’s failure synchronously, looking like a reset connection', () => {
    const client = armedClient([dbDown])
    const query = client.chaos.wrap('database', function query(sql: string) {
      return sql
    })
    const error = caught(() => query('select 1'))
    expect(error).toBeInstanceOf(Error)
    expect(error.constructor).toBe(Error)
    expect(error.name).toBe('Error')
    expect(error.message).toBe('read ECONNRESET')
    expect(error.code).toBe('ECONNRESET')
    expect(error.syscall).toBe('read')
    expect(typeof error.errno).toBe('number')
    // Tests can tell, loggers do not show it.
    expect(error.sluiceChaosRule).toBe('db-down')
    expect(Object.keys(error)).not.toContain('sluiceChaosRule')
    expect(JSON.stringify(error)).not.toContain('db-down')
    // The first frame is the caller, not the SDK.
    expect(error.stack!.split('\n')[1]).not.toMatch(/chaos-wrappers\.ts/)
    expect(error.stack).toMatch(/chaos-wrappers\.test\.ts/)
  })

  it('rejects for async functions, and for plain functions once they have returned a promise', async () => {
    const client = armedClient([])
    const asyncQuery = client.chaos.wrap('database', async (sql: string) => sql)
    const promiseQuery = client.chaos.wrap('database', (sql: string) => Promise.resolve(sql))
    const declared = client.chaos.wrap('database', (sql: string) => Promise.resolve(sql), { async: true })
    expect(await promiseQuery('learn')).toBe('learn')

    client.testing.setChaosRule(dbDown)
    for (const fn of [asyncQuery, promiseQuery, declared]) {
      let result: unknown
      expect(() => (result = fn('x'))).not.toThrow()
      await expect(result).rejects.toMatchObject({ code: 'ECONNRESET' })
    }
  })

  it('uses the rule’s code and message, and realistic text for well-known codes', () => {
    const client = armedClient([
      { id: 'pg', type: 'database_failure', config: { code: '57P01' } },
      { id: 'redis', type: 'redis_failure', config: { code: 'READONLY', message: 'custom words' } },
    ])
    const query = client.chaos.wrap('database', () => 'rows')
    const set = client.chaos.wrap('redis', () => 'OK')
    expect(caught(query)).toMatchObject({ code: '57P01', message: 'terminating connection due to administrator command' })
    expect(caught(query).errno).toBeUndefined()
    expect(caught(set)).toMatchObject({ code: 'READONLY', message: 'custom words', sluiceChaosRule: 'redis' })
  })

  it('fails only the kind the rule names, and random_failure only for the kind it draws', () => {
    const client = armedClient([{ id: 'redis', type: 'redis_failure' }])
    const query = client.chaos.wrap('database', () => 'rows')
    const get = client.chaos.wrap('redis', () => 'value')
    expect(query()).toBe('rows')
    expect(() => get()).toThrow()

    // random_failure over [latency, database_failure] at 100%: the one draw picks the kind (0.99: the second, 0.1: the first).
    const random = armedClient([{ id: 'rand', type: 'random_failure', config: { kinds: ['latency', 'database_failure'] } }], scriptedRandom(0.99))
    expect(() => random.chaos.wrap('database', () => 1)()).toThrow(expect.objectContaining({ sluiceChaosRule: 'rand' }))
    const latencyDraw = armedClient([{ id: 'rand', type: 'random_failure', config: { kinds: ['latency', 'database_failure'] } }], scriptedRandom(0.1))
    expect(latencyDraw.chaos.wrap('database', () => 1)()).toBe(1)
  })

  it('honours probability exactly at the edges and statistically at 30%', () => {
    const client = armedClient([{ ...dbDown, probability: 0 }], () => 0)
    const query = client.chaos.wrap('database', () => 'rows')
    for (let i = 0; i < 1000; i++) expect(query()).toBe('rows')

    client.testing.setChaosRule({ ...dbDown, probability: 100 })
    for (let i = 0; i < 100; i++) expect(() => query()).toThrow()

    const thirty = armedClient([{ ...dbDown, probability: 30 }], seededRandom(99))
    const wrapped = thirty.chaos.wrap('database', () => 'rows')
    let failed = 0
    for (let i = 0; i < 10_000; i++) {
      try {
        wrapped()
      } catch {
        failed++
      }
    }
    // Binomial(10 000, 0.3): sd ≈ 45.8; five of them either side.
    expect(Math.abs(failed - 3000)).toBeLessThan(230)
    expect(thirty.stats().chaosInjected).toEqual({ 'db-down': failed })
  })

  it('stops failing the moment the rule is halted or deleted', () => {
    const client = armedClient([dbDown])
    const query = client.chaos.wrap('database', () => 'rows')
    expect(() => query()).toThrow()
    client.testing.setChaosRule({ ...dbDown, enabled: false })
    expect(query()).toBe('rows')
    client.testing.setChaosRule(dbDown)
    expect(() => query()).toThrow()
    client.testing.removeChaosRule('db-down')
    expect(query()).toBe('rows')
  })

  it('refuses what it cannot wrap, naming it', () => {
    const client = armedClient([])
    expect(() => client.chaos.wrap('postgres' as never, () => 1)).toThrow(/chaos\.wrap\(kind\) must be "database" or "redis", got "postgres"/)
    expect(() => client.chaos.wrap('database', 'query' as never)).toThrow(/fn must be a function/)
    expect(() => client.chaos.wrapObject('database', {}, ['query' as never])).toThrow(/target\.query must be a method/)
  })
})

describe('chaos.wrapObject()', () => {
  beforeEach(() => armChaosEnvironment())

  class Pool {
    queries = 0
    async query(sql: string) {
      this.queries++
      return [sql]
    }
    execute(sql: string) {
      this.queries++
      return sql
    }
    end() {
      return 'ended'
    }
  }

  it('wraps the listed methods in place, bound to the object, and leaves the others alone', async () => {
    const client = armedClient([])
    const pool = new Pool()
    const end = pool.end
    const same = client.chaos.wrapObject('database', pool, ['query', 'execute'])
    expect(same).toBe(pool)
    const { query, execute } = pool
    expect(await query('a')).toEqual(['a'])
    expect(execute('b')).toBe('b')
    expect(pool.queries).toBe(2)
    expect(pool.end).toBe(end)

    client.testing.setChaosRule(dbDown)
    await expect(pool.query('c')).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(() => pool.execute('d')).toThrow(expect.objectContaining({ code: 'ECONNRESET' }))
    expect(pool.queries).toBe(2)
  })

  it('does not wrap a method twice', () => {
    const client = armedClient([dbDown])
    const pool = new Pool()
    client.chaos.wrapObject('database', pool, ['execute'])
    const once = pool.execute
    client.chaos.wrapObject('database', pool, ['execute'])
    expect(pool.execute).toBe(once)
    expect(client.chaos.wrap('database', once)).toBe(once)
  })
})

describe('target scoping of wrapped calls', () => {
  beforeEach(() => armChaosEnvironment())

  const scoped: ChaosRuleInput = { id: 'orders-db', type: 'database_failure', target: 'GET /orders/*' }

  it('fails wrapped calls made while Fastify handles a matching request, and no others', async () => {
    const client = armedClient([scoped])
    const query = client.chaos.wrap('database', async () => 'rows')
    const app = fastifyApp()
    await app.register(client.fastify())
    const handler = async () => {
      // Far from the hook: after awaits and timers, the request is still known.
      await new Promise((resolve) => setTimeout(resolve, 5))
      try {
        return { rows: await query() }
      } catch (error) {
        return { failed: (error as { code: string }).code }
      }
    }
    app.get('/orders/:id', handler)
    app.post('/orders/:id', handler)
    app.get('/users/:id', handler)
    expect((await app.inject('/orders/7')).json()).toEqual({ failed: 'ECONNRESET' })
    expect((await app.inject({ method: 'POST', url: '/orders/7', payload: { a: 1 } })).json()).toEqual({ rows: 'rows' })
    expect((await app.inject('/users/7')).json()).toEqual({ rows: 'rows' })
    // Outside any request, a targeted rule never applies.
    expect(await query()).toBe('rows')
  })

  it('fails wrapped calls made while Express handles a matching request, after a body parser', async () => {
    const client = armedClient([{ ...scoped, target: 'POST /orders/**' }])
    const query = client.chaos.wrap('database', async () => 'rows')
    const app = expressApp()
    app.use(client.express())
    const { json } = await import('express')
    app.use(json())
    const handler = async (_req: unknown, res: import('express').Response) => {
      try {
        res.json({ rows: await query() })
      } catch (error) {
        res.json({ failed: (error as { code: string }).code })
      }
    }
    app.post('/orders', handler)
    app.post('/orders/:id', handler)
    app.post('/users/:id', handler)
    const url = await listen(app)
    const post = (path: string) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }).then((r) => r.json())
    expect(await post('/orders/7')).toEqual({ failed: 'ECONNRESET' })
    expect(await post('/orders')).toEqual({ failed: 'ECONNRESET' })
    expect(await post('/users/7')).toEqual({ rows: 'rows' })
    expect(await query()).toBe('rows')
  })

  it('applies a rule without a target to every wrapped call, inside requests or not', async () => {
    const client = armedClient([dbDown])
    const query = client.chaos.wrap('database', async () => 'rows')
    await expect(query()).rejects.toThrow('read ECONNRESET')
  })

  it('enters the request scope only while a rule needs it', async () => {
    const client = armedClient([dbDown])
    const engine = (client as unknown as { chaosEngine: ChaosEngine }).chaosEngine
    expect(engine.scopeNeeded).toBe(false)
    client.testing.setChaosRule(scoped)
    expect(engine.scopeNeeded).toBe(true)
    client.testing.removeChaosRule('orders-db')
    expect(engine.scopeNeeded).toBe(false)
    expect(engine.requestsActive).toBe(false)
  })
})
