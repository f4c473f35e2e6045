import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { deployers } from '../db/schema/index.js'
import type { DeployerView } from './deployment-schemas.js'

export type DeployerRow = typeof deployers.$inferSelect

/** The secret stays behind: nothing that leaves the service is built from the row itself. */
export function deployerFromRow(row: DeployerRow): DeployerView {
  return {
    service: row.service,
    url: row.url,
    rollbackOnCanaryFailure: row.rollbackOnCanaryFailure,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function findDeployer(db: Db, service: string): Promise<DeployerRow | undefined> {
  const [row] = await db.select().from(deployers).where(eq(deployers.service, service)).limit(1)
  return row
}

export async function listDeployers(db: Db): Promise<DeployerRow[]> {
  return db.select().from(deployers).orderBy(asc(deployers.service))
}

export async function upsertDeployer(tx: Db, values: { service: string; url: string; secret: string; rollbackOnCanaryFailure: boolean; updatedBy: string }): Promise<DeployerRow> {
  const { service, ...rest } = values
  const [row] = await tx
    .insert(deployers)
    .values(values)
    .onConflictDoUpdate({ target: deployers.service, set: { ...rest, updatedAt: sql`now()` } })
    .returning()
  return row!
}
