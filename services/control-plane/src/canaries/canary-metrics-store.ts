import { type CanarySide, type LatencySketch, mergeSketch, sketchFromHistogram } from '@sluice/core'
import { lt, sql, type SQL } from 'drizzle-orm'
import { rowsOf } from '../db/rows.js'
import type { Db } from '../db/database.js'
import { canaries, canaryMetrics, canaryOutcomeLog, canaryWindows } from '../db/schema/index.js'
import { WINDOW_SECONDS, type RecentCounts, type SideCounts } from './canary-analysis.js'

/** `(id1::uuid, id2::uuid, …)` for `in`: the canaries a read or a fold is about. */
export function canaryIdList(canaryIds: readonly string[]): SQL {
  return sql`(${sql.join(canaryIds.map((id) => sql`${id}::uuid`), sql`, `)})`
}

/** Windows are aligned on the database's clock, so every replica counts into the same one. */
export const CURRENT_WINDOW = sql`to_timestamp(floor(extract(epoch from now()) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS})`

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
      left join (
        select canary_id, side, window_start, requests, errors from ${canaryWindows}
        union all select canary_id, side, window_start, requests, errors from ${canaryOutcomeLog}
      ) w on w.canary_id = c.id and w.window_start >= ${CURRENT_WINDOW} - make_interval(secs => ${WINDOW_SECONDS})
      where c.id in ${canaryIdList(canaryIds)}
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

/**
 * Both sides' counters of each canary: the folded counters and the outcome log read in one
 * statement, so a fold committing meanwhile cannot make a count appear twice or not at all.
 */
export async function readMetricsOf(db: Db, canaryIds: string[]): Promise<Map<string, CanaryCounts>> {
  const result = new Map<string, CanaryCounts>(canaryIds.map((id) => [id, { canary: emptySide(), baseline: emptySide() }]))
  if (canaryIds.length === 0) return result
  const ids = canaryIdList(canaryIds)
  const rows = rowsOf<MetricsRow>(
    await db.execute(sql`
      select canary_id, side, requests, errors, latency_ms_sum, latency_buckets, latency_sketch from ${canaryMetrics} where canary_id in ${ids}
      union all
      select canary_id, side, requests, errors, latency_ms_sum, '{}'::bigint[], latency_sketch from ${canaryOutcomeLog} where canary_id in ${ids}`),
  )
  // Several rows per side (stripes, logged commits): the side is their sum.
  for (const row of rows) {
    const side = result.get(row.canary_id)![row.side as CanarySide]
    side.requests += Number(row.requests)
    side.errors += Number(row.errors)
    side.latencyMsSum += Number(row.latency_ms_sum)
    mergeSketch(side.latencySketch, numbersOf(row.latency_sketch))
    // Counts stored as the old fixed histogram, before the sketch, still count.
    mergeSketch(side.latencySketch, sketchFromHistogram(bucketsOf(row.latency_buckets)))
  }
  return result
}

interface MetricsRow {
  canary_id: string
  side: string
  requests: string | number
  errors: string | number
  latency_ms_sum: string | number
  latency_buckets: Array<string | number> | string
  latency_sketch: Record<string, unknown> | string
}

export async function readMetrics(db: Db, canaryId: string): Promise<CanaryCounts> {
  return (await readMetricsOf(db, [canaryId])).get(canaryId)!
}

/** A stored sketch's counts as numbers (jsonb sums of bigints can come back as strings). */
function numbersOf(stored: MetricsRow['latency_sketch']): LatencySketch {
  const sketch: LatencySketch = {}
  for (const [index, count] of Object.entries(typeof stored === 'string' ? (JSON.parse(stored) as Record<string, unknown>) : stored)) sketch[index] = Number(count)
  return sketch
}

/** A bigint[] as the driver returns it: an array, or Postgres's text form `{1,2}`. */
function bucketsOf(stored: MetricsRow['latency_buckets']): number[] {
  if (typeof stored !== 'string') return stored.map(Number)
  const inner = stored.slice(1, -1)
  return inner === '' ? [] : inner.split(',').map(Number)
}
