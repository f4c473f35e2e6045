import { and, desc, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { auditLog } from '../db/schema/index.js'

export type AuditRecord = typeof auditLog.$inferSelect

export interface AuditQuery {
  entityType?: string
  entityKey?: string
  actor?: string
  action?: string
  /** One environment's entries; or, as a list, those environments' entries and global ones. */
  environment?: string | readonly string[]
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
  if (typeof query.environment === 'string') filters.push(eq(auditLog.environment, query.environment))
  else if (query.environment) filters.push(or(isNull(auditLog.environment), inArray(auditLog.environment, [...query.environment]))!)
  if (query.before) filters.push(lt(auditLog.id, query.before))
  return db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
}
