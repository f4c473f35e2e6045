import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { readSse } from '../test-support/sse-reader.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { withSharedServices } from '../test-support/test-env.js'
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js'
import { until } from '../test-support/until.js'

const apps: TestApp[] = []
const proxies: TcpProxy[] = []
const databases: TestDatabase[] = []
afterAll(async () => {
  for (const proxy of proxies) proxy.thaw()
  for (const app of apps) await app.close()
  for (const proxy of proxies) await proxy.close()
  for (const database of databases) await database.drop()
})

/** A replica of the deployment on `database` whose own connections go through a proxy the test can freeze. */
async function replicaBehindProxy(database: TestDatabase, redisPrefix: string): Promise<{ app: TestApp; proxy: TcpProxy }> {
  const target = new URL(database.url!)
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
  proxies.push(proxy)
  target.host = `127.0.0.1:${proxy.port}`
  const app = await createTestApp({ database: { url: target.toString(), drop: async () => {} }, redisPrefix, feedPollIntervalMs: 60_000 })
  apps.push(app)
  return { app, proxy }
}

/** Requests `url` on `app` with `token` until the answer is not 200, for at most `ms`; the last status. */
async function statusAfterRevocation(app: TestApp, url: string, token: string, ms: number): Promise<number> {
  const deadline = Date.now() + ms
  let status = 200
  while (status === 200 && Date.now() < deadline) {
    status = (await app.request({ method: 'GET', url, token })).statusCode
    // Injected requests that touch no socket never yield to I/O; the bus message must get read.
    await new Promise((resolve) => setImmediate(resolve))
  }
  return status
}

describe.runIf(withSharedServices)('token revocation across replicas', () => {
  it('stops a token on another replica that had it cached, within the bus latency', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    // One deployment: same database, same Redis namespace; polling is off so only the bus can tell B.
    const redisPrefix = `sluice-test:revoke:${Date.now()}:`
    const a = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    const b = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    apps.push(a, b)
    const { id, token } = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'ops', role: 'operator' } })).json()
    expect((await b.request({ method: 'GET', url: '/api/v1/admin/audit-log', token })).statusCode).toBe(200)
    expect((await a.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    expect(await statusAfterRevocation(b, '/api/v1/admin/audit-log', token, 1_000)).toBe(401)
  })

  it('ends, within 1 s, a stream the token holds open on another replica', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    const redisPrefix = `sluice-test:revoke-stream:${Date.now()}:`
    const a = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    const b = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    apps.push(a, b)
    const { id, token } = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'app', role: 'sdk' } })).json()
    const stream = await readSse(`${await b.app.listen({ port: 0, host: '127.0.0.1' })}/api/v1/sdk/stream`, { authorization: `Bearer ${token}` })
    try {
      await stream.waitFor(1)
      let ended = false
      void stream.ended.then(() => (ended = true))
      expect((await a.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
      await until(() => ended, 1_000, "the revoked token's stream on replica B to end")
    } finally {
      stream.close()
    }
  })

  it('authenticates on a replica whose database is frozen, and still refuses a token revoked meanwhile within 1 s', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    const redisPrefix = `sluice-test:revoke-frozen:${Date.now()}:`
    const a = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    apps.push(a)
    const { app: b, proxy } = await replicaBehindProxy(database, redisPrefix)
    // Created on A after B started, never used on B: B learns of it from the change log alone.
    const { id, token } = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'app', role: 'sdk' } })).json()
    const other = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'other', role: 'sdk' } })).json().token
    const seqOn = async (app: TestApp, query = '') => (await app.request({ method: 'GET', url: `/api/v1/sdk/state${query}`, token: other })).json().seq as number
    // B may have started listening after A's first messages: catch it up once, then prove the bus reaches it.
    await seqOn(b, `?minSeq=${await seqOn(a)}`)
    await a.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'ping', name: 'x', type: 'boolean' } })
    await until(async () => (await seqOn(b)) === (await seqOn(a)))

    proxy.freeze()
    // /sdk/state reads no database either: the answer is auth and state from B's memory.
    expect((await b.request({ method: 'GET', url: '/api/v1/sdk/state', token })).statusCode).toBe(200)
    expect((await a.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    expect(await statusAfterRevocation(b, '/api/v1/sdk/state', token, 1_000)).toBe(401)
    expect((await b.request({ method: 'GET', url: '/api/v1/sdk/state', token: other })).statusCode).toBe(200)
  })
})
