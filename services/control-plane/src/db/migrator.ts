/**
 * Applies drizzle-kit's SQL files from migrations/ in journal order, each once, all inside one
 * transaction that holds an advisory lock: several replicas starting together cannot race,
 * and a failed migration leaves the schema as it was. The files stay plain SQL (drizzle-kit's
 * breakpoints are comments), so `psql -f` applies them too.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import type { Db } from './database.js'
import { rowsOf } from './rows.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/', import.meta.url))

/** Any constant both this and older versions agree on; it only has to differ from other advisory locks. */
const MIGRATION_LOCK = 7_301_001

interface Migration {
  tag: string
  statements: string[]
  hash: string
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const journal = JSON.parse(await readFile(`${dir}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] }
  return Promise.all(
    journal.entries.map(async ({ tag }) => {
      const text = await readFile(`${dir}/${tag}.sql`, 'utf8')
      return {
        tag,
        hash: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      }
    }),
  )
}

// Each migration file ends by creating this ledger and recording itself without a hash, so a
// file applied with `psql -f` counts as applied; the migrator fills the hash in afterwards.
const CREATE_LEDGER = sql`create table if not exists sluice_migrations (
  tag text primary key,
  hash text,
  applied_at timestamptz not null default now()
)`

/**
 * Applies what is missing; returns the tags it applied. `defaultEnvironment` is where a
 * migration that introduces environments puts existing state: the SQL reads it from the
 * transaction-local setting `sluice.default_environment` (what a psql user sets by hand).
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR, defaultEnvironment = 'production'): Promise<string[]> {
  const migrations = await loadMigrations(dir)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await tx.execute(sql`select set_config('sluice.default_environment', ${defaultEnvironment}, true)`)
    await tx.execute(CREATE_LEDGER)
    const applied = new Map(
      rowsOf<{ tag: string; hash: string | null }>(await tx.execute(sql`select tag, hash from sluice_migrations`)).map((r) => [
        r.tag,
        r.hash,
      ]),
    )
    const done: string[] = []
    for (const migration of migrations) {
      const hash = applied.get(migration.tag)
      if (hash === null) {
        await recordHash(tx, migration)
        continue
      }
      if (hash !== undefined) {
        if (hash !== migration.hash) {
          throw new MigrationError(`migration ${migration.tag} was changed after it was applied; add a new migration instead`)
        }
        continue
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement))
      await recordHash(tx, migration)
      done.push(migration.tag)
    }
    return done
  })
}

async function recordHash(tx: Db, migration: Migration): Promise<void> {
  await tx.execute(sql`insert into sluice_migrations (tag, hash) values (${migration.tag}, ${migration.hash})
    on conflict (tag) do update set hash = excluded.hash`)
}

/** Ready means every migration this build knows is applied. */
export async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir)
  const exists = rowsOf<{ ok: boolean }>(await db.execute(sql`select to_regclass('sluice_migrations') is not null as ok`))
  if (!exists[0]?.ok) return migrations.map((m) => m.tag)
  const applied = new Set(rowsOf<{ tag: string }>(await db.execute(sql`select tag from sluice_migrations`)).map((r) => r.tag))
  return migrations.filter((m) => !applied.has(m.tag)).map((m) => m.tag)
}
