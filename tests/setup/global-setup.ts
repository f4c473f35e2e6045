/**
 * Once per test run: a migrated template database, so each test file gets a fresh database
 * in about a second instead of running every migration again.
 */
import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate } from '../../services/control-plane/src/db/migrator.js'
import type { Db } from '../../services/control-plane/src/db/database.js'
import { databaseUrl, PG_TEMPLATE_ENV, PGLITE_TEMPLATE_ENV } from '../../services/control-plane/src/test-support/test-database.js'
import { testBackend, testPostgresAdminUrl } from '../../services/control-plane/src/test-support/test-env.js'

export default async function setup(): Promise<() => Promise<void>> {
  return testBackend() === 'postgres' ? postgresTemplate() : pgliteTemplate()
}

async function pgliteTemplate(): Promise<() => Promise<void>> {
  const pglite = new PGlite()
  await migrate(drizzlePglite(pglite) as unknown as Db)
  const file = path.join(os.tmpdir(), `sluice-pglite-template-${process.pid}-${randomBytes(4).toString('hex')}.tar`)
  const dump = await pglite.dumpDataDir('none')
  await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  await pglite.close()
  process.env[PGLITE_TEMPLATE_ENV] = file
  return () => rm(file, { force: true })
}

async function postgresTemplate(): Promise<() => Promise<void>> {
  const name = `sluice_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = postgres(testPostgresAdminUrl(), { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const client = postgres(databaseUrl(name), { max: 1, onnotice: () => {} })
  await migrate(drizzlePostgres(client) as unknown as Db)
  await client.end()
  process.env[PG_TEMPLATE_ENV] = name
  return async () => {
    // Test files drop their own databases; this sweeps the template and anything a crash left.
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${name}%`}`
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`)
    await admin.end()
  }
}
