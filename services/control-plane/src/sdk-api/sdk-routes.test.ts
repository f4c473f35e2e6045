import { LATENCY_BUCKET_COUNT } from '@sluice/core'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/rows.js'
import { canaryMetrics, canaryOutcomeLog, chaosInjections } from '../db/schema/index.js'
import { outcomeItem, unendingCanary } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
let sdkToken: string

beforeAll(async () => {
  // Chaos rules (never armed here) give a counter to fill: staging, where chaos is allowed.
  t = await createTestApp({ jobIntervalMs: 3_600_000, env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' } })
  sdkToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
})
afterAll(() => t.close())

const canaryOn = (key: string) => unendingCanary(t, key)

/** Reports a batch, then waits for the analysis it triggers (which never delays the answer). */
async function report(items: unknown[]) {
  const res = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items } })
  await t.app.canaryAnalysis.settled()
  return res
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
      [hugeBucket, /^items\[1\]\.latencyBuckets\[0\]: must be ≤ 10000000$/],
      [{ ...outcomeItem('bounded', 'canary', 1, 0), latencyMsSum: 1e308 }, /^items\[1\]\.latencyMsSum: must be ≤ /],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencyMsSum: 7_200_001 }, /^items\[1\]\.latencyMsSum: must be at most requests × 3600000 ms \(7200000\), got 7200001$/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencyBuckets: [2, 1, ...new Array(LATENCY_BUCKET_COUNT - 2).fill(0)] }, /^items\[1\]\.latencyBuckets: must count at most requests \(2\), got 3$/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencySketch: { '100': 3 } }, /^items\[1\]\.latencySketch: must count at most requests \(2\), got 3$/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencySketch: { '9999': 1 } }, /^items\[1\]\.latencySketch: has bucket 9999, which no latency from 0 to 3600000 ms maps to$/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencySketch: { '1.5': 1 } }, /^items\[1\]\.latencySketch.*1\.5/],
      [{ ...outcomeItem('bounded', 'canary', 2, 0), latencySketch: { '100': 1e20 } }, /^items\[1\]\.latencySketch.*100.*: must be ≤ 10000000$/],
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

  /** A chaos rule whose injection counter is at the largest bigint: the next injection reported for it cannot be stored. */
  async function fullInjectionCounter(): Promise<string> {
    const created = await t.request({ method: 'POST', url: '/api/v1/admin/chaos-rules', payload: { name: 'full counter', type: 'error', probability: 10, enabled: false } })
    expect(created.statusCode, created.body).toBe(201)
    const ruleId = created.json().id as string
    await t.app.infrastructure.db.insert(chaosInjections).values({ ruleId, injected: sql`9223372036854775807` })
    return ruleId
  }

  const reportWith = (items: unknown[], chaos: unknown[]) =>
    t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items, chaos } })

  it('answers 400, not 500, when a count would leave the range the database stores, and counts nothing of that batch', async () => {
    await canaryOn('overflowing')
    const ruleId = await fullInjectionCounter()
    expect((await report([outcomeItem('overflowing', 'canary', 1, 0)])).statusCode).toBe(202)
    const res = await reportWith([outcomeItem('overflowing', 'canary', 1, 1)], [{ ruleId, injected: 1 }])
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ code: 'SLUICE_OUT_OF_RANGE' })
    await t.app.canaryAnalysis.settled()
    expect((await metricsOf('overflowing')).canary).toMatchObject({ requests: 1, errors: 0 })
  })

  it('refuses only the batch the database cannot store, and counts the batches written in the same commit', async () => {
    await canaryOn('poisoned')
    await canaryOn('bystander')
    const ruleId = await fullInjectionCounter()
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => reportWith([outcomeItem('bystander', 'canary', 3, 1), outcomeItem('bystander', 'baseline', 30, 0)], [])),
      reportWith([outcomeItem('poisoned', 'canary', 1, 1)], [{ ruleId, injected: 1 }]),
    ])
    expect(answers.map((res) => res.statusCode)).toEqual([...new Array(20).fill(202), 400])
    await t.app.canaryAnalysis.settled()
    expect(await metricsOf('bystander')).toMatchObject({ canary: { requests: 60, errors: 20 }, baseline: { requests: 600 } })
    expect((await metricsOf('poisoned')).canary.requests).toBe(0)
  })

  it('keeps counting, and keeps every other canary counting, once a counter reaches the end of its range', async () => {
    const id = await canaryOn('saturated')
    await canaryOn('saturated_neighbour')
    expect((await report([outcomeItem('saturated', 'canary', 1, 0)])).statusCode).toBe(202)
    await t.app.infrastructure.db.update(canaryMetrics).set({ errors: sql`9223372036854775807` }).where(eq(canaryMetrics.canaryId, id))
    expect((await report([outcomeItem('saturated', 'canary', 2, 1), outcomeItem('saturated_neighbour', 'canary', 4, 1)])).statusCode).toBe(202)
    const stored = await t.app.infrastructure.db.execute(sql`select requests::text, errors::text from canary_metrics where canary_id = ${id}`)
    expect(rowsOf(stored)).toEqual([{ requests: '3', errors: '9223372036854775807' }])
    expect((await metricsOf('saturated_neighbour')).canary).toMatchObject({ requests: 4, errors: 1 })
  })

  it('shows a canary whose stored latency sum is not a finite number', async () => {
    const id = await canaryOn('infinite')
    expect((await report([outcomeItem('infinite', 'canary', 3, 0)])).statusCode).toBe(202)
    // What two 1e308 latencies in one batch used to store.
    await t.app.infrastructure.db.update(canaryMetrics).set({ latencyMsSum: Number.POSITIVE_INFINITY }).where(eq(canaryMetrics.canaryId, id))
    expect((await metricsOf('infinite')).canary).toMatchObject({ requests: 3, avgLatencyMs: null })
  })
})

