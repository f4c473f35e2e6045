import { and, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import type { Mutation } from '../changes/mutator.js'
import { rollbacks } from '../db/schema/index.js'
import type { RollbackPhases } from './rollback-phase-schemas.js'

export type RollbackType = 'feature_flag' | 'canary' | 'flag_version' | 'deployment' | 'database_migration'
export type RollbackRow = typeof rollbacks.$inferSelect

export interface RollbackView {
  id: string
  environment: string
  type: RollbackType
  targetKey: string
  reason: string
  actor: string
  automatic: boolean
  previousState: unknown
  newState: unknown
  createdAt: string
  durationMs: number
  /** Deployment and database_migration rollbacks: what the deployer was asked and when it answered. */
  phases?: RollbackPhases
}

export function rollbackFromRow(row: RollbackRow): RollbackView {
  return {
    id: row.id,
    type: row.type as RollbackType,
    targetKey: row.targetKey,
    reason: row.reason,
    actor: row.actor,
    automatic: row.actor === 'system',
    environment: row.environment,
    previousState: row.previousState,
    newState: row.newState,
    createdAt: row.createdAt.toISOString(),
    durationMs: row.durationMs,
  }
}

export async function insertRollback(
  tx: Db,
  rollback: { environment: string; type: RollbackType; targetKey: string; reason: string; actor: string; previousState: unknown; newState: unknown; startedAt: number },
): Promise<RollbackView> {
  const { startedAt, ...values } = rollback
  const [row] = await tx
    .insert(rollbacks)
    .values({ ...values, durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000 })
    .returning()
  return rollbackFromRow(row!)
}

export async function listRollbacks(db: Db, query: { environment: string; type?: RollbackType; targetKey?: string; limit: number }): Promise<RollbackView[]> {
  const filters: SQL[] = [eq(rollbacks.environment, query.environment)]
  if (query.type) filters.push(eq(rollbacks.type, query.type))
  if (query.targetKey) filters.push(eq(rollbacks.targetKey, query.targetKey))
  const rows = await db
    .select()
    .from(rollbacks)
    .where(and(...filters))
    .orderBy(desc(rollbacks.createdAt), desc(rollbacks.id))
    .limit(query.limit)
  return rows.map(rollbackFromRow)
}

/** The rollbacks with these ids, newest first. */
export async function findRollbacks(db: Db, ids: string[]): Promise<RollbackView[]> {
  if (ids.length === 0) return []
  const rows = await db.select().from(rollbacks).where(inArray(rollbacks.id, ids)).orderBy(desc(rollbacks.createdAt), desc(rollbacks.id))
  return rows.map(rollbackFromRow)
}

/**
 * Writes a rollback record by the mutation's actor, with its audit entry, and tells
 * `onRecorded` once the transaction has committed.
 */
export async function recordRollback(
  mutation: Mutation,
  rollback: { environment: string; type: RollbackType; targetKey: string; reason: string; previousState: unknown; newState: unknown; startedAt: number },
  onRecorded?: (rollback: RollbackView) => void,
): Promise<RollbackView> {
  const view = await insertRollback(mutation.tx, { ...rollback, actor: mutation.actor.name })
  await mutation.audit({ action: 'rollback.created', entityType: 'rollback', entityKey: view.id, environment: view.environment, after: view })
  if (onRecorded) mutation.afterCommit(() => onRecorded(view))
  return view
}
