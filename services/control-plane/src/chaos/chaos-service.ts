/**
 * Chaos rules: the admin API's rules, the environment guard, and every way a rule stops.
 *
 * Safety is layered (docs/api.md, "Chaos safety") and this is the service's layer: a rule can be created, or
 * left enabled by a change, only where chaos is allowed; anything that stops chaos (halt,
 * disable, delete, expiry, a canary rollback) always works. A replica that starts where chaos
 * is not allowed disarms every enabled rule, because the database may be shared with an
 * environment that allowed it, and its periodic job keeps doing so.
 *
 * Every write goes through the Mutator (row + audit + change event in one transaction) and
 * every bulk stop is one conditional UPDATE on `enabled`, so two replicas racing (a halt
 * during expiry, two leaders during a hand-over) change each rule once and emit once.
 */
import type { SQL } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js'
import { assertVersion } from '../http/versioning.js'
import { SYSTEM_ACTOR, type Actor } from '../platform/actor.js'
import type { Logger } from '../platform/logger.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { sameContent } from '../platform/same-content.js'
import type { CreateChaosRuleInput, UpdateChaosRuleInput } from './chaos-schemas.js'
import type { ChaosSettings } from './chaos-settings.js'
import {
  anyEnabledChaosRule,
  chaosRuleEnvironment,
  chaosRuleFromRow,
  deleteChaosRule,
  disableChaosRules,
  expiredRule,
  findChaosRule,
  insertChaosRule,
  listChaosRules,
  lockEnabledChaosRules,
  stopsOnFlag,
  writeChaosRuleVersion,
  type ChaosRuleColumns,
  type ChaosRuleRow,
  type ChaosRuleView,
  addInjections,
  injectionCounts,
} from './chaos-store.js'
import { validateChaosRule, type ChaosRuleDefinition, type ValidChaosRule } from './chaos-validation.js'

export const CHAOS_UPSERTED = 'chaos.upserted'
export const CHAOS_DELETED = 'chaos.deleted'
const ENTITY = 'chaos_rule'

export interface HaltResult {
  halted: number
  rules: ChaosRuleView[]
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`no chaos rule with id "${id}"`, 'SLUICE_CHAOS_RULE_NOT_FOUND')
}

function definitionOf(rule: ChaosRuleView): ChaosRuleDefinition {
  return {
    name: rule.name,
    type: rule.type,
    enabled: rule.enabled,
    probability: rule.probability,
    target: rule.target ?? null,
    config: rule.config,
    expiresAt: rule.expiresAt ?? null,
    stopOn: rule.stopOn ?? null,
  }
}

/** The current rule with a patch applied; null clears, and a new type without a config starts from its defaults. */
function applyPatch(current: ChaosRuleView, patch: UpdateChaosRuleInput): ChaosRuleDefinition {
  const next: Record<string, unknown> = { ...definitionOf(current) }
  if (patch.type !== undefined && patch.type !== current.type && patch.config === undefined) next.config = undefined
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) next[field] = value
  }
  return next as unknown as ChaosRuleDefinition
}

function columnsOf(rule: ValidChaosRule, disabledReason: string | null): ChaosRuleColumns {
  return {
    name: rule.name,
    type: rule.type,
    enabled: rule.enabled,
    probability: rule.probability,
    target: rule.target,
    config: rule.config as unknown as Record<string, unknown>,
    expiresAt: rule.expiresAt,
    stopOnFlagKey: rule.stopOn?.flagKey ?? null,
    disabledReason: rule.enabled ? null : disabledReason,
  }
}

function sameColumns(row: ChaosRuleRow, columns: ChaosRuleColumns): boolean {
  const current: ChaosRuleColumns = {
    name: row.name,
    type: row.type,
    enabled: row.enabled,
    probability: row.probability,
    target: row.target,
    config: row.config,
    expiresAt: row.expiresAt,
    stopOnFlagKey: row.stopOnFlagKey,
    disabledReason: row.disabledReason,
  }
  return sameContent(current, columns)
}

/** Where a rule lives: its key, and whether that environment is a production one (no chaos there). */
export interface ChaosEnvironment {
  key: string
  production: boolean
}

