/**
 * Outcome flushing, client ↔ fake control plane over real HTTP: the body, the retries that
 * keep counts across an outage, what is dropped and why, and the last flush on close().
 */
import { latencyBucketOf, LATENCY_BUCKET_COUNT, sketchCount, sketchIndexOf } from '@sluice/core'
import { describe, expect, it } from 'vitest'
import { canary, flag, SDK_KEY, sendJson, until } from './test-support/fake-control-plane.js'
import { connect, startFake } from './test-support/harness.js'

function status(code: number, headers: Record<string, string> = {}) {
  return (_req: unknown, res: Parameters<typeof sendJson>[0]) => sendJson(res, code, { statusCode: code, error: 'x', message: `answered ${code}` }, headers)
}

async function streamingClient(options: Parameters<typeof connect>[1] = {}, flags = [flag('pay')]) {
  const fake = await startFake({ flags, canaries: flags.map((f) => canary(f.key)) })
  const { client, logger } = connect(fake.url, { flushIntervalMs: 20, ...options })
  await client.ready({ timeoutMs: 2000 })
  return { fake, client, logger }
}

describe('outcome flushing', () => {
  it('posts aggregated items in the contract’s shape, with the SDK key and the canary id', async () => {
    const { fake, client } = await streamingClient()
    client.recordRequest('pay', { userId: 'u1' }, { success: true, latencyMs: 12 })
    client.recordRequest('pay', { userId: 'u2' }, { success: false, latencyMs: 700 })
    await until(() => client.stats().flushes === 1, 3000, 'a flush')

    const sketch = { [sketchIndexOf(12)]: 1, [sketchIndexOf(700)]: 1 }
    expect(fake.acceptedOutcomes[0]).toEqual({
      items: [{ flagKey: 'pay', side: 'canary', requests: 2, errors: 1, latencyMsSum: 712, latencySketch: sketch, canaryId: 'canary-pay' }],
    })
    const post = fake.requests.find((r) => r.path === '/api/v1/sdk/outcomes')!
    expect(post.headers.authorization).toBe(`Bearer ${SDK_KEY}`)
    expect(post.headers['content-type']).toBe('application/json')
    expect(client.stats()).toMatchObject({ outcomesPending: 0, outcomesSent: 2, flushes: 1, flushFailures: 0 })
  })

  it('sends the old latency histogram to a control plane that predates the sketch, and loses no count', async () => {
    const fake = await startFake({ flags: [flag('pay')], canaries: [canary('pay')], acceptSketch: false })
    const { client } = connect(fake.url, { flushIntervalMs: 20 })
    await client.ready({ timeoutMs: 2000 })
    client.recordRequest('pay', { userId: 'u1' }, { success: true, latencyMs: 12 })
    client.recordRequest('pay', { userId: 'u2' }, { success: false, latencyMs: 700 })
    await until(() => client.stats().outcomesPending === 0, 3000, 'delivery')
    const buckets = new Array(LATENCY_BUCKET_COUNT).fill(0)
    buckets[latencyBucketOf(12)]++
    buckets[latencyBucketOf(700)]++
    expect(fake.acceptedOutcomes).toEqual([{ items: [{ flagKey: 'pay', side: 'canary', requests: 2, errors: 1, latencyMsSum: 712, latencyBuckets: buckets, canaryId: 'canary-pay' }] }])
    expect(client.stats()).toMatchObject({ outcomesSent: 2, outcomesDropped: 0 })
  })

  it('sends nothing while nothing was recorded', async () => {
    const { fake } = await streamingClient()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(fake.outcomeRequests).toHaveLength(0)
  })

  it('keeps the counts through 503s and delivers every one of them once the control plane answers 202', async () => {
    const { fake, client } = await streamingClient()
    fake.outcomeOverrides.push(status(503), status(503))
    for (let i = 0; i < 50; i++) client.recordRequest('pay', { userId: `u${i}` }, { success: i % 10 !== 0, latencyMs: i })
    await until(() => client.stats().flushFailures >= 1, 3000, 'a failed flush')
    for (let i = 50; i < 120; i++) client.recordRequest('pay', { userId: `u${i}` }, { success: i % 10 !== 0, latencyMs: i })
    await until(() => client.stats().outcomesPending === 0, 5000, 'delivery')

    const totals = fake.outcomeTotals('pay', 'canary')
    expect(totals.requests).toBe(120)
    expect(totals.errors).toBe(12)
    expect(totals.latencyMsSum).toBe((119 * 120) / 2)
    expect(sketchCount(totals.latencySketch)).toBe(120)
    expect(client.stats()).toMatchObject({ outcomesSent: 120, outcomesDropped: 0, flushFailures: 2 })
  })

  it('sends a batch that got no answer again under the same Idempotency-Key, and what was counted since under a new one', async () => {
    const { fake, client } = await streamingClient()
    fake.outcomeOverrides.push(status(503))
    for (let i = 0; i < 5; i++) client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().flushFailures >= 1, 3000, 'a failed flush')
    for (let i = 0; i < 3; i++) client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesPending === 0, 5000, 'delivery')

    const posts = fake.requests.filter((r) => r.path === '/api/v1/sdk/outcomes').map((r) => r.headers['idempotency-key'])
    expect(posts).toHaveLength(3)
    expect(posts[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(posts[1]).toBe(posts[0])
    expect(posts[2]).not.toBe(posts[0])
    // The retry carries exactly what the first attempt did; the later counts travel apart.
    expect(fake.acceptedOutcomes.map((body) => (body as { items: Array<{ requests: number }> }).items.map((item) => item.requests))).toEqual([[5], [3]])
    expect(client.stats()).toMatchObject({ outcomesSent: 8, outcomesDropped: 0 })
  })

  it('loses no count when the control plane restarts', async () => {
    const { fake, client } = await streamingClient()
    const port = fake.port
    await fake.stop()
    for (let i = 0; i < 30; i++) client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().flushFailures >= 2, 5000, 'failed flushes')
    for (let i = 0; i < 30; i++) client.recordRequest('pay', {}, { success: false, latencyMs: 1 })
    await fake.listen(port)
    await until(() => client.stats().outcomesPending === 0, 10_000, 'delivery after the restart')
    expect(fake.outcomeTotals('pay', 'canary')).toMatchObject({ requests: 60, errors: 30 })
  })

  it('backs off between failed flushes rather than retrying every interval', async () => {
    const { fake, client } = await streamingClient({ flushIntervalMs: 20 })
    for (let i = 0; i < 6; i++) fake.outcomeOverrides.push(status(503))
    client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().flushes === 1, 10_000, 'delivery')
    const posts = fake.requests.filter((r) => r.path === '/api/v1/sdk/outcomes').map((r) => r.at)
    const gaps = posts.slice(1).map((at, i) => at - posts[i]!)
    // Equal jitter: each wait is at least half of a ceiling that doubles from the interval.
    expect(gaps.at(-1)!).toBeGreaterThanOrEqual(20 * 2 ** 5 * 0.5 - 5)
  })

  it('honours Retry-After on 429', async () => {
    const { fake, client } = await streamingClient()
    fake.outcomeOverrides.push(status(429, { 'retry-after': '1' }))
    client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().flushFailures === 1, 3000, 'the 429')
    const first = fake.requests.find((r) => r.path === '/api/v1/sdk/outcomes')!.at
    await until(() => client.stats().flushes === 1, 5000, 'delivery')
    const second = fake.requests.filter((r) => r.path === '/api/v1/sdk/outcomes')[1]!.at
    expect(second - first).toBeGreaterThanOrEqual(990)
  })

  it('drops a batch answered 400, logs why, never retries it, and carries on with later counts', async () => {
    const { fake, client, logger } = await streamingClient()
    fake.outcomeOverrides.push(status(400))
    for (let i = 0; i < 7; i++) client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesDropped === 7, 3000, 'the drop')
    expect(logger.lines.some((l) => l.level === 'error' && l.text.includes('answered 400 (answered 400)'))).toBe(true)
    client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesSent === 1, 3000, 'the next flush')
    expect(fake.outcomeTotals('pay', 'canary').requests).toBe(1)
    expect(fake.outcomeRequests).toHaveLength(2)
  })

  it('keeps the counts on 401 and retries on the slow schedule', async () => {
    const { fake, client, logger } = await streamingClient()
    fake.outcomeOverrides.push(status(401))
    client.recordRequest('pay', {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().flushFailures === 1, 3000, 'the 401')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(fake.outcomeRequests).toHaveLength(1)
    expect(client.stats().outcomesPending).toBe(1)
    expect(logger.lines.some((l) => l.level === 'error' && l.text.includes('answered 401'))).toBe(true)
  })

  it('splits a batch answered 413 in halves', async () => {
    const flags = ['a', 'b', 'c'].map((key) => flag(key))
    const { fake, client } = await streamingClient({}, flags)
    fake.outcomeOverrides.push(status(413))
    for (const f of flags) client.recordRequest(f.key, {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesSent === 3, 3000, 'delivery')
    expect(fake.outcomeRequests.map((r) => [r.status, (r.body as { items: unknown[] }).items.length])).toEqual([
      [-1, 3],
      [202, 2],
      [202, 1],
    ])
  })

  it('sends at most 1000 items per request', async () => {
    const flags = Array.from({ length: 1001 }, (_, i) => flag(`f${i}`))
    const { fake, client } = await streamingClient({ flushIntervalMs: 200 }, flags)
    for (const f of flags) client.recordRequest(f.key, {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesSent === 1001, 5000, 'delivery')
    expect(fake.acceptedOutcomes.map((body) => body.items.length)).toEqual([1000, 1])
  })

  it('drops the oldest entries beyond outcomeBufferSize during an outage, and says so', async () => {
    const flags = ['a', 'b', 'c'].map((key) => flag(key))
    const { fake, client, logger } = await streamingClient({ outcomeBufferSize: 2 }, flags)
    fake.outcomeOverrides.push(status(503))
    for (const f of flags) client.recordRequest(f.key, {}, { success: true, latencyMs: 1 })
    await until(() => client.stats().outcomesSent === 2, 5000, 'delivery')
    expect(client.stats()).toMatchObject({ outcomesDropped: 1, outcomesPending: 0 })
    expect(fake.acceptedOutcomes.flatMap((body) => body.items.map((item) => item.flagKey))).toEqual(['b', 'c'])
    expect(logger.lines.some((l) => l.level === 'warn' && l.text.includes('dropped 1 canary outcomes'))).toBe(true)
  })

  it('never has two flushes in flight', async () => {
    const { fake, client } = await streamingClient({ flushIntervalMs: 10 })
    let inFlight = 0
    let most = 0
    const slow = (_req: unknown, res: Parameters<typeof sendJson>[0]) => {
      inFlight++
      most = Math.max(most, inFlight)
      setTimeout(() => {
        inFlight--
        sendJson(res, 202, { accepted: 1, ignored: 0 })
      }, 80)
    }
    fake.outcomeOverrides.push(slow, slow, slow)
    const recording = setInterval(() => client.recordRequest('pay', {}, { success: true, latencyMs: 1 }), 5)
    try {
      await until(() => client.stats().flushes >= 3, 5000, 'three slow flushes')
    } finally {
      clearInterval(recording)
    }
    expect(most).toBe(1)
  })

  it('flushes what is left on close()', async () => {
    const { fake, client } = await streamingClient({ flushIntervalMs: 60_000 })
    client.recordRequest('pay', {}, { success: true, latencyMs: 5 })
    client.recordRequest('pay', {}, { success: false, latencyMs: 5 })
    await client.close()
    expect(fake.outcomeTotals('pay', 'canary')).toMatchObject({ requests: 2, errors: 1 })
    expect(client.stats().outcomesPending).toBe(0)
  })

  it('does not let a dead control plane hold close() for long', async () => {
    const { fake, client, logger } = await streamingClient({ flushIntervalMs: 60_000 })
    fake.outcomeOverrides.push(() => {}) // never answers
    client.recordRequest('pay', {}, { success: true, latencyMs: 5 })
    const started = Date.now()
    await client.close()
    expect(Date.now() - started).toBeLessThan(4000)
    expect(logger.lines.some((l) => l.text.includes('1 canary outcomes could not be delivered before close'))).toBe(true)
  })
})
