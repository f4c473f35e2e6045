import { type CanarySide, type LatencySketch, mergeSketch, sketchFromHistogram } from '@sluice/core'
import { inArray, lt, sql } from 'drizzle-orm'
import { rowsOf } from '../db/rows.js'
import type { Db } from '../db/database.js'
import { canaries, canaryMetrics, canaryWindows } from '../db/schema/index.js'
import { WINDOW_SECONDS, type RecentCounts, type SideCounts } from './canary-analysis.js'

export interface OutcomeSum {
  canaryId: string
  side: CanarySide
  counts: SideCounts
}

/** A side's totals right after an addition. */
export interface SideTotals {
  canaryId: string
  side: CanarySide
  requests: number
  errors: number
}

/**
 * Adds a batch of counts to the totals and to the current window, one row per (canary, side)
 * in each, in one statement (two data-modifying CTEs): a batch is counted whole or not at all,
 * so an SDK that retries after a failure never counts it twice, and it costs one round trip,
 * not the four of a transaction. `db` may be a transaction, to count more with it. The row
 * locks taken by the upserts serialise concurrent batches on the same side, so none is lost
 * whichever replica receives it; rows are locked in one order (canary id, then side) so two
 * batches cannot deadlock. Sketches are added bucket by bucket. Callers sum first: a statement
 * may not touch the same row twice. The counts go to `stripe` (see canary_metrics.stripe).
 * Returns each side's totals after the addition.
 */
export async function addOutcomes(db: Db, sums: OutcomeSum[], stripe = 0): Promise<SideTotals[]> {
  if (sums.length === 0) return []
  const lockOrder = (sum: OutcomeSum) => `${sum.canaryId}:${sum.side}`
  const batch = [...sums]
    .sort((a, b) => (lockOrder(a) < lockOrder(b) ? -1 : 1))
    .map(({ canaryId, side, counts }) => ({
      canary_id: canaryId,
      side,
      requests: counts.requests,
      errors: counts.errors,
      latency_ms_sum: counts.latencyMsSum,
      latency_sketch: counts.latencySketch,
      stripe,
    }))
  const rows = rowsOf<{ canary_id: string; side: string; requests: string | number; errors: string | number }>(
    await db.execute(sql`
      with input as (
        select * from rows from (jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as (canary_id uuid, side text, requests bigint, errors bigint, latency_ms_sum double precision, latency_sketch jsonb, stripe smallint))
          with ordinality as t(canary_id, side, requests, errors, latency_ms_sum, latency_sketch, stripe, ord)
      ),
      windows as (
        insert into canary_windows as w (canary_id, side, window_start, stripe, requests, errors)
        select canary_id, side, ${CURRENT_WINDOW}, stripe, requests, errors from input order by ord
        on conflict (canary_id, side, window_start, stripe) do update set requests = w.requests + excluded.requests, errors = w.errors + excluded.errors
      )
      insert into canary_metrics as m (canary_id, side, stripe, requests, errors, latency_ms_sum, latency_sketch)
      select canary_id, side, stripe, requests, errors, latency_ms_sum, latency_sketch from input order by ord
      on conflict (canary_id, side, stripe) do update set
        requests = m.requests + excluded.requests,
        errors = m.errors + excluded.errors,
        latency_ms_sum = m.latency_ms_sum + excluded.latency_ms_sum,
        latency_sketch = ${SUMMED_SKETCH},
        updated_at = now()
      returning canary_id, side,
        -- The side's totals: this stripe as written, the others as committed.
        requests + (select coalesce(sum(o.requests), 0) from canary_metrics o where o.canary_id = m.canary_id and o.side = m.side and o.stripe <> m.stripe) as requests,
        errors + (select coalesce(sum(o.errors), 0) from canary_metrics o where o.canary_id = m.canary_id and o.side = m.side and o.stripe <> m.stripe) as errors`),
  )
  return rows.map((row) => ({ canaryId: row.canary_id, side: row.side as CanarySide, requests: Number(row.requests), errors: Number(row.errors) }))
}

/** The sum of two stored sketches, bucket by bucket (jsonb objects of index → count). */
const SUMMED_SKETCH = sql`(
  select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (
    select k, sum(v::bigint) as n
    from (select * from jsonb_each_text(m.latency_sketch) union all select * from jsonb_each_text(excluded.latency_sketch)) as t(k, v)
    group by k
  ) as s)`

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

const emptySide = (): SideCounts => ({ requests: 0, errors: 0, latencyMsSum: 0, latencySketch: {} })

/** Both sides' counters of each canary, in one read. */
export async function readMetricsOf(db: Db, canaryIds: string[]): Promise<Map<string, CanaryCounts>> {
  const result = new Map<string, CanaryCounts>(canaryIds.map((id) => [id, { canary: emptySide(), baseline: emptySide() }]))
  if (canaryIds.length === 0) return result
  // One row per stripe: the side is their sum.
  for (const row of await db.select().from(canaryMetrics).where(inArray(canaryMetrics.canaryId, canaryIds))) {
    const side = result.get(row.canaryId)![row.side as CanarySide]
    side.requests += Number(row.requests)
    side.errors += Number(row.errors)
    side.latencyMsSum += row.latencyMsSum
    mergeSketch(side.latencySketch, numbersOf(row.latencySketch))
    // Counts stored as the old fixed histogram, before the sketch, still count.
    mergeSketch(side.latencySketch, sketchFromHistogram(row.latencyBuckets.map(Number)))
  }
  return result
}

export async function readMetrics(db: Db, canaryId: string): Promise<CanaryCounts> {
  return (await readMetricsOf(db, [canaryId])).get(canaryId)!
}

/** A stored sketch's counts as numbers (jsonb sums of bigints can come back as strings). */
function numbersOf(stored: Record<string, unknown>): LatencySketch {
  const sketch: LatencySketch = {}
  for (const [index, count] of Object.entries(stored)) sketch[index] = Number(count)
  return sketch
}
