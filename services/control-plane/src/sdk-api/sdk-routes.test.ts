import { LATENCY_BUCKET_COUNT } from '@sluice/core'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canaryMetrics } from '../db/schema/index.js'
import { outcomeItem } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
let sdkToken: string

beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
  sdkToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
})
afterAll(() => t.close())

/** A running canary on a new percentage flag that no rule can roll back. */
async function canaryOn(key: string): Promise<string> {
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
  const started = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2', minSampleSize: 10_000_000, latencyGuard: null } })
  expect(started.statusCode, started.body).toBe(201)
  return started.json().id
}

function report(items: unknown[]) {
  return t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items } })
}

async function metricsOf(key: string) {
  const res = await t.request({ method: 'GET', url: `/api/v1/admin/canary-deployments/${key}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().metrics
}

describe('POST /sdk/outcomes bounds', () => {
  it('rejects latencies and bucket counts no request could produce, naming the field, and counts nothing of the batch', async () => {
    await canaryOn('bounded')
    const fine = outcomeItem('bounded', 'baseline', 10, 0)
    const hugeBucket = { ...outcomeItem('bounded', 'canary', 1, 0), latencyBuckets: [1e20, ...new Array(LATENCY_BUCKET_COUNT - 1).fill(0)] }
    const cases: Array<[unknown, RegExp]> = [
      [hugeBucket, /^body\/items\/1\/latencyBuckets\/0 must be <= 10000000$/],
      [{ ...outcomeItem('bounded', 'canary', 1, 0), latencyMsSum: 1e308 }, /^body\/items\/1\/latencyMsSum must be <= /],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencyMsSum: 7_200_001 }, /^body\/items\/1\/latencyMsSum \(7200001\) must be at most requests × 3600000 ms \(7200000\)$/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencyBuckets: [2, 1, ...new Array(LATENCY_BUCKET_COUNT - 2).fill(0)] }, /^body\/items\/1\/latencyBuckets count 3 requests, more than requests \(2\)$/],
    ]
    for (const [item, message] of cases) {
      const res = await report([fine, item])
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().message).toMatch(message)
    }
    expect(await metricsOf('bounded')).toMatchObject({ canary: { requests: 0 }, baseline: { requests: 0 } })
  })

  it('takes an hour per request, twice in one batch, and keeps the canary readable', async () => {
    await canaryOn('slowest')
    const hour = 3_600_000
    const res = await report([outcomeItem('slowest', 'canary', 1, 0, hour), outcomeItem('slowest', 'canary', 1, 0, hour)])
    expect(res.statusCode, res.body).toBe(202)
    expect((await metricsOf('slowest')).canary).toMatchObject({ requests: 2, avgLatencyMs: hour })
  })

  it('answers 400, not 500, when a count would leave the range the database stores', async () => {
    const id = await canaryOn('overflowing')
    expect((await report([outcomeItem('overflowing', 'canary', 1, 0)])).statusCode).toBe(202)
    await t.app.infrastructure.db
      .update(canaryMetrics)
      .set({ latencyBuckets: sql`array_fill(9223372036854775807::bigint, array[${LATENCY_BUCKET_COUNT}::int])` })
      .where(eq(canaryMetrics.canaryId, id))
    const res = await report([outcomeItem('overflowing', 'canary', 1, 0)])
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ code: 'SLUICE_OUT_OF_RANGE' })
    expect((await metricsOf('overflowing')).canary.requests).toBe(1)
  })

  it('shows a canary whose stored latency sum is not a finite number', async () => {
    const id = await canaryOn('infinite')
    expect((await report([outcomeItem('infinite', 'canary', 3, 0)])).statusCode).toBe(202)
    // What two 1e308 latencies in one batch used to store.
    await t.app.infrastructure.db.update(canaryMetrics).set({ latencyMsSum: Number.POSITIVE_INFINITY }).where(eq(canaryMetrics.canaryId, id))
    expect((await metricsOf('infinite')).canary).toMatchObject({ requests: 3, avgLatencyMs: null })
  })
})
