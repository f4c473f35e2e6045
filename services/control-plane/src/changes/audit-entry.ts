/**
 * The audit entry a change writes in its own transaction (Mutation.audit), so a change and
 * its record of who made it commit together or not at all. Reading the log is audit/'s.
 */
import type { Db } from '../db/database.js'
import { auditLog } from '../db/schema/index.js'
import type { Actor } from '../platform/actor.js'

export interface AuditEntry {
  action: string
  entityType: string
  entityKey: string
  /** The environment the audited entity belongs to; absent for global entities. */
  environment?: string | null
  before?: unknown
  after?: unknown
}

/** Rows per insert: nine parameters each stay far below Postgres's 65,535 per statement. */
const AUDIT_CHUNK = 1_000

/** Writes `entries` in order, a thousand per statement (an import audits one entry per flag). */
export async function insertAudits(tx: Db, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  for (let from = 0; from < entries.length; from += AUDIT_CHUNK) {
    await tx.insert(auditLog).values(
      entries.slice(from, from + AUDIT_CHUNK).map((entry) => ({
        actor: actor.name,
        actorTokenId: actor.tokenId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityKey: entry.entityKey,
        environment: entry.environment ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        requestId: actor.requestId ?? null,
      })),
    )
  }
}
