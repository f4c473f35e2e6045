import type { CanarySide } from '@sluice/core'
import { emptyHistogram } from '@sluice/core'
import { inArray, sql } from 'drizzle-orm'
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
 * Adds a batch of counts in one statement, one row per (canary, side). The row locks taken by
 * the upsert serialise concurrent batches on the same side, so none is lost whichever replica
 * receives it; histogram buckets are added element by element. Callers sum first: a statement
 * may not touch the same row twice.
 */
export async function addOutcomes(db: Db, batch: Array<{ canaryId: string; side: CanarySide; counts: OutcomeCounts }>): Promise<void> {
  if (batch.length === 0) return
  await db
    .insert(canaryMetrics)
    .values(
      batch.map(({ canaryId, side, counts }) => ({
        canaryId,
        side,
        requests: counts.requests,
        errors: counts.errors,
        latencyMsSum: counts.latencyMsSum,
        latencyBuckets: sql`${`{${counts.latencyBuckets.join(',')}}`}::bigint[]` as unknown as number[],
      })),
    )
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

export type CanaryCounts = Record<CanarySide, SideCounts>

const emptySide = (): SideCounts => ({ requests: 0, errors: 0, latencyMsSum: 0, latencyBuckets: emptyHistogram() })

/** Both sides' counters of each canary, in one read. */
export async function readMetricsOf(db: Db, canaryIds: string[]): Promise<Map<string, CanaryCounts>> {
  const result = new Map<string, CanaryCounts>(canaryIds.map((id) => [id, { canary: emptySide(), baseline: emptySide() }]))
  if (canaryIds.length === 0) return result
  for (const row of await db.select().from(canaryMetrics).where(inArray(canaryMetrics.canaryId, canaryIds))) {
    result.get(row.canaryId)![row.side as CanarySide] = {
      requests: Number(row.requests),
      errors: Number(row.errors),
      latencyMsSum: row.latencyMsSum,
      latencyBuckets: row.latencyBuckets.map(Number),
    }
  }
  return result
}

export async function readMetrics(db: Db, canaryId: string): Promise<CanaryCounts> {
  return (await readMetricsOf(db, [canaryId])).get(canaryId)!
}
