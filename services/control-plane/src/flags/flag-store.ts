import type { Flag, FlagType } from '@sluice/core'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { flags, flagVersions } from '../db/schema/index.js'

export type FlagRow = typeof flags.$inferSelect

/** The API's flag: optional fields are omitted, not null, so what a client sees matches what it sent. */
export function flagFromRow(row: FlagRow): Flag {
  return {
    key: row.key,
    name: row.name,
    ...(row.description != null ? { description: row.description } : {}),
    type: row.type as FlagType,
    enabled: row.enabled,
    ...(row.percentage != null ? { percentage: row.percentage } : {}),
    ...(row.groupId != null ? { groupId: row.groupId } : {}),
    ...(row.stickiness != null ? { stickiness: row.stickiness } : {}),
    ...(row.userIds != null ? { userIds: row.userIds } : {}),
    ...(row.ips != null ? { ips: row.ips } : {}),
    ...(row.variants != null ? { variants: row.variants } : {}),
    ...(row.rules != null ? { rules: row.rules } : {}),
    ...(row.dependencies != null ? { dependencies: row.dependencies } : {}),
    archived: row.archived,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type FlagColumns = Pick<
  FlagRow,
  'name' | 'description' | 'type' | 'enabled' | 'percentage' | 'groupId' | 'stickiness' | 'userIds' | 'ips' | 'variants' | 'rules' | 'dependencies' | 'archived'
>

export async function findFlag(db: Db, key: string, options: { forUpdate?: boolean } = {}): Promise<FlagRow | undefined> {
  const query = db.select().from(flags).where(eq(flags.key, key)).limit(1)
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row
}

export async function listFlags(db: Db, includeArchived: boolean): Promise<FlagRow[]> {
  return db
    .select()
    .from(flags)
    .where(includeArchived ? undefined : eq(flags.archived, false))
    .orderBy(asc(flags.key))
}

/**
 * Undefined when the key is taken. The caller's existence check cannot lock a row that does
 * not exist yet, so two concurrent creates both pass it; the loser must learn it here, from
 * the insert, rather than from a unique violation that aborts its transaction.
 */
export async function insertFlag(tx: Db, key: string, columns: FlagColumns): Promise<FlagRow | undefined> {
  const [row] = await tx.insert(flags).values({ key, ...columns, version: 1 }).onConflictDoNothing({ target: flags.key }).returning()
  return row
}

/** Writes the next version; the caller holds the row lock from `findFlag(..., { forUpdate })`. */
export async function writeFlagVersion(tx: Db, current: FlagRow, columns: FlagColumns): Promise<FlagRow> {
  const [row] = await tx
    .update(flags)
    .set({ ...columns, version: current.version + 1, updatedAt: new Date() })
    .where(and(eq(flags.key, current.key), eq(flags.version, current.version)))
    .returning()
  return row!
}

export async function insertHistory(tx: Db, flag: Flag, action: string, actor: string): Promise<void> {
  await tx.insert(flagVersions).values({ flagKey: flag.key, version: flag.version, flag, action, actor })
}

export interface FlagHistoryEntry {
  version: number
  action: string
  flag: Flag
  actor: string
  at: string
}

export async function listHistory(db: Db, key: string, limit: number): Promise<FlagHistoryEntry[]> {
  const rows = await db
    .select()
    .from(flagVersions)
    .where(eq(flagVersions.flagKey, key))
    .orderBy(desc(flagVersions.version))
    .limit(limit)
  return rows.map((r) => ({ version: r.version, action: r.action, flag: r.flag as Flag, actor: r.actor, at: r.at.toISOString() }))
}

export async function findHistoryVersion(db: Db, key: string, version: number): Promise<Flag | undefined> {
  const [row] = await db
    .select({ flag: flagVersions.flag })
    .from(flagVersions)
    .where(and(eq(flagVersions.flagKey, key), eq(flagVersions.version, version)))
    .limit(1)
  return row?.flag as Flag | undefined
}


export async function countFlagsByState(db: Db): Promise<Array<{ state: string; n: number }>> {
  return db
    .select({
      state: sql<string>`case when ${flags.archived} then 'archived' when ${flags.enabled} then 'enabled' else 'disabled' end`,
      n: sql<number>`count(*)::int`,
    })
    .from(flags)
    .groupBy(sql`1`)
}

/** Keys of the live flags whose rules name `segmentKey`. */
export async function flagKeysUsingSegment(db: Db, segmentKey: string): Promise<string[]> {
  const rows = await db
    .select({ key: flags.key })
    .from(flags)
    .where(and(eq(flags.archived, false), sql`${flags.rules} @> ${JSON.stringify([{ segments: [segmentKey] }])}::jsonb`))
    .orderBy(asc(flags.key))
  return rows.map((r) => r.key)
}

/** Keys of the live flags that name `parentKey` as a dependency. */
export async function flagKeysDependingOn(db: Db, parentKey: string): Promise<string[]> {
  const rows = await db
    .select({ key: flags.key })
    .from(flags)
    .where(and(eq(flags.archived, false), sql`${flags.dependencies} @> ${JSON.stringify([{ flag: parentKey }])}::jsonb`))
    .orderBy(asc(flags.key))
  return rows.map((r) => r.key)
}
