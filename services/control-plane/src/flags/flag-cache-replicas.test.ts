import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { testRedisUrl, withSharedServices } from '../test-support/test-env.js'
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js'

const apps: TestApp[] = []
const databases: TestDatabase[] = []
const proxies: TcpProxy[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
  for (const proxy of proxies) await proxy.close()
  for (const database of databases) await database.drop()
})

const base = '/api/v1/admin/feature-flags'

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function deployment(replicas: number, env: Record<string, string> = {}, logger?: Writable): Promise<TestApp[]> {
  const database = await createTestDatabase()
  databases.push(database)
  const redisPrefix = `sluice-test:cache:${Date.now()}:${Math.random()}:`
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
    const redis = new URL(testRedisUrl()!)
    const proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379))
    proxies.push(proxy)
    const lines: string[] = []
    const logger = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const [app] = (await deployment(1, { REDIS_URL: proxy.url('redis:') }, logger)) as [TestApp]
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
})
