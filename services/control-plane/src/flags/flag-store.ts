import type { Flag, FlagType } from '@sluice/core'
import { and, arrayContains, asc, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { insertBatches } from '../db/rows.js'
import { flags, flagVersions } from '../db/schema/index.js'

export type FlagRow = typeof flags.$inferSelect

/**
 * A flag as one environment has it: the engine's Flag plus the environment it was read from and
 * its tags (which evaluation never reads, so the engine's Flag and the SDKs do not carry them).
 */
export type EnvironmentFlag = Flag & { environment: string; tags: string[] }

/** Versions written before flags had tags hold none. */
export function withTags(flag: Flag & { environment: string; tags?: string[] }): EnvironmentFlag {
  return { ...flag, tags: flag.tags ?? [] }
}

/** The API's flag: optional fields are omitted, not null, so what a client sees matches what it sent. */
export function flagFromRow(row: FlagRow): EnvironmentFlag {
  return {
    environment: row.environment,
    key: row.key,
    name: row.name,
    ...(row.description != null ? { description: row.description } : {}),
    tags: row.tags,
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
  'name' | 'description' | 'tags' | 'type' | 'enabled' | 'percentage' | 'groupId' | 'stickiness' | 'userIds' | 'ips' | 'variants' | 'rules' | 'dependencies' | 'archived'
>

export async function findFlag(db: Db, environment: string, key: string, options: { forUpdate?: boolean } = {}): Promise<FlagRow | undefined> {
  const query = db.select().from(flags).where(and(eq(flags.environment, environment), eq(flags.key, key))).limit(1)
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row
}

/**
 * One environment's flags, or every environment's when `environment` is undefined (the replica's
 * state); with `tags`, only the flags that have all of them.
 */
export async function listFlags(db: Db, includeArchived: boolean, environment?: string, tags: readonly string[] = []): Promise<FlagRow[]> {
  return db
    .select()
    .from(flags)
    .where(
      and(
        environment === undefined ? undefined : eq(flags.environment, environment),
        includeArchived ? undefined : eq(flags.archived, false),
        tags.length > 0 ? arrayContains(flags.tags, [...tags]) : undefined,
      ),
    )
    .orderBy(asc(flags.key), asc(flags.environment))
}

/** A key's row in every environment, locked in a fixed order (so two writers cannot deadlock). */
export async function findFlagEverywhere(tx: Db, key: string, options: { forUpdate?: boolean } = {}): Promise<FlagRow[]> {
  const query = tx.select().from(flags).where(eq(flags.key, key)).orderBy(asc(flags.environment))
  return options.forUpdate ? query.for('update') : query
}

/**
 * Undefined when the key is taken. The caller's existence check cannot lock a row that does
 * not exist yet, so two concurrent creates both pass it; the loser must learn it here, from
 * the insert, rather than from a unique violation that aborts its transaction.
 */
export async function insertFlag(tx: Db, environment: string, key: string, columns: FlagColumns): Promise<FlagRow | undefined> {
  const [row] = await tx
    .insert(flags)
    .values({ environment, key, ...columns, version: 1 })
    .onConflictDoNothing({ target: [flags.environment, flags.key] })
    .returning()
  return row
}

/** Inserts a new key's row in several environments in one statement; returns the rows inserted (none where the key was taken). */
export async function insertFlagIn(tx: Db, key: string, rows: ReadonlyArray<{ environment: string; columns: FlagColumns }>): Promise<FlagRow[]> {
  return tx
    .insert(flags)
    .values(rows.map(({ environment, columns }) => ({ environment, key, ...columns, version: 1 })))
    .onConflictDoNothing({ target: [flags.environment, flags.key] })
    .returning()
}

/** Writes the next version; the caller holds the row lock from `findFlag(..., { forUpdate })`. */
export async function writeFlagVersion(tx: Db, current: FlagRow, columns: FlagColumns): Promise<FlagRow> {
  const [row] = await tx
    .update(flags)
    .set({ ...columns, version: current.version + 1, updatedAt: new Date() })
    .where(and(eq(flags.environment, current.environment), eq(flags.key, current.key), eq(flags.version, current.version)))
    .returning()
  return row!
}

export interface HistoryEntry {
  flag: EnvironmentFlag
  action: string
  actor: string
}

export async function insertHistory(tx: Db, entries: readonly HistoryEntry[]): Promise<void> {
  for (const batch of insertBatches(entries)) {
    await tx.insert(flagVersions).values(batch.map(({ flag, action, actor }) => ({ environment: flag.environment, flagKey: flag.key, version: flag.version, flag, action, actor })))
  }
}

export interface FlagHistoryEntry {
  version: number
  action: string
  flag: EnvironmentFlag
  actor: string
  at: string
}

export async function listHistory(db: Db, environment: string, key: string, limit: number): Promise<FlagHistoryEntry[]> {
  const rows = await db
    .select()
    .from(flagVersions)
    .where(and(eq(flagVersions.environment, environment), eq(flagVersions.flagKey, key)))
    .orderBy(desc(flagVersions.version))
    .limit(limit)
  // Versions written before environments existed carry no environment of their own.
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    flag: withTags({ ...(r.flag as Flag), environment: r.environment }),
    actor: r.actor,
    at: r.at.toISOString(),
  }))
}

export async function findHistoryVersion(db: Db, environment: string, key: string, version: number): Promise<Flag | undefined> {
  const [row] = await db
    .select({ flag: flagVersions.flag })
    .from(flagVersions)
    .where(and(eq(flagVersions.environment, environment), eq(flagVersions.flagKey, key), eq(flagVersions.version, version)))
    .limit(1)
  return row?.flag as Flag | undefined
}

/** Flag rows by state: one per flag and environment. */
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
export async function flagKeysUsingSegment(db: Db, environment: string, segmentKey: string): Promise<string[]> {
  const rows = await db
    .select({ key: flags.key })
    .from(flags)
    .where(and(eq(flags.environment, environment), eq(flags.archived, false), sql`${flags.rules} @> ${JSON.stringify([{ segments: [segmentKey] }])}::jsonb`))
    .orderBy(asc(flags.key))
  return rows.map((r) => r.key)
}

/** Keys of the live flags that name `parentKey` as a dependency. */
export async function flagKeysDependingOn(db: Db, environment: string, parentKey: string): Promise<string[]> {
  const rows = await db
    .select({ key: flags.key })
    .from(flags)
    .where(and(eq(flags.environment, environment), eq(flags.archived, false), sql`${flags.dependencies} @> ${JSON.stringify([{ flag: parentKey }])}::jsonb`))
    .orderBy(asc(flags.key))
  return rows.map((r) => r.key)
}
