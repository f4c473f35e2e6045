import type { CanarySide } from '@sluice/core'
import { emptyHistogram } from '@sluice/core'
import { inArray, lt, sql } from 'drizzle-orm'
import { rowsOf } from '../db/database.js'
import type { Db } from '../db/database.js'
import { canaries, canaryMetrics, canaryWindows } from '../db/schema/index.js'
import { WINDOW_SECONDS, type RecentCounts, type SideCounts } from './canary-analysis.js'

export interface OutcomeCounts {
  requests: number
  errors: number
  latencyMsSum: number
  latencyBuckets: number[]
}

export interface OutcomeSum {
  canaryId: string
  side: CanarySide
  counts: OutcomeCounts
}

/**
 * Adds a batch of counts to the totals and to the current window, one row per (canary, side)
 * in each, in one transaction: a batch is counted whole or not at all, so an SDK that retries
 * after a failure never counts it twice. The row locks taken by the upserts serialise
 * concurrent batches on the same side, so none is lost whichever replica receives it; rows are
 * locked in one order (canary id, then side) so two batches holding locks across both upserts
 * cannot deadlock. Histogram buckets are added element by element. Callers sum first: a
 * statement may not touch the same row twice.
 */
export async function addOutcomes(db: Db, sums: OutcomeSum[]): Promise<void> {
  if (sums.length === 0) return
  const lockOrder = (sum: OutcomeSum) => `${sum.canaryId}:${sum.side}`
  const batch = [...sums].sort((a, b) => (lockOrder(a) < lockOrder(b) ? -1 : 1))
  await db.transaction(async (tx) => {
    await addTotals(tx, batch)
    await addWindowCounts(tx, batch)
  })
}

async function addTotals(db: Db, batch: OutcomeSum[]): Promise<void> {
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

async function addWindowCounts(db: Db, batch: OutcomeSum[]): Promise<void> {
  await db
    .insert(canaryWindows)
    .values(batch.map(({ canaryId, side, counts }) => ({ canaryId, side, windowStart: CURRENT_WINDOW as unknown as Date, requests: counts.requests, errors: counts.errors })))
    .onConflictDoUpdate({
      target: [canaryWindows.canaryId, canaryWindows.side, canaryWindows.windowStart],
      set: { requests: sql`${canaryWindows.requests} + excluded.requests`, errors: sql`${canaryWindows.errors} + excluded.errors` },
    })
}

/** Windows are aligned on the database's clock, so every replica counts into the same one. */
const CURRENT_WINDOW = sql`to_timestamp(floor(extract(epoch from now()) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS})`

/**
 * Each canary's counts over the current window and the one before, and the current window's
 * number counted from the window the canary started in (1 = that window).
 */
export async function readRecent(db: Db, canaryIds: string[]): Promise<Map<string, RecentCounts>> {
  const result = new Map<string, RecentCounts>()
  if (canaryIds.length === 0) return result
  const rows = rowsOf<{ canary_id: string; side: string | null; requests: string | number; errors: string | number; window: string | number }>(
    await db.execute(sql`
      select c.id as canary_id, w.side, coalesce(sum(w.requests), 0) as requests, coalesce(sum(w.errors), 0) as errors,
        floor(extract(epoch from now()) / ${WINDOW_SECONDS}) - floor(extract(epoch from c.started_at) / ${WINDOW_SECONDS}) + 1 as window
      from ${canaries} c
      left join ${canaryWindows} w on w.canary_id = c.id and w.window_start >= ${CURRENT_WINDOW} - make_interval(secs => ${WINDOW_SECONDS})
      where c.id in ${sql`(${sql.join(canaryIds.map((id) => sql`${id}::uuid`), sql`, `)})`}
      group by c.id, c.started_at, w.side`),
  )
  for (const row of rows) {
    const entry = result.get(row.canary_id) ?? { canary: { requests: 0, errors: 0 }, baseline: { requests: 0, errors: 0 }, window: Number(row.window) }
    if (row.side === 'canary' || row.side === 'baseline') entry[row.side] = { requests: Number(row.requests), errors: Number(row.errors) }
    result.set(row.canary_id, entry)
  }
  return result
}

/** Windows only matter while they are recent. */
export async function pruneWindows(db: Db): Promise<void> {
  await db.delete(canaryWindows).where(lt(canaryWindows.windowStart, sql`now() - interval '5 minutes'`))
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
