/**
 * The outcome log (canary_outcome_log): where ingest commits counts, and how they move on to
 * the counters the analysis and the API read.
 *
 * A group commit appends one row per (canary, side): no row lock is taken and no sketch is
 * merged, so concurrent commits, on one replica or several, never wait for each other, and
 * the commit costs an insert, not two upserts that merge jsonb. Folding moves logged rows into
 * canary_metrics and canary_windows in one statement (delete ... returning, then upserts), so
 * a count is in the log or in the counters and never in both; readers (canary-metrics-store.ts)
 * add the log to the counters in the statement that reads them. The analysis folds the
 * canaries it analyses, at most every ~100 ms each, and a job folds whatever is left, so the
 * log holds a few hundred milliseconds of commits.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { CanarySide } from '@sluice/core'
import type { Db } from '../db/database.js'
import { prepared } from '../db/prepared-statements.js'
import { commitBy, executeBy } from '../db/write-deadline.js'
import { canaryIdList, CURRENT_WINDOW } from './canary-metrics-store.js'
import type { SideCounts } from './canary-analysis.js'

export interface OutcomeSum {
  canaryId: string
  side: CanarySide
  counts: SideCounts
}

/** Appends one row per sum, in the database's current window, inside the caller's transaction; callers sum a group first. */
export async function appendOutcomes(db: Db, sums: readonly OutcomeSum[]): Promise<void> {
  if (sums.length > 0) await db.execute(prepared(appendRows(sums)))
}

/**
 * Commits a group in one statement of its own: appends one row per sum, runs `alongside` (an
 * insert, as the claim of the group's idempotency keys) with it, and checks the write's deadline
 * as its last step (write-deadline.ts), so it commits before `deadlineMs` on the database's clock
 * or not at all. No BEGIN, no COMMIT: on Postgres two round trips with the deadline's reading,
 * and on embedded PGlite one statement.
 *
 * The rows travel as one JSON parameter, so the statement's text is the same whatever the
 * group's size: it is prepared once per connection, and neither driver builds and binds a
 * placeholder per value (on PGlite, that cost as much again as the insert).
 */
export async function commitOutcomes(db: Db, sums: readonly OutcomeSum[], alongside: SQL | undefined, deadlineMs: number): Promise<void> {
  const parts: Array<[string, SQL]> = []
  if (sums.length > 0) parts.push(['appended', appendRows(sums)])
  if (alongside) parts.push(['alongside', alongside])
  if (parts.length === 0) return
  const steps = sql.join(parts.map(([name, insert]) => sql`${sql.raw(name)} as (${insert} returning 1)`), sql`, `)
  // Counting each insert's rows makes the check wait for them, and for any lock they waited on.
  const written = sql.join(parts.map(([name]) => sql`(select count(*) from ${sql.raw(name)})`), sql` + `)
  await executeBy(db, prepared(sql`with ${steps} select ${commitBy(deadlineMs, written)}`))
}

function appendRows(sums: readonly OutcomeSum[]): SQL {
  const rows = JSON.stringify(
    sums.map(({ canaryId, side, counts }) => ({
      canary_id: canaryId,
      side,
      requests: counts.requests,
      errors: counts.errors,
      latency_ms_sum: counts.latencyMsSum,
      latency_sketch: counts.latencySketch,
    })),
  )
  return sql`insert into canary_outcome_log (canary_id, side, window_start, requests, errors, latency_ms_sum, latency_sketch)
    select canary_id, side, ${CURRENT_WINDOW}, requests, errors, latency_ms_sum, latency_sketch
    from jsonb_to_recordset(${rows}::jsonb) as s(canary_id uuid, side text, requests bigint, errors bigint, latency_ms_sum float8, latency_sketch jsonb)`
}

/**
 * Moves the logged counts of `canaryIds` (every canary's when omitted) into canary_metrics and
 * canary_windows, in one statement. Two replicas folding at once cannot count a row twice: the
 * second's delete waits for the first's and then finds those rows gone.
 */
export async function foldOutcomes(db: Db, canaryIds?: readonly string[]): Promise<void> {
  if (canaryIds?.length === 0) return
  const which = canaryIds ? sql`where canary_id in ${canaryIdList(canaryIds)}` : sql``
  await db.execute(sql`
    with moved as (
      delete from canary_outcome_log ${which}
      returning canary_id, side, window_start, requests, errors, latency_ms_sum, latency_sketch
    ),
    kept as (
      select moved.* from moved join canaries on canaries.id = moved.canary_id
    ),
    windows as (
      insert into canary_windows as w (canary_id, side, window_start, stripe, requests, errors)
      select canary_id, side, window_start, 0, sum(requests), sum(errors) from kept
      group by canary_id, side, window_start
      order by canary_id, side, window_start
      on conflict (canary_id, side, window_start, stripe) do update set requests = ${added(sql`w.requests`)}, errors = ${added(sql`w.errors`, 'errors')}
    ),
    sides as (
      select canary_id, side, sum(requests) as requests, sum(errors) as errors, sum(latency_ms_sum) as latency_ms_sum from kept group by canary_id, side
    ),
    sketches as (
      select canary_id, side, jsonb_object_agg(k, n) as latency_sketch from (
        select canary_id, side, k, least(sum(v::numeric), ${MAX_BIGINT}) as n from kept, jsonb_each_text(kept.latency_sketch) as bucket(k, v) group by canary_id, side, k
      ) as buckets group by canary_id, side
    )
    insert into canary_metrics as m (canary_id, side, stripe, requests, errors, latency_ms_sum, latency_sketch)
    select s.canary_id, s.side, 0, s.requests, s.errors, s.latency_ms_sum, coalesce(k.latency_sketch, '{}'::jsonb)
    from sides s left join sketches k on k.canary_id = s.canary_id and k.side = s.side
    order by s.canary_id, s.side
    on conflict (canary_id, side, stripe) do update set
      requests = ${added(sql`m.requests`)},
      errors = ${added(sql`m.errors`, 'errors')},
      latency_ms_sum = m.latency_ms_sum + excluded.latency_ms_sum,
      latency_sketch = ${SUMMED_SKETCH},
      updated_at = now()`)
}

const MAX_BIGINT = sql.raw('9223372036854775807')

/**
 * A stored counter plus the folded rows' part, held at the largest bigint rather than failing:
 * a fold that failed would fail again on every try and hold back every canary's counts, while
 * a count of 9.2e18 is far past anything an analysis tells apart.
 */
function added(stored: SQL, column: 'requests' | 'errors' = 'requests'): SQL {
  return sql`least(${stored}::numeric + excluded.${sql.raw(column)}, ${MAX_BIGINT})::bigint`
}

/** The sum of two stored sketches, bucket by bucket (jsonb objects of index → count), each count held as `added` holds one. */
const SUMMED_SKETCH = sql`(
  select coalesce(jsonb_object_agg(k, least(n, ${MAX_BIGINT})), '{}'::jsonb) from (
    select k, sum(v::numeric) as n
    from (select * from jsonb_each_text(m.latency_sketch) union all select * from jsonb_each_text(excluded.latency_sketch)) as t(k, v)
    group by k
  ) as s)`
