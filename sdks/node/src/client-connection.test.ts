/**
 * The client when the connection misbehaves: drops, silence, refusals, rejections. Through
 * all of it the last known state keeps being served.
 */
import { describe, expect, it } from 'vitest'
import { ConnectionError, ReadyTimeoutError } from './errors.js'
import { flag, SDK_KEY, sendJson, until } from './test-support/fake-control-plane.js'
import { connect, deadUrl, startFake } from './test-support/harness.js'

describe('reconnecting', () => {
  it('resumes with Last-Event-ID after a drop and applies the replay, not a snapshot', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    fake.publish('flag.upserted', { ...flag('b') })
    await until(() => client.isEnabled('b'))

    fake.dropStreams()
    fake.publish('flag.upserted', { ...flag('a', { enabled: false, version: 2 }) })
    fake.publish('flag.upserted', { ...flag('c') })
    await until(() => client.isEnabled('c'), 3000, 'the replay')

    const [first, second] = fake.streamRequests()
    expect(first!.headers['last-event-id']).toBeUndefined()
    expect(second!.headers['last-event-id']).toBe('2')
    expect(events.change.map((c) => [c.seq, c.fromSnapshot])).toEqual([
      [2, false],
      [3, false],
      [4, false],
    ])
    expect(client.isEnabled('a')).toBe(false)
  })

  it('serves the last state while the control plane is down, then reports reconnected', async () => {
    const fake = await startFake({ flags: [flag('pay')] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    const port = fake.port

    await fake.stop()
    await until(() => events.disconnected.length === 1, 2000, 'disconnected')
    await until(() => events.error.length >= 3, 3000, 'failed reconnects')
    expect(events.error.every((e) => (e as ConnectionError).code === 'SLUICE_NETWORK_ERROR')).toBe(true)
    expect(client.isEnabled('pay')).toBe(true)
    expect(client.evaluate('pay').reason).toBe('default')

    fake.publish('flag.upserted', { ...flag('pay', { enabled: false, version: 2 }) })
    await fake.listen(port)
    await until(() => events.reconnected.length === 1, 3000, 'reconnected')
    // The drop itself is one error; every later one is a failed attempt.
    expect(events.reconnected[0]!.attempts).toBeGreaterThanOrEqual(2)
    expect(events.reconnected[0]!.downtimeMs).toBeGreaterThan(0)
    await until(() => !client.isEnabled('pay'), 2000, 'the change made while down')
  })

  it('treats a clean end of the stream (a deploy) as a disconnect, not an error', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.endStreams()
    await until(() => events.reconnected.length === 1, 3000, 'reconnected')
    expect(events.disconnected.map((d) => d.error.code)).toEqual(['SLUICE_STREAM_ENDED'])
    expect(events.error).toEqual([])
  })

  it('replaces a stream that goes silent for readTimeoutMs', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const { client, events } = connect(fake.url, { readTimeoutMs: 300 })
    await client.ready({ timeoutMs: 2000 })

    await until(() => events.disconnected.length === 1, 2000, 'the read timeout')
    expect(events.disconnected[0]!.error.code).toBe('SLUICE_READ_TIMEOUT')
    expect(events.error.map((e) => (e as ConnectionError).code)).toEqual(['SLUICE_READ_TIMEOUT'])
    await until(() => fake.streamRequests().length === 2, 2000, 'a new stream')
    expect(fake.streamRequests()[1]!.headers['last-event-id']).toBe('1')
    expect(client.isEnabled('a')).toBe(true)
  })

  it('keeps a stream that only sends pings', async () => {
    const fake = await startFake({ flags: [flag('a')], pingMs: 50 })
    const { client, events } = connect(fake.url, { readTimeoutMs: 300 })
    await client.ready({ timeoutMs: 2000 })
    await new Promise((resolve) => setTimeout(resolve, 900))
    expect(events.disconnected).toEqual([])
    expect(fake.streamRequests()).toHaveLength(1)
  })

  it('gives up on a server that accepts but never answers, after readTimeoutMs', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    fake.streamOverrides.push(() => {}) // holds the request open without a status line
    const { client, events } = connect(fake.url, { readTimeoutMs: 300 })
    await until(() => fake.streams.size === 1, 3000, 'a second, working stream')
    expect(fake.streamRequests()).toHaveLength(2)
    expect(events.error.map((e) => (e as ConnectionError).code)).toEqual(['SLUICE_READ_TIMEOUT'])
    expect(client.isEnabled('a')).toBe(true)
  })

  it('backs off between failures, with jitter, up to the cap', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    fake.streamOverride = (_req, res) => sendJson(res, 503, { statusCode: 503 })
    fake.stateOverrides.push(...Array.from({ length: 50 }, () => (_req: unknown, res: import('node:http').ServerResponse) => sendJson(res, 503, {})))
    const { events } = connect(fake.url, { reconnect: { baseMs: 40, capMs: 160 } })
    await until(() => fake.streamRequests().length >= 8, 5000, 'eight attempts')

    const at = fake.streamRequests().map((r) => r.at)
    const gaps = at.slice(1).map((t, i) => t - at[i]!)
    expect(Math.max(...gaps)).toBeLessThan(160 + 60)
    expect(events.error.every((e) => (e as ConnectionError).statusCode === 503)).toBe(true)
  })

  it('honours Retry-After on 429', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    fake.streamOverrides.push((_req, res) => sendJson(res, 429, { statusCode: 429 }, { 'retry-after': '1' }))
    const { client, events } = connect(fake.url)
    await until(() => fake.streamRequests().length === 2, 3000, 'the retry')
    const [first, second] = fake.streamRequests()
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
    expect(events.error[0]).toMatchObject({ code: 'SLUICE_RATE_LIMITED', statusCode: 429, retryAfterMs: 1000 })
    // The state endpoint was asked meanwhile, so the client was not left empty-handed.
    expect(events.ready[0]!.source).toBe('poll')
    expect(client.isEnabled('a')).toBe(true)
  })
})

