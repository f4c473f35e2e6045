/**
 * A fresh, empty Postgres database per bench run (the service migrates it at start-up),
 * dropped afterwards even if connections are still open.
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

export const POSTGRES_ADMIN_URL = process.env.SLUICE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const REDIS_URL = process.env.SLUICE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

export interface BenchDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

function urlFor(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

export async function createDatabase(label: string): Promise<BenchDatabase> {
  const name = `sluice_bench_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
  return {
    name,
    url: urlFor(name),
    async drop() {
      const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`)
      } finally {
        await sql.end()
      }
    },
  }
}

/** The pids of the Postgres backends connected to a database (the server runs on this machine). */
export async function backendPids(name: string): Promise<number[]> {
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = ${name}`
    return rows.map((r) => r.pid)
  } finally {
    await sql.end()
  }
}

/** Transactions committed and rolled back in a database so far (pg_stat_database; updated within about a second). */
export async function databaseTransactions(name: string): Promise<number> {
  const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql<Array<{ n: string }>>`select xact_commit + xact_rollback as n from pg_stat_database where datname = ${name}`
    return Number(row?.n ?? Number.NaN)
  } finally {
    await sql.end()
  }
}