export class ChaosService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly settings: ChaosSettings,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether rules may be created or left enabled here. */
  get allowed(): boolean {
    return this.settings.forbiddenReason === undefined
  }

  /** Every rule, with how many faults SDKs reported injecting under it. */
  async list(environment: string): Promise<Array<ChaosRuleView & { injected: number }>> {
    const [rows, counts] = await Promise.all([listChaosRules(this.db, environment), injectionCounts(this.db)])
    return rows.map((row) => ({ ...chaosRuleFromRow(row), injected: counts.get(row.id) ?? 0 }))
  }

  async get(environment: string, id: string): Promise<ChaosRuleView & { injected: number }> {
    const [row, counts] = await Promise.all([findChaosRule(this.db, environment, id), injectionCounts(this.db)])
    if (!row) throw notFound(id)
    return { ...chaosRuleFromRow(row), injected: counts.get(id) ?? 0 }
  }

  /**
   * Counts SDKs report with their outcomes (`chaos: [{ ruleId, injected }]`), inside `tx`:
   * outcome ingest counts them in the same commit as the outcomes they came with. Returns the
   * ids of the rules that exist: only those may become metric series, or any sdk token could
   * mint unbounded label values with made-up ids.
   */
  readonly recordInjections = (tx: Db, reports: Array<{ ruleId: string; injected: number }>): Promise<Set<string>> => addInjections(tx, reports)

  async create(actor: Actor, environment: ChaosEnvironment, input: CreateChaosRuleInput): Promise<ChaosRuleView> {
    this.assertAllowed(environment, input.enabled === true)
    const rule = validateChaosRule(input, { now: this.clock(), expiresAtGiven: input.expiresAt != null })
    return this.mutator.run(actor, async (mutation) => {
      const row = await insertChaosRule(mutation.tx, environment.key, columnsOf(rule, null))
      return this.record(mutation, 'chaos.created', undefined, row)
    })
  }

  async update(actor: Actor, environment: ChaosEnvironment, id: string, patch: UpdateChaosRuleInput, expectedVersion?: number): Promise<ChaosRuleView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await findChaosRule(mutation.tx, environment.key, id, { forUpdate: true })
      if (!row) throw notFound(id)
      assertVersion('chaos rule', id, row.version, expectedVersion)
      const current = chaosRuleFromRow(row)
      const definition = applyPatch(current, patch)
      // Enabling a rule, or changing one that stays enabled, arms chaos; turning it off never needs permission.
      if (definition.enabled) this.assertAllowed(environment, true)
      const rule = validateChaosRule(definition, { now: this.clock(), expiresAtGiven: patch.expiresAt != null })
      // A service-made stop keeps its reason through later edits until someone touches `enabled`.
      const columns = columnsOf(rule, patch.enabled === undefined ? row.disabledReason : null)
      if (sameColumns(row, columns)) return current
      const updated = await writeChaosRuleVersion(mutation.tx, row, columns)
      return this.record(mutation, 'chaos.updated', current, updated)
    })
  }

  /**
   * Writes an exported rule under its own id, inside an import's transaction: created when the
   * id is new, replaced when it differs, left alone when equal. Refused (a SluiceError, before
   * any SQL fails) when the id belongs to another environment or the rule may not be enabled here.
   */
  async importIn(mutation: Mutation, environment: ChaosEnvironment, id: string, input: CreateChaosRuleInput): Promise<{ rule: ChaosRuleView; action: 'created' | 'updated' | 'unchanged' }> {
    this.assertAllowed(environment, input.enabled === true)
    const rule = validateChaosRule(input, { now: this.clock(), expiresAtGiven: input.expiresAt != null })
    const row = await findChaosRule(mutation.tx, environment.key, id, { forUpdate: true })
    if (!row) {
      const elsewhere = await chaosRuleEnvironment(mutation.tx, id)
      if (elsewhere) throw new ConflictError(`chaos rule ${id} already exists in the environment "${elsewhere}"`)
      return { rule: await this.record(mutation, 'chaos.created', undefined, await insertChaosRule(mutation.tx, environment.key, columnsOf(rule, null), id)), action: 'created' }
    }
    const columns = columnsOf(rule, null)
    if (sameColumns(row, columns)) return { rule: chaosRuleFromRow(row), action: 'unchanged' }
    return { rule: await this.record(mutation, 'chaos.updated', chaosRuleFromRow(row), await writeChaosRuleVersion(mutation.tx, row, columns)), action: 'updated' }
  }

  async delete(actor: Actor, environment: string, id: string): Promise<void> {
    await this.mutator.run(actor, async (mutation) => {
      const row = await findChaosRule(mutation.tx, environment, id, { forUpdate: true })
      if (!row) throw notFound(id)
      await deleteChaosRule(mutation.tx, id)
      await mutation.audit({ action: 'chaos.deleted', entityType: ENTITY, entityKey: id, environment, before: chaosRuleFromRow(row), after: null })
      await mutation.emit({ type: CHAOS_DELETED, entityKey: id, environment, payload: { id, environment } })
    })
  }

  /** Disables every enabled rule at once, in one transaction, whatever the environment. */
  async halt(actor: Actor, reason?: string): Promise<HaltResult> {
    const why = reason ? `halted by ${actor.name}: ${reason}` : `halted by ${actor.name}`
    const rules = await this.mutator.run(actor, (mutation) => this.disableWhere(mutation, undefined, 'chaos.halted', why))
    if (rules.length > 0) this.log.warn({ halted: rules.length, actor: actor.name }, 'chaos halted')
    return { halted: rules.length, rules }
  }

  /**
   * For an automatic canary rollback, inside the caller's transaction: disables the rules whose
   * `stopOn.flagKey` is the flag, or every enabled rule when `haltAllOnAutoRollback` is set.
   * Audited under the caller's actor. Returns the rules it disabled.
   *
   */
  async haltForRollback(mutation: Mutation, environment: string, flagKey: string, reason: string): Promise<ChaosRuleView[]> {
    const which = this.settings.haltAllOnAutoRollback ? undefined : stopsOnFlag(environment, flagKey)
    const why = `halted because the canary for "${flagKey}" was rolled back: ${reason}`
    return this.disableWhere(mutation, which, 'chaos.halted', why)
  }

  /** Disables enabled rules past their expiry, so SDKs that ignore clocks stop too. */
  async expire(): Promise<ChaosRuleView[]> {
    if (!(await anyEnabledChaosRule(this.db, expiredRule()))) return []
    const rules = await this.mutator.run(SYSTEM_ACTOR, (mutation) => this.disableWhere(mutation, expiredRule(), 'chaos.expired', 'expired'))
    if (rules.length > 0) this.log.info({ expired: rules.map((r) => r.id) }, 'chaos rules expired')
    return rules
  }

  /** Where chaos is not allowed, disables every enabled rule (created, perhaps, by another environment on this database). */
  async disarm(): Promise<ChaosRuleView[]> {
    const reason = this.settings.forbiddenReason
    if (reason === undefined || !(await anyEnabledChaosRule(this.db))) return []
    const rules = await this.mutator.run(SYSTEM_ACTOR, (mutation) => this.disableWhere(mutation, undefined, 'chaos.disarmed', `disarmed because ${reason}`))
    if (rules.length > 0) this.log.warn({ disarmed: rules.map((r) => r.id), reason }, 'disarmed chaos rules this environment does not allow')
    return rules
  }

  /** The periodic job: disarm where forbidden, then expire. */
  async runJob(): Promise<void> {
    await this.disarm()
    await this.expire()
  }

  /**
   * The server's settings refuse every rule; a production environment refuses enabled ones,
   * whatever the server's settings allow (a disabled rule there injects nothing).
   */
  private assertAllowed(environment: ChaosEnvironment, enabling: boolean): void {
    if (enabling && environment.production) {
      throw new ForbiddenError(
        `chaos rules cannot be enabled in the environment "${environment.key}": it is a production environment`,
        'SLUICE_CHAOS_FORBIDDEN',
      )
    }
    if (this.settings.forbiddenReason !== undefined) throw new ForbiddenError(this.settings.forbiddenReason, 'SLUICE_CHAOS_FORBIDDEN')
  }

  /** Disables the enabled rules matching `where` with one conditional UPDATE; audits and emits each. */
  private async disableWhere(mutation: Mutation, where: SQL | undefined, action: string, reason: string): Promise<ChaosRuleView[]> {
    const locked = await lockEnabledChaosRules(mutation.tx, where)
    if (locked.length === 0) return []
    const before = new Map(locked.map((row) => [row.id, chaosRuleFromRow(row)]))
    const position = new Map(locked.map((row, i) => [row.id, i]))
    const rows = await disableChaosRules(mutation.tx, [...before.keys()], reason)
    rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
    const rules: ChaosRuleView[] = []
    for (const row of rows) rules.push(await this.record(mutation, action, before.get(row.id), row))
    return rules
  }

  private async record(mutation: Mutation, action: string, before: ChaosRuleView | undefined, row: ChaosRuleRow): Promise<ChaosRuleView> {
    const after = chaosRuleFromRow(row)
    await mutation.audit({ action, entityType: ENTITY, entityKey: after.id, environment: after.environment, before: before ?? null, after })
    await mutation.emit({ type: CHAOS_UPSERTED, entityKey: after.id, environment: after.environment, payload: after })
    return after
  }
}
