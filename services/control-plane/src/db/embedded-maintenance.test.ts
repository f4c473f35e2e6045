import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMetrics } from '../canaries/canary-metrics-store.js'
import { appendOutcomes, foldOutcomes } from '../canaries/outcome-log-store.js'
import { unendingCanary } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { testBackend } from '../test-support/test-env.js'
import { rowsOf } from './rows.js'

// A Postgres server vacuums itself (autovacuum); embedded PGlite has no background processes.
describe.runIf(testBackend() === 'pglite')('the embedded database', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ jobIntervalMs: 3_600_000 })
  })
  afterAll(() => t.close())

  const heapBytes = async (table: string) =>
    Number(rowsOf<{ bytes: string | number }>(await t.app.infrastructure.db.execute(sql`select pg_relation_size(${table}) as bytes`))[0]!.bytes)

  it('reclaims the space of folded outcome rows at its next periodic vacuum, and keeps every count', async () => {
    const db = t.app.infrastructure.db
    const canaryId = await unendingCanary(t, 'vacuumed_log')
    const latencySketch = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(300 + i), 1]))
    const sums = (['canary', 'baseline'] as const).map((side) => ({ canaryId, side, counts: { requests: 40, errors: 1, latencyMsSum: 800, latencySketch } }))
    // As ingest and the analysis do: groups appended, then folded into the counters.
    for (let fold = 0; fold < 50; fold++) {
      for (let group = 0; group < 10; group++) await appendOutcomes(db, sums)
      await foldOutcomes(db, [canaryId])
    }
    const grown = await heapBytes('canary_outcome_log')
    // 1,000 rows appended and folded away: their space is still taken.
    expect(grown).toBeGreaterThan(500_000)

    await t.app.jobs.tick()

    expect(await heapBytes('canary_outcome_log')).toBeLessThan(grown / 10)
    const metrics = await readMetrics(db, canaryId)
    expect([metrics.canary.requests, metrics.baseline.errors]).toEqual([500 * 40, 500])
  })
})
