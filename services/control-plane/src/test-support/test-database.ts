/**
 * A fresh, migrated database per test file. PGlite loads a data directory that global setup
 * migrated once (a second instead of several); Postgres clones a migrated template database.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { testBackend, testPostgresAdminUrl } from './test-env.js'

export interface TestDatabase {
  /** Set on Postgres: the URL of this file's own database. */
  url?: string
  /** Set on PGlite: the instance to hand to buildApp. */
  pglite?: PGlite
  drop(): Promise<void>
}

export const PGLITE_TEMPLATE_ENV = 'SLUICE_TEST_PGLITE_TEMPLATE'
export const PG_TEMPLATE_ENV = 'SLUICE_TEST_PG_TEMPLATE'

/** `empty`: no template, not migrated (for testing migrations themselves). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  return testBackend() === 'postgres' ? createPostgresDatabase(options.empty) : createPgliteDatabase(options.empty)
}

async function createPgliteDatabase(empty = false): Promise<TestDatabase> {
  const template = empty ? undefined : process.env[PGLITE_TEMPLATE_ENV]
  const pglite = template ? new PGlite({ loadDataDir: new Blob([await readFile(template)]) }) : new PGlite()
  await pglite.waitReady
  return { pglite, drop: () => pglite.close() }
}

export function databaseUrl(name: string): string {
  const url = new URL(testPostgresAdminUrl())
  url.pathname = `/${name}`
  return url.toString()
}

async function createPostgresDatabase(empty = false): Promise<TestDatabase> {
  const template = empty ? undefined : process.env[PG_TEMPLATE_ENV]
  const name = `${process.env[PG_TEMPLATE_ENV] ?? 'sluice_test'}_${randomBytes(4).toString('hex')}`
  const admin = postgres(testPostgresAdminUrl(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(template ? `create database "${name}" template "${template}"` : `create database "${name}"`)
  } finally {
    await admin.end()
  }
  return {
    url: databaseUrl(name),
    async drop() {
      const sql = postgres(testPostgresAdminUrl(), { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`)
      } finally {
        await sql.end()
      }
    },
  }
}
