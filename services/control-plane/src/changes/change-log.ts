import { and, asc, gt, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rowsOf } from '../db/rows.js'
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
  /** The environment the change belongs to; absent or null for a global change (tokens, environments). */
  environment?: string | null
}

export interface ChangeRecord extends Change {
  seq: number
  at: Date
}

/**
 * Appends `changes`, in order, within the caller's transaction, in one statement: the lock is
 * taken (by the CTE, before any seq is drawn) and the rows inserted in a single round trip.
 * Returns the records with their seqs.
 */
export async function appendChanges(tx: Db, changes: Change[]): Promise<ChangeRecord[]> {
  if (changes.length === 0) return []
  const rows = rowsOf<{ seq: string | number; ord: string | number; at: string | Date }>(
    await tx.execute(sql`
      with locked as (select pg_advisory_xact_lock(${CHANGE_LOG_LOCK}))
      insert into ${changeEvents} (type, entity_key, payload, environment)
      select c.type, c.entity_key, c.payload, c.environment
      from locked, rows from (
        jsonb_to_recordset(${JSON.stringify(changes.map((c) => ({ type: c.type, entity_key: c.entityKey, payload: c.payload, environment: c.environment ?? null })))}::jsonb)
          as (type text, entity_key text, payload jsonb, environment text)
      ) with ordinality as c(type, entity_key, payload, environment, ord)
      order by c.ord
      returning seq, at`),
  )
  const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b)
  const at = new Date(rows[0]!.at)
  return changes.map((change, i) => ({ ...change, seq: seqs[i]!, at }))
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

/** SDKs replay from what is kept; the last `keepAtLeast` events stay whatever their age. */
export const CHANGE_LOG_KEEP_AT_LEAST = 1_000

/** Deletes events older than the retention; returns how many went. */
export async function pruneChangeLog(db: Db, retentionHours: number, keepAtLeast = CHANGE_LOG_KEEP_AT_LEAST): Promise<number> {
  const latest = await latestSeq(db)
  const gone = await db
    .delete(changeEvents)
    .where(and(lt(changeEvents.at, sql`now() - make_interval(hours => ${retentionHours})`), lt(changeEvents.seq, latest - keepAtLeast)))
    .returning({ seq: changeEvents.seq })
  return gone.length
}
