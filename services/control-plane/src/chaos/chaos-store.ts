import type { ChaosRule, ChaosType } from '@sluice/core'
import { asc } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { chaosRules } from '../db/schema/index.js'

export type ChaosRuleRow = typeof chaosRules.$inferSelect

export function chaosRuleFromRow(row: ChaosRuleRow): ChaosRule {
  return {
    id: row.id,
    name: row.name,
    type: row.type as ChaosType,
    enabled: row.enabled,
    probability: row.probability,
    target: row.target,
    config: row.config,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export async function listChaosRules(db: Db): Promise<ChaosRuleRow[]> {
  return db.select().from(chaosRules).orderBy(asc(chaosRules.createdAt))
}
