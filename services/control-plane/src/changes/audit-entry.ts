/**
 * The audit entry a change writes in its own transaction (Mutation.audit), so a change and
 * its record of who made it commit together or not at all. Reading the log is audit/'s.
 */
import type { Db } from '../db/database.js'
import { insertBatches } from '../db/rows.js'
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

/** Writes `entries` in order, in as few statements as the database takes (an import audits one entry per flag). */
export async function insertAudits(tx: Db, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  for (const batch of insertBatches(entries)) {
    await tx.insert(auditLog).values(
      batch.map((entry) => ({
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
