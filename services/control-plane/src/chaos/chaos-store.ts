import type { ChaosRule, ChaosStopOn, ChaosType } from '@sluice/core'
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rowsOf } from '../db/rows.js'
import { chaosInjections, chaosRules } from '../db/schema/index.js'

export type ChaosRuleRow = typeof chaosRules.$inferSelect

/** The API's and the stream's rule: every field present, an unset one null (a null target is every route). */
export type ChaosRuleView = ChaosRule & {
  environment: string
  target: string | null
  expiresAt: string | null
  stopOn: ChaosStopOn | null
  disabledReason: string | null
}

export function chaosRuleFromRow(row: ChaosRuleRow): ChaosRuleView {
  return {
    id: row.id,
    environment: row.environment,
    name: row.name,
    type: row.type as ChaosType,
    enabled: row.enabled,
    probability: row.probability,
    target: row.target,
    config: row.config,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    stopOn: row.stopOnFlagKey != null ? { flagKey: row.stopOnFlagKey } : null,
    disabledReason: row.disabledReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type ChaosRuleColumns = Pick<
  ChaosRuleRow,
  'name' | 'type' | 'enabled' | 'probability' | 'target' | 'config' | 'expiresAt' | 'stopOnFlagKey' | 'disabledReason'
>

/** `environment` undefined: every environment's rules (the replica's load). */
export async function listChaosRules(db: Db, environment?: string): Promise<ChaosRuleRow[]> {
  const where = environment === undefined ? undefined : eq(chaosRules.environment, environment)
  return db.select().from(chaosRules).where(where).orderBy(asc(chaosRules.createdAt), asc(chaosRules.id))
}

export async function findChaosRule(db: Db, environment: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ChaosRuleRow | undefined> {
  const query = db.select().from(chaosRules).where(and(eq(chaosRules.environment, environment), eq(chaosRules.id, id))).limit(1)
  const [row] = options.forUpdate ? await query.for('update') : await query
  return row
}

/** `id` keeps an imported rule's id, so importing the same export twice changes nothing. */
/** The environment holding the rule with this id, in any environment (ids are unique across all). */
export async function chaosRuleEnvironment(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ environment: chaosRules.environment }).from(chaosRules).where(eq(chaosRules.id, id)).limit(1)
  return row?.environment
}

export async function insertChaosRule(tx: Db, environment: string, columns: ChaosRuleColumns, id?: string): Promise<ChaosRuleRow> {
  const [row] = await tx.insert(chaosRules).values({ ...(id ? { id } : {}), environment, ...columns, version: 1 }).returning()
  return row!
}

/** Writes the next version; the caller holds the row lock from `findChaosRule(..., { forUpdate })`. */
export async function writeChaosRuleVersion(tx: Db, current: ChaosRuleRow, columns: ChaosRuleColumns): Promise<ChaosRuleRow> {
  const [row] = await tx
    .update(chaosRules)
    .set({ ...columns, version: current.version + 1, updatedAt: new Date() })
    .where(and(eq(chaosRules.id, current.id), eq(chaosRules.version, current.version)))
    .returning()
  return row!
}

export async function deleteChaosRule(tx: Db, id: string): Promise<void> {
  await tx.delete(chaosRules).where(eq(chaosRules.id, id))
}

/** Rules past their expiry, by the database's clock, so every replica agrees on "now". */
export function expiredRule(): SQL {
  return sql`${chaosRules.expiresAt} <= now()`
}

export function stopsOnFlag(environment: string, flagKey: string): SQL {
  return and(eq(chaosRules.environment, environment), eq(chaosRules.stopOnFlagKey, flagKey))!
}

/** A cheap look before opening a write transaction: the expiry job asks every second. */
export async function anyEnabledChaosRule(db: Db, where?: SQL): Promise<boolean> {
  const rows = await db
    .select({ id: chaosRules.id })
    .from(chaosRules)
    .where(and(eq(chaosRules.enabled, true), where))
    .limit(1)
  return rows.length > 0
}

/** The enabled rules matching `where`, locked until the caller's transaction ends. */
export async function lockEnabledChaosRules(tx: Db, where?: SQL): Promise<ChaosRuleRow[]> {
  return tx
    .select()
    .from(chaosRules)
    .where(and(eq(chaosRules.enabled, true), where))
    .orderBy(asc(chaosRules.createdAt), asc(chaosRules.id))
    .for('update')
}

/**
 * Disables the given rules in one statement. Conditional on `enabled`, so a replica that
 * races another (a halt during expiry, two leaders during a hand-over) changes each rule once.
 */
export async function disableChaosRules(tx: Db, ids: string[], reason: string): Promise<ChaosRuleRow[]> {
  if (ids.length === 0) return []
  return tx
    .update(chaosRules)
    .set({ enabled: false, disabledReason: reason, version: sql`${chaosRules.version} + 1`, updatedAt: new Date() })
    .where(and(inArray(chaosRules.id, ids), eq(chaosRules.enabled, true)))
    .returning()
}

export const CHAOS_RULE_STATES = ['enabled', 'disabled', 'expired'] as const

/** Every state, zeros included, so an alert on `sluice_chaos_rules{state="enabled"} > 0` always has a series. */
export async function countChaosRulesByState(db: Db): Promise<Array<{ state: (typeof CHAOS_RULE_STATES)[number]; n: number }>> {
  const rows = await db
    .select({
      state: sql<string>`case when ${expiredRule()} then 'expired' when ${chaosRules.enabled} then 'enabled' else 'disabled' end`,
      n: sql<number>`count(*)::int`,
    })
    .from(chaosRules)
    .groupBy(sql`1`)
  const counts = new Map(rows.map((row) => [row.state, row.n]))
  return CHAOS_RULE_STATES.map((state) => ({ state, n: counts.get(state) ?? 0 }))
}

/** Adds reported injection counts; reports for rules that no longer exist are dropped. */
/** The ids of the rules counted: reports naming no existing rule are dropped. */
export async function addInjections(db: Db, reports: Array<{ ruleId: string; injected: number }>): Promise<Set<string>> {
  if (reports.length === 0) return new Set()
  const result = await db.execute(sql`
    insert into ${chaosInjections} (rule_id, injected)
    select r.rule_id, sum(r.injected)
    from rows from (jsonb_to_recordset(${JSON.stringify(reports.map((r) => ({ rule_id: r.ruleId, injected: r.injected })))}::jsonb)
      as (rule_id uuid, injected bigint)) as r
    join ${chaosRules} on ${chaosRules.id} = r.rule_id
    group by r.rule_id
    on conflict (rule_id) do update set injected = ${chaosInjections.injected} + excluded.injected, updated_at = now()
    returning rule_id`)
  return new Set(rowsOf<{ rule_id: string }>(result).map((row) => row.rule_id))
}

export async function injectionCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ ruleId: chaosInjections.ruleId, injected: chaosInjections.injected }).from(chaosInjections)
  return new Map(rows.map((r) => [r.ruleId, Number(r.injected)]))
}
