import type { CanarySide } from '@sluice/core'
import { emptyHistogram } from '@sluice/core'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { canaryMetrics } from '../db/schema/index.js'
import type { SideCounts } from './canary-analysis.js'

export interface OutcomeCounts {
  requests: number
  errors: number
  latencyMsSum: number
  latencyBuckets: number[]
}

/**
 * Adds a batch to a side's counters in one statement. The row lock taken by the upsert
 * serialises concurrent batches on the same side, so none is lost whichever replica
 * receives it; histogram buckets are added element by element.
 */
export async function addOutcomes(db: Db, canaryId: string, side: CanarySide, counts: OutcomeCounts): Promise<void> {
  const buckets = sql`${`{${counts.latencyBuckets.join(',')}}`}::bigint[]`
  await db
    .insert(canaryMetrics)
    .values({
      canaryId,
      side,
      requests: counts.requests,
      errors: counts.errors,
      latencyMsSum: counts.latencyMsSum,
      latencyBuckets: sql`${buckets}` as unknown as number[],
    })
    .onConflictDoUpdate({
      target: [canaryMetrics.canaryId, canaryMetrics.side],
      set: {
        requests: sql`${canaryMetrics.requests} + excluded.requests`,
        errors: sql`${canaryMetrics.errors} + excluded.errors`,
        latencyMsSum: sql`${canaryMetrics.latencyMsSum} + excluded.latency_ms_sum`,
        latencyBuckets: sql`array(select coalesce(a, 0) + coalesce(b, 0) from unnest(${canaryMetrics.latencyBuckets}, excluded.latency_buckets) with ordinality as t(a, b, i) order by i)`,
        updatedAt: sql`now()`,
      },
    })
}

export async function readMetrics(db: Db, canaryId: string): Promise<Record<CanarySide, SideCounts>> {
  const rows = await db.select().from(canaryMetrics).where(eq(canaryMetrics.canaryId, canaryId))
  const empty = (): SideCounts => ({ requests: 0, errors: 0, latencyMsSum: 0, latencyBuckets: emptyHistogram() })
  const result = { canary: empty(), baseline: empty() }
  for (const row of rows) {
    result[row.side as CanarySide] = {
      requests: Number(row.requests),
      errors: Number(row.errors),
      latencyMsSum: row.latencyMsSum,
      latencyBuckets: row.latencyBuckets.map(Number),
    }
  }
  return result
}
