/**
 * One Postgres, two ways to reach it: postgres.js against a server when DATABASE_URL is set,
 * embedded PGlite (real Postgres compiled to WebAssembly) under DATA_DIR otherwise. Both give
 * the same drizzle `Db`, run the same migrations and the same queries; nothing outside this
 * file knows which one it got.
 */
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import * as schema from './schema/index.js'
import { causeChain } from '../errors.js'

export type Schema = typeof schema
/** A database handle or a transaction: queries take either, so callers can compose them in one transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export interface Database {
  db: Db
  kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolMax?: number
  /** Tests hand in a PGlite they prepared (e.g. loaded from a migrated template). */
  pglite?: PGlite
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.pglite) return fromPglite(options.pglite)
  if (options.databaseUrl) return fromPostgres(options.databaseUrl, options.poolMax ?? 10)
  await mkdir(options.dataDir, { recursive: true })
  return fromPglite(new PGlite(options.dataDir))
}

function fromPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return { db, kind: 'pglite', close: () => client.close() }
}

function fromPostgres(url: string, max: number): Database {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: 'sluice-control-plane' },
  })
  const db = drizzlePostgres(client, { schema }) as unknown as Db
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) }
}

/** `db.execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** The SQLSTATE of a database error, which drivers and drizzle may wrap a few levels deep in `cause`. */
export function postgresErrorCode(err: unknown): string | undefined {
  for (const { code } of causeChain(err)) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`)
}
