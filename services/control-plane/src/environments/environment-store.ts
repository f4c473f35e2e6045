import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rowsOf } from '../db/rows.js'
import { environments } from '../db/schema/index.js'

export type EnvironmentRow = typeof environments.$inferSelect
export type EnvironmentColumns = Pick<EnvironmentRow, 'name' | 'production' | 'sortOrder'>

export interface EnvironmentView {
  key: string
  name: string
  production: boolean
  sortOrder: number
  createdAt: string
}

export function environmentFromRow(row: EnvironmentRow): EnvironmentView {
  return { key: row.key, name: row.name, production: row.production, sortOrder: row.sortOrder, createdAt: row.createdAt.toISOString() }
}

export async function listEnvironments(db: Db): Promise<EnvironmentRow[]> {
  return db.select().from(environments).orderBy(asc(environments.sortOrder), asc(environments.key))
}

export async function findEnvironment(db: Db, key: string, lock?: 'update'): Promise<EnvironmentRow | undefined> {
  const query = db.select().from(environments).where(eq(environments.key, key))
  const [row] = await (lock ? query.for(lock) : query)
  return row
}

export async function insertEnvironment(tx: Db, key: string, columns: EnvironmentColumns): Promise<EnvironmentRow | undefined> {
  const [row] = await tx.insert(environments).values({ key, ...columns }).onConflictDoNothing().returning()
  return row
}

export async function updateEnvironment(tx: Db, key: string, columns: EnvironmentColumns): Promise<EnvironmentRow> {
  const [row] = await tx.update(environments).set(columns).where(eq(environments.key, key)).returning()
  return row!
}

/**
 * What keeps an environment from being deleted, as phrases for the 409's message. A flag's
 * row exists in every environment; only one enabled or edited there counts as state.
 */
export async function stateHeldBy(tx: Db, key: string): Promise<string[]> {
  const [counts] = rowsOf<Record<string, string | number>>(
    await tx.execute(sql`select
      (select count(*) from flags where environment = ${key} and not archived and (enabled or version > 1)) as flags,
      (select count(*) from canaries where environment = ${key}) as canaries,
      (select count(*) from rollbacks where environment = ${key}) as rollbacks,
      (select count(*) from chaos_rules where environment = ${key}) as chaos_rules,
      (select count(*) from segments where environment = ${key}) as segments,
      (select count(*) from api_tokens where environment = ${key}) as tokens`),
  )
  return Object.entries(counts ?? {})
    .filter(([, n]) => Number(n) > 0)
    .map(([what, n]) => `${n} ${what.replace('_', ' ')}`)
}

/** Deletes the environment and the untouched flag rows it still has (their history goes with them). */
export async function deleteEnvironment(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`delete from flags where environment = ${key}`)
  await tx.delete(environments).where(eq(environments.key, key))
}
