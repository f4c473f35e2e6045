import type { CanarySide, CanaryStatus } from '@sluice/core'
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { canaries, canaryEvents, canaryMetrics, canaryOutcomeLog } from '../db/schema/index.js'
import type { CanaryView } from './canary-schemas.js'

export type CanaryRow = typeof canaries.$inferSelect

export const ACTIVE_STATUSES: CanaryStatus[] = ['running', 'paused']

/** Running or paused: the canary still drives its flag and counts outcomes. */
export const isActiveStatus = (status: string): boolean => (ACTIVE_STATUSES as string[]).includes(status)

/** The change event every canary transition emits, with the whole canary (a CanaryView) as its payload. */
export const CANARY_UPSERTED = 'canary.upserted'


export function canaryFromRow(row: CanaryRow): CanaryView {
  return {
    id: row.id,
    environment: row.environment,
    featureKey: row.featureKey,
    version: row.version,
    status: row.status as CanaryStatus,
    percentage: row.percentage,
    initialPercentage: row.initialPercentage,
    rollbackThreshold: row.rollbackThreshold,
    minSampleSize: row.minSampleSize,
    steps: row.steps,
    currentStep: row.steps.length > 0 ? row.stepIndex : null,
    analysis: row.analysis,
    webhookUrl: row.webhookUrl,
    ...(row.ruleId !== null ? { ruleId: row.ruleId } : {}),
    startedAt: row.startedAt.toISOString(),
    stepStartedAt: row.stepStartedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  }
}

export async function listActiveCanaries(db: Db): Promise<CanaryRow[]> {
  return db.select().from(canaries).where(inArray(canaries.status, ACTIVE_STATUSES)).orderBy(asc(canaries.startedAt))
}

export async function listCanaries(db: Db, environment: string, status: 'active' | 'all'): Promise<CanaryRow[]> {
  const inEnvironment = eq(canaries.environment, environment)
  const where = status === 'active' ? and(inEnvironment, inArray(canaries.status, ACTIVE_STATUSES)) : inEnvironment
  return db.select().from(canaries).where(where).orderBy(desc(canaries.startedAt)).limit(1000)
}

/** The flag's active canary, or else its most recent one. */
export async function findCurrentCanary(db: Db, environment: string, featureKey: string, options: { forUpdate?: boolean } = {}): Promise<CanaryRow | undefined> {
  const query = db
    .select()
    .from(canaries)
    .where(and(eq(canaries.environment, environment), eq(canaries.featureKey, featureKey)))
    .orderBy(sql`${canaries.status} in ('running', 'paused') desc`, desc(canaries.startedAt))
    .limit(1)
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row
}

/** The active canaries whose flag key (in `environment`) or id is among `values`. */
export async function findActiveCanaries(db: Db, by: 'featureKey' | 'id', values: string[], environment?: string): Promise<CanaryRow[]> {
  if (values.length === 0) return []
  const scope = environment === undefined ? undefined : eq(canaries.environment, environment)
  return db
    .select()
    .from(canaries)
    .where(and(scope, inArray(canaries[by], values), inArray(canaries.status, ACTIVE_STATUSES)))
}

export async function findCanaryById(db: Db, id: string): Promise<CanaryRow | undefined> {
  const [row] = await db.select().from(canaries).where(eq(canaries.id, id)).limit(1)
  return row
}

export async function insertCanary(tx: Db, values: typeof canaries.$inferInsert): Promise<CanaryRow> {
  const [row] = await tx.insert(canaries).values(values).returning()
  return row!
}

/** A side's requests (its counters' stripes and its logged commits) as the UPDATE of its canary runs. */
function requestsSoFar(side: CanarySide): SQL {
  const counted = (table: typeof canaryMetrics | typeof canaryOutcomeLog) =>
    sql`coalesce((select sum(${table.requests}) from ${table} where ${table.canaryId} = ${canaries.id} and ${table.side} = ${side}), 0)`
  return sql`${counted(canaryMetrics)} + ${counted(canaryOutcomeLog)}`
}

/**
 * Moves a canary on only if it is still in one of `from` (and at `revision`, when given):
 * when two replicas decide at once, exactly one update matches and the other gets undefined.
 * With `newStep`, the current step restarts: its clock, and the counters its sample is
 * measured from (read in the same statement, so no batch falls between the two steps).
 */
export async function transitionCanary(
  tx: Db,
  current: { id: string; revision?: number },
  from: CanaryStatus[],
  set: Partial<Pick<CanaryRow, 'status' | 'percentage' | 'stepIndex' | 'stepStartedAt' | 'endedAt'>>,
  options: { newStep?: boolean } = {},
): Promise<CanaryRow | undefined> {
  const step = options.newStep
    ? { stepStartedAt: new Date(), stepCanaryRequests: requestsSoFar('canary'), stepBaselineRequests: requestsSoFar('baseline') }
    : {}
  const [row] = await tx
    .update(canaries)
    .set({ ...set, ...step, revision: sql`${canaries.revision} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(canaries.id, current.id),
        inArray(canaries.status, from),
        current.revision === undefined ? undefined : eq(canaries.revision, current.revision),
      ),
    )
    .returning()
  return row
}

export async function insertCanaryEvent(
  tx: Db,
  event: { canaryId: string; kind: string; actor: string; message: string; detail?: unknown },
): Promise<void> {
  await tx.insert(canaryEvents).values({ ...event, detail: event.detail ?? null })
}

export async function listCanaryEvents(db: Db, canaryId: string) {
  const rows = await db.select().from(canaryEvents).where(eq(canaryEvents.canaryId, canaryId)).orderBy(asc(canaryEvents.id))
  return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), kind: r.kind, actor: r.actor, message: r.message, detail: r.detail }))
}

export async function countCanariesByStatus(db: Db): Promise<Array<{ status: string; n: number }>> {
  return db
    .select({ status: canaries.status, n: sql<number>`count(*)::int` })
    .from(canaries)
    .groupBy(canaries.status)
}
