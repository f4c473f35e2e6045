/** StreamConnection on its own: headers, the server's retry field, and when the backoff resets. */
import { Agent } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionError } from './errors.js'
import type { SseEvent } from './sse-parser.js'
import { type ReconnectSettings, StreamConnection } from './stream.js'
import { flag, SDK_KEY, until } from './test-support/fake-control-plane.js'
import { startFake } from './test-support/harness.js'

const open: { stream: StreamConnection; agent: Agent }[] = []

afterEach(async () => {
  for (const { stream, agent } of open.splice(0)) {
    await stream.close()
    await agent.destroy()
  }
})

function streamTo(url: string, reconnect: Partial<ReconnectSettings> = {}, lastEventId?: () => string | undefined) {
  const agent = new Agent()
  const seen = { events: [] as SseEvent[], ended: [] as { error: ConnectionError; opened: boolean; delayMs: number }[], opens: 0 }
  const stream = new StreamConnection(
    {
      url,
      sdkKey: SDK_KEY,
      dispatcher: agent,
      readTimeoutMs: 5000,
      reconnect: { baseMs: 500, capMs: 30_000, resetAfterMs: 30_000, authRetryMs: 60_000, baseFromServer: true, ...reconnect },
      random: () => 0.999,
    },
    {
      open: () => seen.opens++,
      event: (event) => seen.events.push(event),
      ended: (error, opened, delayMs) => seen.ended.push({ error, opened, delayMs }),
      lastEventId: lastEventId ?? (() => undefined),
    },
  )
  open.push({ stream, agent })
  stream.start()
  return seen
}

describe('StreamConnection', () => {
  it('sends the key, the accept header and the Last-Event-ID it is given', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const seen = streamTo(fake.url, {}, () => '41')
    await until(() => seen.events.length === 1)
    const { headers } = fake.streamRequests()[0]!
    expect(headers.authorization).toBe(`Bearer ${SDK_KEY}`)
    expect(headers.accept).toBe('text/event-stream')
    expect(headers['last-event-id']).toBe('41')
  })

  it("takes the server's retry field as its base delay", async () => {
    const fake = await startFake({ flags: [flag('a')], retryMs: 200 })
    const seen = streamTo(fake.url)
    await until(() => seen.opens === 1)
    fake.endStreams()
    await until(() => seen.ended.length === 1)
    // Data was delivered, so the backoff restarted: one draw (0.999) under the server's 200 ms, not the default 500.
    expect(seen.ended[0]!.delayMs).toBe(200)
  })

  it('lets an explicit base delay win over the server', async () => {
    const fake = await startFake({ flags: [flag('a')], retryMs: 200 })
    const seen = streamTo(fake.url, { baseMs: 50, baseFromServer: false })
    await until(() => seen.opens === 1)
    fake.endStreams()
    await until(() => seen.ended.length === 1)
    expect(seen.ended[0]!.delayMs).toBe(50)
  })

  it('doubles the delay across failed attempts and restarts it after a connection that delivered', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    fake.streamOverride = (_req, res) => res.writeHead(503).end()
    const seen = streamTo(fake.url, { baseMs: 10, capMs: 1000, baseFromServer: false })
    await until(() => seen.ended.length >= 4, 3000, 'four failures')
    fake.streamOverride = undefined
    await until(() => seen.opens === 1, 3000, 'an open stream')
    fake.endStreams()
    await until(() => seen.ended.some((e) => e.opened), 3000, 'the end')
    expect(seen.ended.slice(0, 4).map((e) => e.delayMs)).toEqual([10, 20, 40, 80])
    expect(seen.ended.find((e) => e.opened)!.delayMs).toBe(10)
  })

  it('refuses a 200 that is not an event stream', async () => {
    const fake = await startFake()
    fake.streamOverrides.push((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>proxy login</h1>'))
    const seen = streamTo(fake.url, { baseMs: 10, baseFromServer: false })
    await until(() => seen.ended.length === 1)
    expect(seen.ended[0]!.error).toMatchObject({ code: 'SLUICE_BAD_RESPONSE', statusCode: 200 })
    expect(seen.ended[0]!.opened).toBe(false)
    await until(() => seen.opens === 1, 2000, 'the next, proper stream')
  })

  it('stops for good on close(), even mid-sleep', async () => {
    const fake = await startFake()
    fake.streamOverride = (_req, res) => res.writeHead(503).end()
    const seen = streamTo(fake.url, { baseMs: 5000, capMs: 5000, baseFromServer: false })
    await until(() => seen.ended.length === 1)
    const { stream } = open[0]!
    const started = Date.now()
    await stream.close()
    // Well inside the 5 s backoff it was sleeping in: close() did not wait for it.
    expect(Date.now() - started).toBeLessThan(2_000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(fake.streamRequests()).toHaveLength(1)
  })
})
