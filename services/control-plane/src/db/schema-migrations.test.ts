/**
 * `db:generate` has drizzle-kit diff the schema against the newest snapshot in
 * migrations/meta and write the SQL that closes the gap. This runs that same diff in memory
 * (drizzle-kit's programmatic API, so migrations/ is only read): a schema change committed
 * without its migration fails here, not on a deployed database that lacks the column.
 */
import { readFile } from 'node:fs/promises'
import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from 'drizzle-kit/api'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR } from './migrator.js'
import * as schema from './schema/index.js'

async function newestSnapshot(): Promise<DrizzleSnapshotJSON> {
  const journal = JSON.parse(await readFile(`${MIGRATIONS_DIR}/meta/_journal.json`, 'utf8')) as { entries: { idx: number }[] }
  const newest = journal.entries.at(-1)!
  // drizzle-kit names each snapshot by its journal index, as it does the SQL file.
  return JSON.parse(await readFile(`${MIGRATIONS_DIR}/meta/${String(newest.idx).padStart(4, '0')}_snapshot.json`, 'utf8'))
}

describe('the migrations', () => {
  it('cover the current schema (run `pnpm --filter @sluice/control-plane db:generate <name>` if this fails)', async () => {
    const snapshot = await newestSnapshot()
    const pending = await generateMigration(snapshot, generateDrizzleJson(schema, snapshot.id))
    expect(pending, 'SQL a new migration would have to run').toEqual([])
  })
})
