/**
 * While the database is unreachable, what SDKs and readers need keeps answering from this
 * replica's memory: the SDK state and stream, the admin flag reads and /check, and the
 * authentication of every token the replica knows. The database here sits behind a proxy the
 * test freezes: connections stay open and nothing moves, the worst way a database can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { withSharedServices } from '../test-support/test-env.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js'

const flagsUrl = '/api/v1/admin/feature-flags'

describe.runIf(withSharedServices)('reads while the database is frozen', () => {
  let database: TestDatabase
  let proxy: TcpProxy
  let t: TestApp
  let url: string
  let sdk: string
  let viewer: string
  let seq: number
  const readers: SseReader[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    const target = new URL(database.url!)
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
    target.host = `127.0.0.1:${proxy.port}`
    t = await createTestApp({ database: { url: target.toString(), drop: async () => {} } })
    url = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const token = async (role: string) => (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: role, role } })).json().token as string
    sdk = await token('sdk')
    // Never used before the outage: the replica knows it from the change log alone.
    viewer = await token('viewer')
    await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'half', name: 'Half', type: 'percentage', enabled: true, percentage: 50 } })
    await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'gone', name: 'Gone', type: 'boolean', enabled: true } })
    await t.request({ method: 'DELETE', url: `${flagsUrl}/gone` })
    seq = (await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdk })).json().seq
    proxy.freeze()
  })
  afterAll(async () => {
    for (const reader of readers) reader.close()
    proxy.thaw()
    await t.close()
    await proxy.close()
    await database.drop()
  })

  it('serves /sdk/state from memory, with its ETag and 304', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdk })
    expect(res.statusCode).toBe(200)
    expect(res.json().seq).toBe(seq)
    expect(res.json().flags.map((f: { key: string }) => f.key).sort()).toEqual(['gone', 'half'])
    expect((await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdk, headers: { 'if-none-match': `"${seq}"` } })).statusCode).toBe(304)
  })

  it('gives a new stream the snapshot in memory, and resumes one exactly', async () => {
    const fresh = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdk}` })
    readers.push(fresh)
    const [snapshot] = await fresh.waitFor(1)
    expect(snapshot).toMatchObject({ event: 'snapshot', id: String(seq) })
    const resumed = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdk}`, 'last-event-id': String(seq - 1) })
    readers.push(resumed)
    const [replayed] = await resumed.waitFor(1)
    expect(replayed).toMatchObject({ event: 'flag.archived', id: String(seq) })
  })

  it('answers the admin flag reads and /check, to a token first seen during the outage', async () => {
    const list = await t.request({ method: 'GET', url: flagsUrl, token: viewer })
    expect(list.statusCode).toBe(200)
    expect(list.json().map((f: { key: string }) => f.key)).toEqual(['half'])
    const all = await t.request({ method: 'GET', url: `${flagsUrl}?includeArchived=true`, token: viewer })
    expect(all.json().map((f: { key: string }) => f.key)).toEqual(['gone', 'half'])
    const one = await t.request({ method: 'GET', url: `${flagsUrl}/half`, token: viewer })
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({ key: 'half', percentage: 50, version: 1 })
    expect((await t.request({ method: 'GET', url: `${flagsUrl}/nope`, token: viewer })).statusCode).toBe(404)
    const check = await t.request({ method: 'GET', url: `${flagsUrl}/gone/check?userId=u1`, token: sdk })
    expect(check.statusCode).toBe(200)
    expect(check.json()).toMatchObject({ key: 'gone', enabled: false, reason: 'archived' })
  })

  it('answers 503 with Retry-After for a minSeq it cannot reach, rather than an older state', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/sdk/state?minSeq=${seq + 1}`, token: sdk })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('1')
    expect(res.json()).toMatchObject({ code: 'SLUICE_REPLICA_BEHIND' })
  })

  it('answers 503, not 401, for a token it does not know and cannot check', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: 'sluice_sdk_not-a-token-this-replica-knows' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBeDefined()
  })
})
