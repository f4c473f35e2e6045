import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { testBackend } from '../test-support/test-env.js'
import { openDatabase, type Database } from './database.js'
import { rowsOf } from './rows.js'
import { loadMigrations, migrate, MigrationError, MIGRATIONS_DIR, pendingMigrations } from './migrator.js'
import { sql } from 'drizzle-orm'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function emptyDatabase(): Promise<{ test: TestDatabase; database: Database }> {
  const test = await createTestDatabase({ empty: true })
  const database = await openDatabase({ databaseUrl: test.url, dataDir: '', pglite: test.pglite })
  cleanups.push(async () => {
    await database.close()
    if (test.url) await test.drop()
  })
  return { test, database }
}

describe(`migrations on ${testBackend()}`, () => {
  it('applies every migration once, in journal order, and is then ready', async () => {
    const { database } = await emptyDatabase()
    const tags = (await loadMigrations()).map((m) => m.tag)
    expect(tags.length).toBeGreaterThan(0)
    expect(await pendingMigrations(database.db)).toEqual(tags)
    expect(await migrate(database.db)).toEqual(tags)
    expect(await migrate(database.db)).toEqual([])
    expect(await pendingMigrations(database.db)).toEqual([])
    const tables = rowsOf<{ name: string }>(
      await database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public'`),
    ).map((r) => r.name)
    expect(tables).toEqual(
      expect.arrayContaining(['flags', 'flag_versions', 'canaries', 'canary_metrics', 'rollbacks', 'chaos_rules', 'audit_log', 'api_tokens', 'change_events']),
    )
  })

  it('refuses to start on a migration that was edited after it was applied', async () => {
    const { database } = await emptyDatabase()
    await migrate(database.db)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-migrations-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    await cp(MIGRATIONS_DIR, dir, { recursive: true })
    const [first] = await loadMigrations(dir)
    const file = path.join(dir, `${first!.tag}.sql`)
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited\n`)
    await expect(migrate(database.db, dir)).rejects.toThrow(MigrationError)
  })

  it('applies nothing twice when two replicas start at once', async () => {
    const { test, database } = await emptyDatabase()
    const other = test.url ? await openDatabase({ databaseUrl: test.url, dataDir: '' }) : database
    if (other !== database) cleanups.unshift(() => other.close())
    const results = await Promise.all([migrate(database.db), migrate(other.db)])
    const tags = (await loadMigrations()).map((m) => m.tag)
    expect(results.flat().sort()).toEqual([...tags].sort())
  })
})

describe.runIf(testBackend() === 'postgres')('migrations applied by hand', () => {
  it('applies each file with psql -f, and the service then sees nothing pending', async () => {
    const { test, database } = await emptyDatabase()
    for (const { tag } of await loadMigrations()) {
      execFileSync('psql', [test.url!, '-v', 'ON_ERROR_STOP=1', '-q', '-f', path.join(MIGRATIONS_DIR, `${tag}.sql`)], { stdio: 'pipe' })
    }
    expect(await pendingMigrations(database.db)).toEqual([])
    expect(await migrate(database.db)).toEqual([])
    const ledger = rowsOf<{ hash: string | null }>(await database.db.execute(sql`select hash from sluice_migrations`))
    expect(ledger.every((row) => row.hash !== null)).toBe(true)
  })
})
