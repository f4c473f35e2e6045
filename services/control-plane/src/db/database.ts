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
import { preparing } from './prepared-statements.js'
import { inProcessGuard, inProcessStatementDeadline, serverClockGuard, serverClockStatementDeadline, type CommitGuardFactory, type StatementDeadline } from './write-deadline.js'

export type Schema = typeof schema
/** A database handle or a transaction: queries take either, so callers can compose them in one transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export interface Database {
  db: Db
  kind: 'postgres' | 'pglite'
  /** How a write transaction enforces its deadline on this backend (write-deadline.ts). */
  commitGuard: CommitGuardFactory
  /** The same for a write that is one statement (write-deadline.ts). */
  statementDeadline: StatementDeadline
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolMax?: number
  /** A connection not set up within this long is given up on (postgres.js waits 30 s by default). */
  connectTimeoutMs?: number
  /** Tests hand in a PGlite they prepared (e.g. loaded from a migrated template). */
  pglite?: PGlite
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.pglite) return fromPglite(options.pglite)
  if (options.databaseUrl) return fromPostgres(options.databaseUrl, { max: options.poolMax ?? 10, connectTimeoutMs: options.connectTimeoutMs })
  await mkdir(options.dataDir, { recursive: true })
  return fromPglite(new PGlite(options.dataDir))
}

function fromPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return { db, kind: 'pglite', commitGuard: inProcessGuard, statementDeadline: inProcessStatementDeadline, close: () => client.close() }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
/** The longest postgres.js waits before trying a failed connection again. */
const MAX_RECONNECT_DELAY_S = 0.5

/**
 * postgres.js options every connection of the service uses. postgres.js waits before each
 * new attempt on a connection that failed, 3^n/100 s after n failures, up to 20 s, and a
 * query that needs the connection waits with it. During an outage that parked writes for
 * seconds, to run when the database came back; after one, reads hung for as long on the
 * stale delay. Capped at half a second, a query on a database that refuses connections
 * fails fast (503), and the first one after it is back waits at most that.
 */
export function postgresOptions(applicationName: string, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS) {
  return {
    onnotice: () => {},
    connect_timeout: connectTimeoutMs / 1000,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, MAX_RECONNECT_DELAY_S),
    connection: { application_name: applicationName },
  }
}

function fromPostgres(url: string, options: { max: number; connectTimeoutMs?: number }): Database {
  const client = postgres(url, { max: options.max, ...postgresOptions('sluice-control-plane', options.connectTimeoutMs) })
  const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db
  return { db, kind: 'postgres', commitGuard: serverClockGuard, statementDeadline: serverClockStatementDeadline, close: () => client.end({ timeout: 5 }) }
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
