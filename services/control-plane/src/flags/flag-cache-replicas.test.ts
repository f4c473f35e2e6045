import type { Writable } from 'node:stream'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { withDeadline } from '../platform/deadline.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { logSink } from '../test-support/log-sink.js'
import { readSse } from '../test-support/sse-reader.js'
import { TEST_ADMIN_TOKEN, testRedisUrl, withSharedServices } from '../test-support/test-env.js'
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js'
import { until } from '../test-support/until.js'

const apps: TestApp[] = []
const databases: TestDatabase[] = []
const proxies: TcpProxy[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
  for (const proxy of proxies) await proxy.close()
  for (const database of databases) await database.drop()
})

const base = '/api/v1/admin/feature-flags'

/** Fails with a message instead of waiting for the test timeout when a request never answers. */
function answered<T>(request: Promise<T>): Promise<T> {
  return withDeadline(request, 10_000, 'the request')
}

async function redisProxy(): Promise<TcpProxy> {
  const redis = new URL(testRedisUrl()!)
  const proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379))
  proxies.push(proxy)
  return proxy
}

interface DeploymentOptions {
  env?: Record<string, string>
  logger?: Writable
  redisPrefix?: string
}

async function deployment(replicas: number, { env = {}, logger, redisPrefix = `sluice-test:cache:${Date.now()}:${Math.random()}:` }: DeploymentOptions = {}): Promise<TestApp[]> {
  const database = await createTestDatabase()
  databases.push(database)
  const created: TestApp[] = []
  for (let i = 0; i < replicas; i++) {
    created.push(
      await createTestApp({
        database,
        redisPrefix,
        env,
        // Polling off: only the shared cache can make B's reads fresh right after A's write.
        feedPollIntervalMs: 60_000,
        ...(logger ? { logger: { level: 'info', stream: logger } } : {}),
      }),
    )
  }
  apps.push(...created)
  return created
}