describe('a rejected SDK key', () => {
  it('reports 401 as an error, retries slowly, and never writes the key anywhere', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const badKey = 'sdk_revoked_7d1e0c55'
    const errors: Error[] = []
    const { client, logger } = connect(fake.url, { sdkKey: badKey, reconnect: { baseMs: 10, capMs: 20, authRetryMs: 400 } }, { listen: false })
    client.on('error', (e) => errors.push(e))
    await until(() => errors.length === 1, 2000, 'the 401')
    expect(errors[0]).toBeInstanceOf(ConnectionError)
    expect(errors[0]).toMatchObject({ code: 'SLUICE_UNAUTHORIZED', statusCode: 401 })

    // Not at the 10 ms pace of other failures: at least half of authRetryMs later.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(fake.streamRequests()).toHaveLength(1)
    await until(() => fake.streamRequests().length === 2, 2000, 'the slow retry')
    const [first, second] = fake.streamRequests()
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(190)
    expect(fake.stateRequests()).toHaveLength(0)

    await expect(client.ready({ timeoutMs: 50 })).rejects.toThrow(/401/)
    const said = [...errors.map((e) => `${e.message} ${e.stack}`), ...logger.lines.map((l) => l.text)].join('\n')
    expect(said).not.toContain(badKey)
  })

  it('logs a repeated failure once when nobody listens for errors, instead of crashing', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const { logger } = connect(fake.url, { sdkKey: 'sdk_wrong', reconnect: { authRetryMs: 20 } }, { listen: false })
    await until(() => fake.streamRequests().length >= 4, 3000, 'several 401s')
    const errors = logger.lines.filter((l) => l.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.text).toMatch(/401.*unknown or revoked/)
    expect(logger.lines.filter((l) => l.level === 'debug' && l.text.includes('401')).length).toBeGreaterThanOrEqual(2)
  })

  it('recovers once the key is accepted again', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    fake.streamOverrides.push((_req, res) => sendJson(res, 401, { statusCode: 401 }))
    const { client, events } = connect(fake.url, { reconnect: { authRetryMs: 50 } })
    await client.ready({ timeoutMs: 2000 })
    expect(events.error.map((e) => (e as ConnectionError).code)).toEqual(['SLUICE_UNAUTHORIZED'])
    expect(fake.streamRequests()[1]!.headers.authorization).toBe(`Bearer ${SDK_KEY}`)
  })
})

describe('ready()', () => {
  it('rejects after timeoutMs with the reason, and the state may still arrive later', async () => {
    const url = await deadUrl()
    const { client } = connect(url)
    const started = Date.now()
    const error = await client.ready({ timeoutMs: 150 }).catch((e: unknown) => e)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(error).toBeInstanceOf(ReadyTimeoutError)
    expect(error).toMatchObject({ code: 'SLUICE_READY_TIMEOUT' })
    expect((error as Error).message).toMatch(/not ready after 150 ms: no state from http:\/\/127\.0\.0\.1:\d+ yet \(last error: .*ECONNREFUSED/)
    expect(client.isEnabled('anything')).toBe(false)

    const fake = await startFake({ flags: [flag('late')] })
    await fake.stop()
    await fake.listen(Number(new URL(url).port))
    await client.ready({ timeoutMs: 3000 })
    expect(client.isEnabled('late')).toBe(true)
  })

  it('resolves at once for every caller once ready', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const { client } = connect(fake.url)
    await Promise.all([client.ready(), client.ready({ timeoutMs: 5000 })])
    await expect(client.ready({ timeoutMs: 0 })).resolves.toBeUndefined()
  })

  it('rejects a bad timeout', async () => {
    const fake = await startFake()
    const { client } = connect(fake.url)
    await expect(client.ready({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs/)
  })
})

describe('the /sdk/state fallback', () => {
  it('gets the first state from /sdk/state when the stream cannot open, polls with If-None-Match, and stops once streaming', async () => {
    const fake = await startFake({ flags: [flag('a')], seq: 7 })
    fake.streamOverride = (_req, res) => sendJson(res, 503, { statusCode: 503 })
    const { client, events } = connect(fake.url, { pollIntervalMs: 50, reconnect: { baseMs: 100, capMs: 100 } })
    await client.ready({ timeoutMs: 2000 })
    expect(events.ready).toEqual([{ source: 'poll', seq: 7 }])
    expect(client.isEnabled('a')).toBe(true)

    await until(() => fake.stateRequests().length >= 3, 2000, 'more polls')
    expect(fake.stateRequests()[0]!.headers['if-none-match']).toBeUndefined()
    expect(fake.stateRequests()[2]!.headers['if-none-match']).toBe('"7"')

    fake.flags.set('a', flag('a', { enabled: false, version: 2 }))
    fake.seq = 8
    await until(() => !client.isEnabled('a'), 2000, 'the polled change')
    expect(events.change).toMatchObject([{ type: 'flag.upserted', key: 'a', seq: 8, fromSnapshot: true }])

    fake.streamOverride = undefined
    await until(() => fake.streams.size === 1, 2000, 'the stream')
    expect(fake.streamRequests().at(-1)!.headers['last-event-id']).toBe('8')
    const polls = fake.stateRequests().length
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(fake.stateRequests().length).toBeLessThanOrEqual(polls + 1)
  })
})
