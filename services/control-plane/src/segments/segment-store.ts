import type { Segment } from '@sluice/core'
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { segments } from '../db/schema/index.js'

export type SegmentRow = typeof segments.$inferSelect
export type SegmentColumns = Pick<SegmentRow, 'name' | 'description' | 'constraints'>

export interface SegmentView extends Segment {
  environment: string
  createdAt: string
  updatedAt: string
}

export function segmentFromRow(row: SegmentRow): SegmentView {
  return {
    key: row.key,
    environment: row.environment,
    name: row.name,
    ...(row.description != null ? { description: row.description } : {}),
    constraints: row.constraints,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** `environment` undefined: every environment's segments (the replica's load). */
export async function listSegments(db: Db, environment?: string): Promise<SegmentRow[]> {
  const where = environment === undefined ? undefined : eq(segments.environment, environment)
  return db.select().from(segments).where(where).orderBy(asc(segments.key))
}

/**
 * `lock`: `update` for a writer of the segment; `share` for a flag that is about to name it, so
 * a concurrent delete waits for that flag's transaction and then sees it as a user.
 */
export async function findSegments(db: Db, environment: string, keys: readonly string[], lock?: 'update' | 'share'): Promise<SegmentRow[]> {
  if (keys.length === 0) return []
  const query = db
    .select()
    .from(segments)
    .where(and(eq(segments.environment, environment), inArray(segments.key, [...keys])))
    .orderBy(asc(segments.key))
  return lock ? query.for(lock) : query
}

export async function findSegment(db: Db, environment: string, key: string, lock?: 'update' | 'share'): Promise<SegmentRow | undefined> {
  const [row] = await findSegments(db, environment, [key], lock)
  return row
}

/** Undefined when the key is taken (see insertFlag for why not a unique violation). */
export async function insertSegment(tx: Db, environment: string, key: string, columns: SegmentColumns): Promise<SegmentRow | undefined> {
  const [row] = await tx
    .insert(segments)
    .values({ environment, key, ...columns, version: 1 })
    .onConflictDoNothing({ target: [segments.environment, segments.key] })
    .returning()
  return row
}

export async function writeSegmentVersion(tx: Db, current: SegmentRow, columns: SegmentColumns): Promise<SegmentRow> {
  const [row] = await tx
    .update(segments)
    .set({ ...columns, version: current.version + 1, updatedAt: new Date() })
    .where(and(eq(segments.environment, current.environment), eq(segments.key, current.key), eq(segments.version, current.version)))
    .returning()
  return row!
}

export async function deleteSegment(tx: Db, environment: string, key: string): Promise<void> {
  await tx.delete(segments).where(and(eq(segments.environment, environment), eq(segments.key, key)))
}