describe.runIf(withSharedServices)('the flag cache across replicas', () => {
  it('reads the new version on replica B right after each write on replica A', async () => {
    const [a, b] = (await deployment(2)) as [TestApp, TestApp]
    await a.request({ method: 'POST', url: base, payload: { key: 'coherent', name: 'x', type: 'percentage', enabled: true, percentage: 0 } })
    for (let percentage = 1; percentage <= 20; percentage++) {
      // B has the previous version cached (it just read it); A's write must replace it.
      expect((await b.request({ method: 'GET', url: `${base}/coherent` })).json().percentage).toBe(percentage - 1)
      const write = await a.request({ method: 'PUT', url: `${base}/coherent`, payload: { percentage } })
      expect(write.statusCode).toBe(200)
      expect((await b.request({ method: 'GET', url: `${base}/coherent` })).json()).toMatchObject({ percentage, version: percentage + 1 })
    }
    await a.request({ method: 'PUT', url: `${base}/coherent`, payload: { percentage: 100 } })
    expect((await b.request({ method: 'GET', url: `${base}/coherent/check?userId=u1` })).json()).toMatchObject({ enabled: true, version: 22 })
    await a.request({ method: 'PUT', url: `${base}/coherent`, payload: { enabled: false } })
    expect((await b.request({ method: 'GET', url: `${base}/coherent/check?userId=u1` })).json()).toMatchObject({ enabled: false, reason: 'disabled' })
  })

  it('keeps serving reads and writes from Postgres while Redis is down, logs it, and is fresh once Redis is back', async () => {
    const proxy = await redisProxy()
    const { stream, lines } = logSink()
    const [app] = (await deployment(1, { env: { REDIS_URL: proxy.url('redis:') }, logger: stream })) as [TestApp]
    await app.request({ method: 'POST', url: base, payload: { key: 'resilient', name: 'x', type: 'boolean', enabled: true } })
    expect((await app.request({ method: 'GET', url: `${base}/resilient` })).json().version).toBe(1)

    await proxy.cut()
    await until(async () => (await app.request({ method: 'GET', url: '/readyz', token: null })).json().redis === 'degraded')
    const write = await app.request({ method: 'PUT', url: `${base}/resilient`, payload: { enabled: false } })
    expect(write.statusCode).toBe(200)
    const read = await app.request({ method: 'GET', url: `${base}/resilient` })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ enabled: false, version: 2 })
    expect((await app.request({ method: 'GET', url: `${base}/resilient/check` })).json()).toMatchObject({ enabled: false, reason: 'disabled' })
    expect((await app.request({ method: 'GET', url: '/readyz', token: null })).json()).toMatchObject({ status: 'ready', redis: 'degraded' })
    expect(lines.join('')).toMatch(/redis unavailable; falling back until it returns/)

    await proxy.restore()
    await until(async () => (await app.request({ method: 'GET', url: '/readyz', token: null })).json().redis === 'ok')
    await new Promise((r) => setTimeout(r, 200))
    expect((await app.request({ method: 'GET', url: `${base}/resilient` })).json()).toMatchObject({ enabled: false, version: 2 })
  })

  it('answers reads and writes from Postgres while Redis hangs, reports it once, and is fresh once Redis answers again', async () => {
    const proxy = await redisProxy()
    const { stream, lines } = logSink()
    const redisPrefix = `sluice-test:hang:${Date.now()}:${Math.random()}:`
    const [a, b] = (await deployment(2, { env: { REDIS_URL: proxy.url('redis:') }, logger: stream, redisPrefix })) as [TestApp, TestApp]
    const readyz = async (app: TestApp) => (await answered(app.request({ method: 'GET', url: '/readyz', token: null }))).json()
    await a.request({ method: 'POST', url: base, payload: { key: 'hung', name: 'x', type: 'boolean', enabled: true } })
    // Redis now holds version 1; the write below is an invalidation it never hears about.
    expect((await b.request({ method: 'GET', url: `${base}/hung` })).json().version).toBe(1)

    proxy.freeze()
    expect((await answered(a.request({ method: 'GET', url: `${base}/hung/check?userId=u1` }))).json()).toMatchObject({ enabled: true, version: 1 })
    const write = await answered(a.request({ method: 'PUT', url: `${base}/hung`, payload: { enabled: false } }))
    expect(write.statusCode).toBe(200)
    expect(write.json().version).toBe(2)
    expect((await answered(b.request({ method: 'GET', url: `${base}/hung` }))).json()).toMatchObject({ enabled: false, version: 2 })
    expect((await answered(a.request({ method: 'GET', url: `${base}/hung/check?userId=u1` }))).json()).toMatchObject({ enabled: false, reason: 'disabled' })
    for (const app of [a, b]) await until(async () => (await readyz(app)).redis === 'degraded')
    expect(await readyz(a)).toMatchObject({ status: 'ready', redis: 'degraded' })
    const unavailable = (role: string) => lines.filter((line) => /redis unavailable; falling back/.test(line) && JSON.parse(line).role === role)
    // Subscribers send no commands of their own, yet both notice the hang.
    await until(async () => unavailable('subscriber').length >= 2)

    proxy.thaw()
    for (const app of [a, b]) await until(async () => (await readyz(app)).redis === 'ok')
    for (const app of [a, b]) {
      expect((await app.request({ method: 'GET', url: `${base}/hung` })).json()).toMatchObject({ enabled: false, version: 2 })
      expect((await app.request({ method: 'GET', url: `${base}/hung/check?userId=u1` })).json()).toMatchObject({ enabled: false, reason: 'disabled' })
    }
    // Once per connection for the whole episode, however many reconnects failed meanwhile.
    for (const role of ['commands', 'subscriber']) expect(unavailable(role)).toHaveLength(2)
    // Reads fill the shared cache again once it is trusted.
    const direct = new Redis(testRedisUrl()!)
    try {
      await until(async () => {
        await a.request({ method: 'GET', url: `${base}/hung` })
        return (await direct.get(`${redisPrefix}cache:flag:production/hung`))?.startsWith('2:') ?? false
      })
    } finally {
      direct.disconnect()
    }
    // B polls once a minute here, so only a working subscriber brings it A's next change in time.
    // B's stream starts from the state B holds; the change it missed during the hang (v2) may
    // come first, read from the log when the next message shows B the gap.
    const events = await readSse(`${await b.app.listen({ port: 0, host: '127.0.0.1' })}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    try {
      await events.waitFor(1)
      await a.request({ method: 'PUT', url: `${base}/hung`, payload: { enabled: true } })
      await until(() => events.events.some((e) => e.event === 'flag.upserted' && JSON.parse(e.data).version === 3))
      const versions = events.events.slice(1).map((e) => JSON.parse(e.data).version as number)
      expect(versions).toEqual([...versions].sort((x, y) => x - y))
    } finally {
      events.close()
    }
  })
})
