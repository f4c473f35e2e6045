import { connect } from 'node:net'
import { EventSource } from 'eventsource'
import { lt, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { changeEvents } from '../db/schema/index.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { TEST_ADMIN_TOKEN } from '../test-support/test-env.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'
import { until } from '../test-support/until.js'
import { startTcpProxy } from '../test-support/tcp-proxy.js'

let t: TestApp
let url: string
let sdkToken: string
const readers: SseReader[] = []
const flagsUrl = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp({ stream: { pingIntervalMs: 100, maxConnectionsPerToken: 3, maxBufferedBytes: 64 * 1024 } })
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  sdkToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
})
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close()
  // Let the server see the disconnects before the next test counts streams per token.
  await new Promise((r) => setTimeout(r, 50))
})
afterAll(() => t.close())

async function stream(headers: Record<string, string> = {}, token = sdkToken): Promise<SseReader> {
  const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${token}`, ...headers })
  readers.push(reader)
  return reader
}

async function createFlag(key: string, extra: Record<string, unknown> = {}) {
  const res = await t.request({ method: 'POST', url: flagsUrl, payload: { key, name: key, type: 'boolean', ...extra } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

function applyEvents(reader: SseReader): Map<string, { version: number }> {
  const state = new Map<string, { version: number }>()
  let seq = 0
  for (const event of reader.events) {
    const data = JSON.parse(event.data)
    if (event.event === 'snapshot') {
      state.clear()
      for (const flag of data.flags) state.set(flag.key, flag)
    } else if (event.event.startsWith('flag.')) state.set(data.key, data)
    expect(Number(event.id)).toBeGreaterThan(seq)
    seq = Number(event.id)
  }
  return state
}

describe('GET /api/v1/sdk/stream', () => {
  it('starts with a retry hint and a snapshot whose id is its seq', async () => {
    await createFlag('snap_flag', { enabled: true })
    const reader = await stream()
    expect(reader.status).toBe(200)
    const [snapshot] = await reader.waitFor(1)
    expect(reader.retry).toBe(2000)
    expect(snapshot!.event).toBe('snapshot')
    const data = JSON.parse(snapshot!.data)
    expect(Number(snapshot!.id)).toBe(data.seq)
    expect(data).toMatchObject({ canaries: [], chaosRules: [] })
    expect(data.flags.find((f: { key: string }) => f.key === 'snap_flag')).toMatchObject({ enabled: true, version: 1 })
  })

  it('then sends each change in seq order as the whole object with its seq', async () => {
    const reader = await stream()
    await reader.waitFor(1)
    await createFlag('streamed')
    await t.request({ method: 'PUT', url: `${flagsUrl}/streamed`, payload: { enabled: true } })
    await t.request({ method: 'DELETE', url: `${flagsUrl}/streamed` })
    const events = (await reader.waitFor(4)).slice(1)
    expect(events.map((e) => e.event)).toEqual(['flag.upserted', 'flag.upserted', 'flag.archived'])
    const ids = events.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    events.forEach((e) => expect(JSON.parse(e.data).seq).toBe(Number(e.id)))
    expect(JSON.parse(events[1]!.data)).toMatchObject({ key: 'streamed', name: 'streamed', type: 'boolean', enabled: true, version: 2 })
    expect(JSON.parse(events[2]!.data)).toMatchObject({ key: 'streamed', archived: true, version: 3 })
  })

  it('replays exactly the changes after Last-Event-ID, with no snapshot', async () => {
    const first = await stream()
    await first.waitFor(1)
    await createFlag('missed_1')
    const [, seen] = await first.waitFor(2)
    first.close()
    await createFlag('missed_2')
    await t.request({ method: 'PUT', url: `${flagsUrl}/missed_1`, payload: { enabled: true } })

    const resumed = await stream({ 'last-event-id': seen!.id! })
    const events = await resumed.waitFor(2)
    expect(events.map((e) => [e.event, JSON.parse(e.data).key, JSON.parse(e.data).version])).toEqual([
      ['flag.upserted', 'missed_2', 1],
      ['flag.upserted', 'missed_1', 2],
    ])
    await new Promise((r) => setTimeout(r, 150))
    expect(resumed.events).toHaveLength(2)
  })

  it('sends a fresh snapshot when Last-Event-ID is older than the retained log or was never reached', async () => {
    // A replica that keeps one frame in memory, so an old position must come from the log.
    const forgetful = await createTestApp({ stream: { maxReplay: 1 } })
    try {
      const forgetfulUrl = await forgetful.app.listen({ port: 0, host: '127.0.0.1' })
      for (const key of ['pruned_a', 'pruned_b']) {
        expect((await forgetful.request({ method: 'POST', url: flagsUrl, payload: { key, name: key, type: 'boolean' } })).statusCode).toBe(201)
      }
      const { db } = forgetful.app.infrastructure
      const [{ max }] = (await db.select({ max: sql<number>`max(${changeEvents.seq})::int` }).from(changeEvents)) as [{ max: number }]
      await db.delete(changeEvents).where(lt(changeEvents.seq, max))
      const from = async (lastEventId: string) => {
        const reader = await readSse(`${forgetfulUrl}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'last-event-id': lastEventId })
        readers.push(reader)
        return (await reader.waitFor(1))[0]!.event
      }
      expect(await from('0')).toBe('snapshot')
      expect(await from(String(max + 1000))).toBe('snapshot')
      expect(await from('abc')).toBe('snapshot')
    } finally {
      await forgetful.close()
    }
  })

  it('ends the open streams of a token when it is revoked, and only those, and refuses their reconnect', async () => {
    const { id, token } = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'leaving', role: 'sdk' } })).json()
    const leaving = await stream({}, token)
    const staying = await stream()
    await Promise.all([leaving.waitFor(1), staying.waitFor(1)])
    let ended = false
    void leaving.ended.then(() => (ended = true))
    expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    await until(() => ended, 5_000, "the revoked token's stream to end")
    expect((await stream({}, token)).status).toBe(401)
    await createFlag('after_leaving')
    expect((await staying.waitFor(2))[1]!.event).toBe('flag.upserted')
  })

  it('never streams internal changes such as token revocations', async () => {
    const reader = await stream()
    await reader.waitFor(1)
    const { id } = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'tmp', role: 'viewer' } })).json()
    await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })
    await createFlag('after_revoke')
    const events = await reader.waitFor(2)
    expect(events[1]!.event).toBe('flag.upserted')
    expect(reader.events.some((e) => e.event.startsWith('token'))).toBe(false)
  })

  it('pings idle streams', async () => {
    const reader = await stream()
    await reader.waitFor(1)
    await new Promise((r) => setTimeout(r, 350))
    expect(reader.comments.filter((c) => c === 'ping').length).toBeGreaterThanOrEqual(2)
  })

  it('answers 401 without a valid token and 403 to a viewer, and lets admins stream', async () => {
    expect((await stream({}, 'nope')).status).toBe(401)
    const viewer = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'v', role: 'viewer' } })).json().token
    expect((await stream({}, viewer)).status).toBe(403)
    const admin = await stream({}, TEST_ADMIN_TOKEN)
    expect(admin.status).toBe(200)
  })

  it('limits open streams per token with a 429', async () => {
    const limited = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'limited', role: 'sdk' } })).json().token
    const open = await Promise.all([stream({}, limited), stream({}, limited), stream({}, limited)])
    expect(open.map((r) => r.status)).toEqual([200, 200, 200])
    const fourth = await t.request({ method: 'GET', url: '/api/v1/sdk/stream', token: limited })
    expect(fourth.statusCode).toBe(429)
    expect(fourth.headers['retry-after']).toBe('30')
    expect(fourth.json()).toMatchObject({ code: 'SLUICE_TOO_MANY_STREAMS' })
    expect(fourth.json().message).toMatch(/already has 3 open streams on this replica \(STREAM_MAX_PER_TOKEN=3\)/)
    const metrics = (await t.request({ method: 'GET', url: '/metrics', token: null })).body
    expect(metrics).toMatch(/^sluice_sse_connections_refused_total\{limit="per_token"\} 1$/m)
    open[0]!.close()
    await new Promise((r) => setTimeout(r, 100))
    expect((await stream({}, limited)).status).toBe(200)
  })

  it('limits open streams per replica, whatever the token, with a 429 naming STREAM_MAX_PER_REPLICA', async () => {
    const small = await createTestApp({ env: { STREAM_MAX_PER_REPLICA: '2' } })
    try {
      const smallUrl = await small.app.listen({ port: 0, host: '127.0.0.1' })
      const open = [await readSse(`${smallUrl}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })]
      const other = (await small.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'other', role: 'sdk' } })).json().token
      open.push(await readSse(`${smallUrl}/api/v1/sdk/stream`, { authorization: `Bearer ${other}` }))
      readers.push(...open)
      expect(open.map((r) => r.status)).toEqual([200, 200])
      const third = await small.request({ method: 'GET', url: '/api/v1/sdk/stream', token: other })
      expect(third.statusCode).toBe(429)
      expect(third.headers['retry-after']).toBe('30')
      expect(third.json().message).toMatch(/this replica already serves 2 open streams \(STREAM_MAX_PER_REPLICA=2\)/)
      expect((await small.request({ method: 'GET', url: '/metrics', token: null })).body).toMatch(/^sluice_sse_connections_refused_total\{limit="per_replica"\} 1$/m)
    } finally {
      for (const reader of readers.splice(0)) reader.close()
      await small.close()
    }
  })

  it('gives every client connecting during a burst of writes the same final state as the database', async () => {
    const writes = Array.from({ length: 15 }, (_, i) => createFlag(`burst_${i}`))
    const clients = await Promise.all(Array.from({ length: 2 }, () => stream({}, TEST_ADMIN_TOKEN)))
    await Promise.all(writes)
    await Promise.all(Array.from({ length: 15 }, (_, i) => t.request({ method: 'PUT', url: `${flagsUrl}/burst_${i}`, payload: { enabled: true } })))
    const expected = new Map(
      ((await t.request({ method: 'GET', url: `${flagsUrl}?includeArchived=true` })).json() as Array<{ key: string; version: number }>).map((f) => [f.key, f.version]),
    )
    for (const client of clients) {
      const deadline = Date.now() + 5_000
      let state = applyEvents(client)
      while ([...expected].some(([key, version]) => state.get(key)?.version !== version) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20))
        state = applyEvents(client)
      }
      expect(new Map([...state].map(([k, f]) => [k, f.version]))).toEqual(expected)
    }
  })

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const dropped = () => t.request({ method: 'GET', url: '/metrics', token: null }).then((r) => /sluice_sse_clients_dropped_total (\d+)/.exec(r.body)?.[1])
    expect(await dropped()).toBe('0')
    const { port } = new URL(url)
    const socket = connect(Number(port), '127.0.0.1')
    socket.write(`GET /api/v1/sdk/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\n\r\n`)
    socket.pause()
    const userIds = Array.from({ length: 3000 }, (_, i) => `user-with-a-long-identifier-${i}`)
    await createFlag('heavy', { type: 'user_targeting', userIds })
    for (let i = 0; i < 60 && (await dropped()) === '0'; i++) {
      await t.request({ method: 'PUT', url: `${flagsUrl}/heavy`, payload: { userIds: [...userIds.slice(i % 2), `extra-${i}`] } })
    }
    expect(Number(await dropped())).toBe(1)
    socket.destroy()
  })
})

describe('GET /api/v1/sdk/state', () => {
  it('returns the snapshot as JSON with its seq as ETag, and 304 when unchanged', async () => {
    await createFlag('state_flag')
    const res = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/json/)
    const state = res.json()
    expect(res.headers.etag).toBe(`"${state.seq}"`)
    expect(state.flags.map((f: { key: string }) => f.key)).toContain('state_flag')
    const again = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken, headers: { 'if-none-match': res.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    await createFlag('state_flag_2')
    const changed = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken, headers: { 'if-none-match': res.headers.etag as string } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().seq).toBeGreaterThan(state.seq)
  })

  it('also answers 304 to the weakened ETag a compressing proxy passes on, to a list holding it, and to *', async () => {
    const current = (await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken })).headers.etag as string
    for (const tag of [`W/${current}`, `"0", ${current}`, '*']) {
      const res = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken, headers: { 'if-none-match': tag } })
      expect(res.statusCode, tag).toBe(304)
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken, headers: { 'if-none-match': 'W/"0"' } })).statusCode).toBe(200)
  })
})

describe('protocol conformance with the eventsource package', () => {
  it('reads the snapshot and changes, and resumes with Last-Event-ID after the connection drops', async () => {
    const proxy = await startTcpProxy('127.0.0.1', Number(new URL(url).port))
    const seen: Array<{ type: string; id: string; data: { key?: string; seq: number } }> = []
    const source = new EventSource(`${proxy.url('http:')}/api/v1/sdk/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${sdkToken}` } }),
    })
    const record = (type: string) => (e: MessageEvent) => seen.push({ type, id: e.lastEventId, data: JSON.parse(e.data) })
    source.addEventListener('snapshot', record('snapshot'))
    source.addEventListener('flag.upserted', record('flag.upserted'))
    const until = async (n: number) => {
      const deadline = Date.now() + 10_000
      while (seen.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(seen.length).toBeGreaterThanOrEqual(n)
    }
    try {
      await until(1)
      await createFlag('es_before')
      await until(2)
      expect(seen[1]).toMatchObject({ type: 'flag.upserted', data: { key: 'es_before' } })

      await proxy.cut()
      await createFlag('es_while_down')
      await proxy.restore()
      await until(3)
      // It resumed from its Last-Event-ID: the missed change, not a second snapshot.
      expect(seen.map((e) => e.type)).toEqual(['snapshot', 'flag.upserted', 'flag.upserted'])
      expect(seen[2]).toMatchObject({ data: { key: 'es_while_down' } })
      expect(Number(seen[2]!.id)).toBeGreaterThan(Number(seen[1]!.id))
    } finally {
      source.close()
      await proxy.close()
    }
  })
})

describe('shutdown', () => {
  it('ends open streams so close() completes', async () => {
    const other = await createTestApp()
    const otherUrl = await other.app.listen({ port: 0, host: '127.0.0.1' })
    const reader = await readSse(`${otherUrl}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    await reader.waitFor(1)
    const started = Date.now()
    await other.close()
    await reader.ended
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
