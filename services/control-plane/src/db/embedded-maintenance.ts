/**
 * What autovacuum does on a Postgres server, done by the service for embedded PGlite, which
 * runs Postgres without its background processes. Without it, the space of every deleted or
 * updated row stays taken: the outcome log alone (appended per group commit, emptied by every
 * fold) grew by about 1.8 KB per appended row, gigabytes a day under steady ingest, while it
 * held almost nothing. Nor would the planner's statistics ever follow the tables' growth.
 */
import { sql } from 'drizzle-orm'
import type { Db } from './database.js'

/** How often the embedded database is vacuumed: a minute of ingest leaves a few megabytes to reclaim. */
export const EMBEDDED_VACUUM_EVERY_MS = 60_000

/** How often its statistics are refreshed. */
export const EMBEDDED_ANALYZE_EVERY_MS = 10 * 60_000

/** Reclaims dead rows in every table (pages unchanged since the last run are skipped), so the data directory stops growing. */
export async function vacuumEmbedded(db: Db): Promise<void> {
  await db.execute(sql`vacuum`)
}

export async function analyzeEmbedded(db: Db): Promise<void> {
  await db.execute(sql`analyze`)
}
