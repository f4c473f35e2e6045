import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { auditLog } from '../db/schema/index.js'
import type { Actor } from '../platform/actor.js'

export interface AuditEntry {
  action: string
  entityType: string
  entityKey: string
  before?: unknown
  after?: unknown
}

export type AuditRecord = typeof auditLog.$inferSelect

export async function insertAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actor: actor.name,
    actorTokenId: actor.tokenId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityKey: entry.entityKey,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor.requestId ?? null,
  })
}

export interface AuditQuery {
  entityType?: string
  entityKey?: string
  actor?: string
  action?: string
  /** Entries with an id below this one: the next page after a previous answer's last id. */
  before?: number
  limit: number
}

export async function listAudit(db: Db, query: AuditQuery): Promise<AuditRecord[]> {
  const filters: SQL[] = []
  if (query.entityType) filters.push(eq(auditLog.entityType, query.entityType))
  if (query.entityKey) filters.push(eq(auditLog.entityKey, query.entityKey))
  if (query.actor) filters.push(eq(auditLog.actor, query.actor))
  if (query.action) filters.push(eq(auditLog.action, query.action))
  if (query.before) filters.push(lt(auditLog.id, query.before))
  return db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
}
