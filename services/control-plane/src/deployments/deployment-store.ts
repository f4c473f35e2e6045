import { and, desc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { deployments } from '../db/schema/index.js'
import type { DeploymentStatus, DeploymentView } from './deployment-schemas.js'

export type DeploymentRow = typeof deployments.$inferSelect

export function deploymentFromRow(row: DeploymentRow): DeploymentView {
  return {
    id: row.id,
    environment: row.environment,
    service: row.service,
    version: row.version,
    previousVersion: row.previousVersion,
    commit: row.commit,
    migrations: row.migrations,
    canaryFlag: row.canaryFlag,
    canaryId: row.canaryId,
    rollbackOnCanaryFailure: row.rollbackOnCanaryFailure,
    status: row.status as DeploymentStatus,
    revertedMigrations: row.revertedMigrations,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function insertDeployment(tx: Db, values: typeof deployments.$inferInsert): Promise<DeploymentRow> {
  const [row] = await tx.insert(deployments).values(values).returning()
  return row!
}

export async function findDeployment(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<DeploymentRow | undefined> {
  const query = db.select().from(deployments).where(eq(deployments.id, id)).limit(1)
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row
}

/** The version a new deployment of `service` replaces: the newest one that was not rolled back. */
export async function lastSuccessfulVersion(tx: Db, environment: string, service: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ version: deployments.version })
    .from(deployments)
    .where(and(eq(deployments.environment, environment), eq(deployments.service, service), eq(deployments.status, 'deployed')))
    .orderBy(desc(deployments.createdAt))
    .limit(1)
  return row?.version
}

export async function listDeployments(
  db: Db,
  query: { environment: string; service?: string; version?: string; status?: DeploymentStatus; limit: number },
): Promise<DeploymentRow[]> {
  const filters: SQL[] = [eq(deployments.environment, query.environment)]
  if (query.service) filters.push(eq(deployments.service, query.service))
  if (query.version) filters.push(eq(deployments.version, query.version))
  if (query.status) filters.push(eq(deployments.status, query.status))
  return db
    .select()
    .from(deployments)
    .where(and(...filters))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(query.limit)
}

export async function updateDeployment(tx: Db, id: string, values: Partial<typeof deployments.$inferInsert>): Promise<DeploymentRow> {
  const [row] = await tx
    .update(deployments)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(deployments.id, id))
    .returning()
  return row!
}

/**
 * The deployment a canary starting on `featureKey` with `version` guards: the newest with that
 * version that names the flag, else one that names no flag.
 */
export async function findDeploymentForCanary(tx: Db, environment: string, featureKey: string, version: string): Promise<DeploymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(deployments)
    .where(
      and(
        eq(deployments.environment, environment),
        eq(deployments.version, version),
        eq(deployments.status, 'deployed'),
        or(eq(deployments.canaryFlag, featureKey), isNull(deployments.canaryFlag)),
      ),
    )
    .orderBy(sql`${deployments.canaryFlag} is not null desc`, desc(deployments.createdAt))
    .limit(1)
    .for('update')
  return row
}

/** The deployment the canary `canaryId` guards. */
export async function findDeploymentOfCanary(tx: Db, canaryId: string): Promise<DeploymentRow | undefined> {
  const [row] = await tx.select().from(deployments).where(and(eq(deployments.canaryId, canaryId), ne(deployments.status, 'rolled_back'))).limit(1).for('update')
  return row
}