describe('POST /sdk/outcomes with an Idempotency-Key', () => {
  it('answers a batch sent again with its key 202 with the first answer and counts it once', async () => {
    await canaryOn('replayed')
    const send = (key: string) =>
      t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, headers: { 'idempotency-key': key }, payload: { items: [outcomeItem('replayed', 'canary', 5, 1)] } })
    const first = await send('5b7f2c1e-8d0a-4c39-9f6e-2a41d3b8e0c7')
    expect(first.statusCode, first.body).toBe(202)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    const again = await send('5b7f2c1e-8d0a-4c39-9f6e-2a41d3b8e0c7')
    expect(again.statusCode, again.body).toBe(202)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    expect((await send('another-batch')).statusCode).toBe(202)
    await t.app.canaryAnalysis.settled()
    expect((await metricsOf('replayed')).canary).toMatchObject({ requests: 10, errors: 2 })
  })

  it('refuses a key that is not 1 to 128 letters, digits and ._:-, naming the header, and counts nothing', async () => {
    await canaryOn('badly_keyed')
    const res = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, headers: { 'idempotency-key': 'has space' }, payload: { items: [outcomeItem('badly_keyed', 'canary', 5, 1)] } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().message).toMatch(/idempotency-key/)
    expect((await metricsOf('badly_keyed')).canary.requests).toBe(0)
  })
})

describe('POST /sdk/outcomes retried after a failure', () => {
  /** Makes the database refuse what `when` matches on `table` until the returned function runs. */
  async function refuse(table: string, timing: 'insert' | 'update', when: string): Promise<() => Promise<void>> {
    const { db } = t.app.infrastructure
    await db.execute(sql.raw(`create function refuse_${table}() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`))
    await db.execute(sql.raw(`create trigger refuse_${table} before ${timing} on ${table} for each row when (${when}) execute function refuse_${table}()`))
    return async () => {
      await db.execute(sql.raw(`drop trigger refuse_${table} on ${table}`))
      await db.execute(sql.raw(`drop function refuse_${table}()`))
    }
  }

  it('stores none of a batch whose write fails for one side, so the SDK retrying it counts it once', async () => {
    await canaryOn('atomic')
    const batch = [outcomeItem('atomic', 'canary', 7, 1), outcomeItem('atomic', 'baseline', 70, 2)]
    const allow = await refuse('canary_outcome_log', 'insert', `new.side = 'baseline'`)
    try {
      expect((await report(batch)).statusCode).toBe(500)
    } finally {
      await allow()
    }
    expect((await report(batch)).statusCode).toBe(202)
    expect(await metricsOf('atomic')).toMatchObject({ canary: { requests: 7, errors: 1 }, baseline: { requests: 70, errors: 2 } })
  })

  it('counts what it acknowledged while folding the outcome log fails, and folds it exactly once when folding works again', async () => {
    const id = await canaryOn('unfolded')
    const allow = await refuse('canary_windows', 'insert', 'true')
    try {
      for (let i = 0; i < 3; i++) expect((await report([outcomeItem('unfolded', 'canary', 5, 1), outcomeItem('unfolded', 'baseline', 50, 1)])).statusCode).toBe(202)
      expect(await metricsOf('unfolded')).toMatchObject({ canary: { requests: 15, errors: 3 }, baseline: { requests: 150, errors: 3 } })
      expect(await t.app.infrastructure.db.select().from(canaryOutcomeLog).where(eq(canaryOutcomeLog.canaryId, id))).toHaveLength(6)
    } finally {
      await allow()
    }
    await t.app.jobs.tick()
    expect(await t.app.infrastructure.db.select().from(canaryOutcomeLog).where(eq(canaryOutcomeLog.canaryId, id))).toHaveLength(0)
    expect(await metricsOf('unfolded')).toMatchObject({ canary: { requests: 15, errors: 3 }, baseline: { requests: 150, errors: 3 } })
  })

  it('answers 202 once the counts are stored even when the analysis fails, and leaves the canary to the scheduler', async () => {
    const failing = (key: string) => [outcomeItem(key, 'canary', 200, 100), outcomeItem(key, 'baseline', 2000, 20)]
    for (const key of ['stuck', 'unstuck']) {
      expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
      expect((await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2' } })).statusCode).toBe(201)
    }
    const statusOf = async (key: string) => (await t.request({ method: 'GET', url: `/api/v1/admin/canary-deployments/${key}` })).json().status
    const allow = await refuse('canaries', 'update', `new.feature_key = 'stuck' and new.status = 'rolled_back'`)
    try {
      const res = await report([...failing('stuck'), ...failing('unstuck')])
      expect(res.statusCode, res.body).toBe(202)
      expect(await statusOf('stuck')).toBe('running')
      expect(await statusOf('unstuck')).toBe('rolled_back')
    } finally {
      await allow()
    }
    expect((await metricsOf('stuck')).canary).toMatchObject({ requests: 200, errors: 100 })
    await t.app.jobs.tick()
    expect(await statusOf('stuck')).toBe('rolled_back')
  })
})
