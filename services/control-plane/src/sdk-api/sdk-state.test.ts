import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { withSharedServices } from '../test-support/test-env.js'
import { readSse } from '../test-support/sse-reader.js'

const flagsUrl = '/api/v1/admin/feature-flags'
const apps: TestApp[] = []
const databases: TestDatabase[] = []
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close()
  for (const database of databases) await database.drop()
})

async function sdkToken(app: TestApp): Promise<string> {
  return (await app.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
}

async function state(app: TestApp, token: string, query = '', headers: Record<string, string> = {}) {
  return app.request({ method: 'GET', url: `/api/v1/sdk/state${query}`, token, headers })
}

describe('GET /api/v1/sdk/state', () => {
  let t: TestApp
  let token: string
  beforeAll(async () => {
    t = await createTestApp()
    apps.push(t)
    token = await sdkToken(t)
  })

  it('answers 304 while the ETag (the seq) still matches, and the new state once a change lands', async () => {
    await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'etagged', name: 'x', type: 'boolean', enabled: false } })
    const first = await state(t, token)
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toBe(`"${first.json().seq}"`)
    for (const sent of [etag, `W/${etag}`, `"1", ${etag}`]) {
      const unchanged = await state(t, token, '', { 'if-none-match': sent })
      expect(unchanged.statusCode, sent).toBe(304)
      expect(unchanged.headers.etag).toBe(etag)
    }
    await t.request({ method: 'PUT', url: `${flagsUrl}/etagged`, payload: { enabled: true } })
    const changed = await state(t, token, '', { 'if-none-match': etag })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().seq).toBeGreaterThan(first.json().seq)
    expect(changed.json().flags.find((f: { key: string }) => f.key === 'etagged')).toMatchObject({ enabled: true, version: 2 })
  })

  it('answers at once for a minSeq it has reached, and refuses a malformed one with 400', async () => {
    const { seq } = (await state(t, token)).json()
    const reached = await state(t, token, `?minSeq=${seq}`)
    expect(reached.statusCode).toBe(200)
    expect(reached.json().seq).toBe(seq)
    for (const bad of ['-1', 'abc', '1.5']) {
      const res = await state(t, token, `?minSeq=${bad}`)
      expect(res.statusCode, bad).toBe(400)
      expect(res.json().message).toMatch(/^minSeq: /)
    }
  })

  it('serves the current state for a seq its change log never reached (a rebuilt database), not a 503 forever', async () => {
    const { seq } = (await state(t, token)).json()
    const res = await state(t, token, `?minSeq=${seq + 1_000_000}`)
    expect(res.statusCode).toBe(200)
    expect(res.json().seq).toBe(seq)
    expect((await state(t, token, '', { 'if-none-match': `"${seq + 1_000_000}"` })).statusCode).toBe(200)
  })
})

describe.runIf(withSharedServices)('GET /api/v1/sdk/state read-after-write across replicas', () => {
  it('waits on a replica that is behind for the minSeq a client saw elsewhere, instead of serving older state', async () => {
    const database = await createTestDatabase()
    databases.push(database)
    // Separate bus namespaces and a slow poll: B hears of A's writes only by reading the log.
    const a = await createTestApp({ database, feedPollIntervalMs: 60_000 })
    const b = await createTestApp({ database, feedPollIntervalMs: 60_000 })
    apps.push(b, a)
    const token = await sdkToken(a)
    await b.request({ method: 'GET', url: flagsUrl })
    const before = (await state(b, token)).json().seq as number

    expect((await a.request({ method: 'POST', url: flagsUrl, payload: { key: 'raw', name: 'x', type: 'boolean', enabled: true } })).statusCode).toBe(201)
    const written = (await state(a, token)).json().seq as number
    expect(written).toBeGreaterThan(before)
    // Without minSeq, B answers from what it holds: fast, and (here) older.
    expect((await state(b, token)).json().seq).toBe(before)

    const waited = await state(b, token, `?minSeq=${written}`)
    expect(waited.statusCode).toBe(200)
    expect(waited.json().seq).toBeGreaterThanOrEqual(written)
    expect(waited.json().flags.map((f: { key: string }) => f.key)).toContain('raw')

    // A poller that saw `written` on A and asks B with its ETag: B catches up, then 304.
    await a.request({ method: 'PUT', url: `${flagsUrl}/raw`, payload: { enabled: false } })
    const newer = (await state(a, token)).headers.etag as string
    const conditional = await state(b, token, '', { 'if-none-match': newer })
    expect(conditional.statusCode).toBe(304)
    expect(conditional.headers.etag).toBe(newer)

    // A stream resumed on B from a seq only A has reached: B catches up first, then replays
    // what follows it. A snapshot here would take the client back in time.
    await a.request({ method: 'PUT', url: `${flagsUrl}/raw`, payload: { enabled: true } })
    const seenOnA = Number(((await state(a, token)).headers.etag as string).replaceAll('"', ''))
    await a.request({ method: 'PUT', url: `${flagsUrl}/raw`, payload: { enabled: false } })
    const stream = await readSse(`${await b.app.listen({ port: 0, host: '127.0.0.1' })}/api/v1/sdk/stream`, {
      authorization: `Bearer ${token}`,
      'last-event-id': String(seenOnA),
    })
    try {
      const [event] = await stream.waitFor(1)
      expect(event).toMatchObject({ event: 'flag.upserted', id: String(seenOnA + 1) })
      expect(JSON.parse(event!.data)).toMatchObject({ key: 'raw', enabled: false, version: 4 })
    } finally {
      stream.close()
    }
  })
})
