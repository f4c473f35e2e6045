/**
 * The requests to deployers, one row per deployment or migration rollback (db/schema/
 * deployments.ts): written in the rollback's transaction, claimed by one replica at a time,
 * and read back as the rollback's phases.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rowsOf } from '../db/rows.js'
import { deploymentRollbacks, deployments } from '../db/schema/index.js'
import type { RollbackPhases } from '../audit/rollback-phase-schemas.js'

export type RollbackRequestRow = typeof deploymentRollbacks.$inferSelect

export interface ClaimedRequest {
  rollbackId: string
  payload: unknown
  attempts: number
  url: string
  secret: string
  event: string
}

export async function insertRollbackRequest(tx: Db, values: typeof deploymentRollbacks.$inferInsert): Promise<void> {
  await tx.insert(deploymentRollbacks).values(values)
}

/**
 * Claims due requests whose service has a deployer, pushing their next attempt out by a lease.
 * `FOR UPDATE SKIP LOCKED` lets replicas claim at once without waiting on each other, and the
 * lease keeps a claimed request from being claimed again while it is being sent: each attempt
 * is made by one replica. A request whose service has no deployer yet waits until one is set.
 */
export async function claimDueRequests(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedRequest[]> {
  return rowsOf<ClaimedRequest>(
    await db.execute(sql`
      update deployment_rollbacks r
      set next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
      from deployments d, deployers p
      where d.id = r.deployment_id and p.service = d.service and r.rollback_id in (
        select q.rollback_id from deployment_rollbacks q
        where q.asked_at is null and q.gave_up_at is null and q.acknowledged_at is null and q.next_attempt_at <= now()
        order by q.next_attempt_at
        limit ${limit}
        for update of q skip locked
      )
      returning r.rollback_id as "rollbackId", r.payload, r.attempts, p.url, p.secret, r.payload->>'event' as event`),
  )
}

/** `sentAt`: when the attempt the deployer accepted went out, which is before any callback it makes. */
export async function markAsked(db: Db, rollbackId: string, sentAt: Date): Promise<void> {
  await db
    .update(deploymentRollbacks)
    .set({ askedAt: sql`coalesce(${deploymentRollbacks.askedAt}, ${sentAt.toISOString()}::timestamptz)`, attempts: sql`${deploymentRollbacks.attempts} + 1`, lastError: null })
    .where(eq(deploymentRollbacks.rollbackId, rollbackId))
}

export async function markFailedAttempt(db: Db, rollbackId: string, error: string, retryInSeconds: number | undefined): Promise<void> {
  await db
    .update(deploymentRollbacks)
    .set({
      attempts: sql`${deploymentRollbacks.attempts} + 1`,
      lastError: error.slice(0, 1000),
      ...(retryInSeconds === undefined ? { gaveUpAt: sql`now()` } : { nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})` }),
    })
    .where(eq(deploymentRollbacks.rollbackId, rollbackId))
}

/** Sends again the requests to `service`'s deployer that every attempt failed for: its configuration was just changed. */
export async function retryUndeliverable(tx: Db, service: string): Promise<void> {
  await tx
    .update(deploymentRollbacks)
    .set({ gaveUpAt: null, nextAttemptAt: sql`now()` })
    .where(
      and(
        sql`${deploymentRollbacks.gaveUpAt} is not null`,
        isNull(deploymentRollbacks.acknowledgedAt),
        inArray(deploymentRollbacks.deploymentId, tx.select({ id: deployments.id }).from(deployments).where(eq(deployments.service, service))),
      ),
    )
}

/** The deployment's rollback still waiting for an acknowledgement, if any. */
export async function findPendingRequest(tx: Db, deploymentId: string): Promise<RollbackRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(deploymentRollbacks)
    .where(and(eq(deploymentRollbacks.deploymentId, deploymentId), isNull(deploymentRollbacks.acknowledgedAt)))
    .orderBy(desc(deploymentRollbacks.requestedAt))
    .limit(1)
  return row
}

/** `rollbackId` of the deployment, or else its newest rollback. */
export async function findRequest(tx: Db, deploymentId: string, rollbackId?: string): Promise<RollbackRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(deploymentRollbacks)
    .where(and(eq(deploymentRollbacks.deploymentId, deploymentId), rollbackId ? eq(deploymentRollbacks.rollbackId, rollbackId) : undefined))
    .orderBy(desc(deploymentRollbacks.requestedAt))
    .limit(1)
  return row
}

export async function acknowledgeRequest(tx: Db, rollbackId: string, outcome: string, detail: string | null): Promise<void> {
  await tx
    .update(deploymentRollbacks)
    .set({ acknowledgedAt: sql`now()`, outcome, detail })
    .where(eq(deploymentRollbacks.rollbackId, rollbackId))
}

export async function rollbackIdsOf(db: Db, deploymentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: deploymentRollbacks.rollbackId })
    .from(deploymentRollbacks)
    .where(eq(deploymentRollbacks.deploymentId, deploymentId))
    .orderBy(desc(deploymentRollbacks.requestedAt))
  return rows.map((row) => row.id)
}

const seconds = (from: Date, to: Date | null) => (to ? Math.round(to.getTime() - from.getTime()) / 1000 : null)

function stateOf(row: RollbackRequestRow): RollbackPhases['state'] {
  if (row.acknowledgedAt) return 'acknowledged'
  if (row.askedAt) return 'asked'
  return row.gaveUpAt ? 'undeliverable' : 'queued'
}

/** The phases of each of `rollbackIds` that is a deployment or migration rollback. */
export async function phasesOf(db: Db, rollbackIds: string[], ackTimeoutSeconds: number, now = new Date()): Promise<Map<string, RollbackPhases>> {
  if (rollbackIds.length === 0) return new Map()
  const rows = await db
    .select({ request: deploymentRollbacks, service: deployments.service, version: deployments.previousVersion })
    .from(deploymentRollbacks)
    .innerJoin(deployments, eq(deployments.id, deploymentRollbacks.deploymentId))
    .where(inArray(deploymentRollbacks.rollbackId, rollbackIds))
  return new Map(
    rows.map(({ request, service, version }) => [
      request.rollbackId,
      {
        deploymentId: request.deploymentId,
        service,
        action: request.action as RollbackPhases['action'],
        version: request.action === 'redeploy' ? version : null,
        migrations: request.migrations,
        state: stateOf(request),
        flagsOffMs: request.flagsOffMs,
        requestedAt: request.requestedAt.toISOString(),
        askedAt: request.askedAt?.toISOString() ?? null,
        askedAfterSeconds: seconds(request.requestedAt, request.askedAt),
        deliveryAttempts: request.attempts,
        lastDeliveryError: request.lastError,
        acknowledgedAt: request.acknowledgedAt?.toISOString() ?? null,
        acknowledgedAfterSeconds: seconds(request.requestedAt, request.acknowledgedAt),
        outcome: request.outcome as RollbackPhases['outcome'],
        detail: request.detail,
        overdue: !request.acknowledgedAt && now.getTime() - request.requestedAt.getTime() > ackTimeoutSeconds * 1000,
      },
    ]),
  )
}

/** Rollbacks per service with no acknowledgement after `ackTimeoutSeconds`: what the alert watches. */
export async function countOverdue(db: Db, ackTimeoutSeconds: number): Promise<Array<{ service: string; n: number }>> {
  const rows = await db
    .select({ service: deployments.service, n: sql<number>`count(*)::int` })
    .from(deploymentRollbacks)
    .innerJoin(deployments, eq(deployments.id, deploymentRollbacks.deploymentId))
    .where(and(isNull(deploymentRollbacks.acknowledgedAt), sql`${deploymentRollbacks.requestedAt} < now() - make_interval(secs => ${ackTimeoutSeconds})`))
    .groupBy(deployments.service)
  return rows.map((row) => ({ service: row.service, n: Number(row.n) }))
}
