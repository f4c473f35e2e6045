import { asc, gt, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { changeEvents } from '../db/schema/index.js'

/**
 * Held from the insert until commit. Without it, a transaction that takes seq 10 but commits
 * after the one holding seq 11 would be skipped by a reader that already moved past 11.
 * Writes are admin actions, so serialising their last few milliseconds costs nothing that
 * matters.
 */
const CHANGE_LOG_LOCK = 7_301_002

export interface Change {
  /** `flag.upserted`, `canary.upserted`, ... (public, streamed) or `token.revoked` (internal). */
  type: string
  entityKey: string
  payload: unknown
}

export interface ChangeRecord extends Change {
  seq: number
  at: Date
}

/** Appends within the caller's transaction; returns the change's seq. */
export async function appendChange(tx: Db, change: Change): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`)
  const [row] = await tx
    .insert(changeEvents)
    .values({ type: change.type, entityKey: change.entityKey, payload: change.payload })
    .returning({ seq: changeEvents.seq })
  return row!.seq
}

export async function changesAfter(db: Db, seq: number, limit: number): Promise<ChangeRecord[]> {
  const rows = await db.select().from(changeEvents).where(gt(changeEvents.seq, seq)).orderBy(asc(changeEvents.seq)).limit(limit)
  return rows as ChangeRecord[]
}

export async function latestSeq(db: Db): Promise<number> {
  const [row] = await db.select({ seq: sql<string | null>`max(${changeEvents.seq})` }).from(changeEvents)
  return Number(row?.seq ?? 0)
}

export async function oldestSeq(db: Db): Promise<number> {
  const [row] = await db.select({ seq: sql<string | null>`min(${changeEvents.seq})` }).from(changeEvents)
  return Number(row?.seq ?? 0)
}
