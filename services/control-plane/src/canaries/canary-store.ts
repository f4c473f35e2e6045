import type { Canary, CanaryStatus } from '@sluice/core'
import { asc, inArray } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { canaries } from '../db/schema/index.js'

export type CanaryRow = typeof canaries.$inferSelect

export const ACTIVE_STATUSES: CanaryStatus[] = ['running', 'paused']

export function canaryFromRow(row: CanaryRow): Canary {
  return {
    id: row.id,
    featureKey: row.featureKey,
    version: row.version,
    status: row.status as CanaryStatus,
    percentage: row.percentage,
    initialPercentage: row.initialPercentage,
    rollbackThreshold: row.rollbackThreshold,
    minSampleSize: row.minSampleSize,
    steps: row.steps,
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  }
}

export async function listActiveCanaries(db: Db): Promise<CanaryRow[]> {
  return db.select().from(canaries).where(inArray(canaries.status, ACTIVE_STATUSES)).orderBy(asc(canaries.startedAt))
}
