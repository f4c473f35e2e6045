/**
 * Feature flags: versioned writes, the read cache, and evaluation through @sluice/core.
 *
 * Every write runs in a Mutator transaction (row + history + audit + change event). After
 * commit the writer puts the new version in the cache before answering, so a read on any
 * replica right after a write sees it; every other replica also puts it when the change log
 * delivers it, which bounds staleness even when the writer could not reach Redis. Cache writes
 * are version-guarded, so no replica can put an older version back.
 *
 * Reads fall back to the replica's in-memory state when the database fails or hangs (see
 * MemoryFallback), so listing, reading and checking flags keep working through an outage.
 *
 * Environments: a flag's identity (key, name, description, tags, archived) is shared and its
 * evaluation config is per environment, stored as one `flags` row per (environment, key).
 * Creating a flag creates its row in every environment (the addressed one gets the body, the
 * others the same config disabled); an identity change (rename, retag, archive, restore) writes a new
 * version of every environment's row in the same transaction, so the rows never disagree.
 */
import { compileFlag, compileSegment, type CompiledFlag, type EvaluationContext, type Explanation, type Flag, type FlagType, type Reason } from '@sluice/core'
import type { Db } from '../db/database.js'
import { BadRequestError, ConflictError, NotFoundError, PreconditionFailedError } from '../errors.js'
import { assertVersion } from '../http/versioning.js'
import type { Actor } from '../platform/actor.js'
import type { Cache } from '../platform/cache.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { sameContent } from '../platform/same-content.js'
import type { ChangeFeed } from '../changes/change-feed.js'
import type { MemoryFallback } from '../platform/memory-fallback.js'
import type { CreateFlagInput, UpdateFlagInput } from './flag-schemas.js'
import { listEnvironments, type EnvironmentRow } from '../environments/environment-store.js'
import {
  findFlag,
  findFlagEverywhere,
  findHistoryVersion,
  flagKeysDependingOn,
  flagKeysUsingSegment,
  flagFromRow,
  insertFlag,
  insertFlagIn,
  insertHistory,
  listFlags,
  listHistory,
  writeFlagVersion,
  type EnvironmentFlag,
  type FlagColumns,
  type FlagHistoryEntry,
  type HistoryEntry,
  type FlagRow,
} from './flag-store.js'
import { fieldsOutsideType, validateFlagDefinition, type FlagDefinition } from './flag-validation.js'
import { checkReferences, withRuleIds } from '../rules/rule-validation.js'
import { findSegments, segmentFromRow, type SegmentView } from '../segments/segment-store.js'

export const FLAG_UPSERTED = 'flag.upserted'
export const FLAG_ARCHIVED = 'flag.archived'
const ENTITY = 'feature_flag'

/**
 * A rule another capability imposes on admin edits of a flag, checked inside the edit's
 * transaction (e.g. canaries own the percentage of a flag they are ramping).
 */
export type FlagGuard = (tx: Db, current: EnvironmentFlag, next: FlagColumns) => Promise<void>

export type FlagCheck = Partial<Pick<Explanation, 'ruleId' | 'dependencies' | 'rules'>> & {
  key: string
  enabled: boolean
  variant?: { key: string; payload?: unknown }
  reason: Reason
  version?: number
}

function cacheKey(environment: string, key: string): string {
  return `flag:${environment}/${key}`
}

function notFound(key: string): NotFoundError {
  return new NotFoundError(`no feature flag with key "${key}"`, 'SLUICE_FLAG_NOT_FOUND')
}

function identityOf(columns: FlagColumns): Pick<FlagColumns, 'name' | 'description' | 'tags' | 'archived'> {
  return { name: columns.name, description: columns.description, tags: columns.tags, archived: columns.archived }
}

/** Sorted and deduplicated, so the same tags in another order are no change. */
function normalTags(tags: readonly string[] | null | undefined): string[] {
  return [...new Set(tags ?? [])].sort()
}

/** Type defaults, so a percentage flag always has a percentage and a targeting flag a list. */
function columnsOf(definition: FlagDefinition, archived: boolean): FlagColumns {
  const { type } = definition
  return {
    name: definition.name,
    description: definition.description ?? null,
    tags: normalTags(definition.tags),
    type,
    enabled: definition.enabled,
    percentage: type === 'percentage' ? (definition.percentage ?? 0) : null,
    groupId: definition.groupId ?? null,
    stickiness: type === 'percentage' ? (definition.stickiness ?? null) : null,
    userIds: type === 'user_targeting' ? (definition.userIds ?? []) : null,
    ips: type === 'ip_targeting' ? (definition.ips ?? []) : null,
    variants: definition.variants?.length ? definition.variants : null,
    rules: type === 'rules' ? (definition.rules ?? []) : null,
    dependencies: type === 'rules' && definition.dependencies?.length ? definition.dependencies : null,
    archived,
  }
}

function definitionOf(flag: Flag): FlagDefinition {
  const { environment: _environment, key: _key, archived: _archived, version: _version, createdAt: _c, updatedAt: _u, ...definition } =
    flag as EnvironmentFlag
  return definition as FlagDefinition
}

/** The current definition with a patch applied; fields the (new) type does not use are dropped. */
function applyPatch(current: Flag, patch: UpdateFlagInput): FlagDefinition {
  if (patch.key !== undefined && patch.key !== current.key) {
    throw new BadRequestError(`key: cannot change (it is the flag's identity); create a flag with the new key instead`)
  }
  const { key: _key, rules, ...rest } = patch
  const fields = rules ? { ...rest, rules: withRuleIds(rules) } : rest
  const type: FlagType = patch.type ?? current.type
  const merged: Record<string, unknown> = { ...definitionOf(current) }
  for (const field of fieldsOutsideType(merged, type)) delete merged[field]
  for (const [field, value] of Object.entries(fields)) {
    if (value === null) delete merged[field]
    else if (value !== undefined) merged[field] = value
  }
  return { ...(merged as unknown as FlagDefinition), type }
}

/**
 * This replica's in-memory state as of the last change the feed delivered (ReplicaState,
 * above this folder): what answers reads while the database does not.
 */
export interface FlagMemory {
  flag(environment: string, key: string): EnvironmentFlag | undefined
  listFlags(environment: string, includeArchived: boolean): EnvironmentFlag[]
  segmentsOf(environment: string, keys: readonly string[]): SegmentView[]
}

export class FlagService {
  private readonly compiled = new Map<string, { version: number; compiled: CompiledFlag }>()
  /** Each mutation's flag versions, written in one insert when its work is done (an import writes thousands). */
  private readonly pendingHistory = new WeakMap<Mutation, HistoryEntry[]>()
  private readonly environments = new WeakMap<Mutation, Promise<EnvironmentRow[]>>()
  private readonly guards: FlagGuard[] = [(tx, current, next) => this.checkFlagReferences(tx, current.environment, current.key, next)]

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly cache: Cache,
    feed: ChangeFeed,
    private readonly memory: FlagMemory,
    private readonly fallback: MemoryFallback,
  ) {
    feed.onChange((change) => {
      if (change.type === FLAG_UPSERTED || change.type === FLAG_ARCHIVED) {
        const flag = change.payload as EnvironmentFlag
        void this.cache.put(cacheKey(flag.environment, flag.key), flag, flag.version)
      }
    })
  }

  /** Segments and parent flags a rules flag names must exist, and dependencies stay one level deep. */
  private readonly checkFlagReferences = async (tx: Db, environment: string, key: string, next: FlagColumns): Promise<void> => {
    if (next.archived || next.type !== 'rules' || !next.rules) return
    await checkReferences(key, { rules: next.rules, dependencies: next.dependencies }, {
      existingSegments: async (keys) => new Set((await findSegments(tx, environment, keys, 'share')).map((row) => row.key)),
      parentDependencies: async (parent) => {
        const row = await findFlag(tx, environment, parent)
        return row && !row.archived ? (row.dependencies ?? []) : undefined
      },
      children: (parent) => flagKeysDependingOn(tx, environment, parent),
    })
  }

  /** The live flags whose rules name a segment (a segment in use cannot be deleted). */
  async usersOfSegment(tx: Db, environment: string, segmentKey: string): Promise<string[]> {
    return flagKeysUsingSegment(tx, environment, segmentKey)
  }

  /**
   * A new environment gets every flag with `from`'s config, disabled, at version 1
   * (EnvironmentService's seeder); each copy is a change event, so replicas' memory has them.
   */
  async seedEnvironment(mutation: Mutation, from: string, to: string): Promise<void> {
    for (const row of await listFlags(mutation.tx, true, from)) {
      const copy = await insertFlag(mutation.tx, to, row.key, { ...columnsOf(definitionOf(flagFromRow(row)), row.archived), enabled: false })
      if (copy) await this.record(mutation, 'flag.created', undefined, copy, { audited: false })
    }
  }

  addGuard(guard: FlagGuard): void {
    this.guards.push(guard)
  }

  /** With `tags`, only the flags that have every one of them. */
  async list(environment: string, includeArchived: boolean, tags: readonly string[] = []): Promise<EnvironmentFlag[]> {
    return this.fallback.read(
      'listing flags',
      async () => (await listFlags(this.db, includeArchived, environment, tags)).map(flagFromRow),
      () => this.memory.listFlags(environment, includeArchived).filter((flag) => tags.every((tag) => flag.tags.includes(tag))),
    )
  }

  /** The current flag in an environment, archived or not, through the cache. */
  async find(environment: string, key: string): Promise<EnvironmentFlag | undefined> {
    return this.fallback.read(`reading flag ${key}`, () => this.findStored(environment, key), () => this.memory.flag(environment, key))
  }

  private async findStored(environment: string, key: string): Promise<EnvironmentFlag | undefined> {
    const cached = await this.cache.get<EnvironmentFlag>(cacheKey(environment, key))
    if (cached) return cached
    const row = await findFlag(this.db, environment, key)
    if (!row) return undefined
    const flag = flagFromRow(row)
    // Filling the cache is for the next reader; this one does not wait on Redis for it.
    void this.cache.put(cacheKey(environment, key), flag, flag.version)
    return flag
  }

  /** The flag as it is inside the caller's transaction, locked until it ends. */
  async lock(tx: Db, environment: string, key: string): Promise<EnvironmentFlag> {
    const row = await findFlag(tx, environment, key, { forUpdate: true })
    if (!row) throw notFound(key)
    return flagFromRow(row)
  }

  async get(environment: string, key: string): Promise<EnvironmentFlag> {
    const flag = await this.find(environment, key)
    if (!flag) throw notFound(key)
    return flag
  }

  /** The flag in every environment, in the environments' order (the side-by-side view). */
  async everywhere(key: string): Promise<EnvironmentFlag[]> {
    const [rows, environments] = await Promise.all([findFlagEverywhere(this.db, key), listEnvironments(this.db)])
    if (rows.length === 0) throw notFound(key)
    const order = new Map(environments.map((e, i) => [e.key, i]))
    return rows.map(flagFromRow).sort((a, b) => (order.get(a.environment) ?? 0) - (order.get(b.environment) ?? 0))
  }

  async check(environment: string, key: string, ctx: EvaluationContext): Promise<FlagCheck> {
    const flag = await this.find(environment, key)
    if (!flag) return { key, enabled: false, reason: 'not_found' }
    if (flag.type === 'rules' && !flag.archived) return this.explain(flag, ctx)
    const { enabled, variant, reason } = this.compiledOf(flag).evaluate(ctx)
    return { key, enabled, ...(variant ? { variant } : {}), reason, version: flag.version }
  }

  /**
   * A rules flag evaluated with the segments and parent flags it names, as they are now, and
   * the engine's account of each rule. Compiled afresh each time: a segment edit changes the
   * answer without a new flag version, and /check is not the SDKs' hot path.
   */
  private async explain(flag: EnvironmentFlag, ctx: EvaluationContext): Promise<FlagCheck> {
    const { environment } = flag
    const parents = (await Promise.all((flag.dependencies ?? []).map((d) => this.find(environment, d.flag)))).filter(
      (p): p is EnvironmentFlag => p !== undefined,
    )
    const segmentKeys = [...new Set([flag, ...parents].flatMap((f) => f.rules?.flatMap((rule) => rule.segments ?? []) ?? []))]
    const found = await this.fallback.read(
      'reading segments',
      async () => (await findSegments(this.db, environment, segmentKeys)).map(segmentFromRow),
      () => this.memory.segmentsOf(environment, segmentKeys),
    )
    const segments = new Map(found.map((segment) => [segment.key, compileSegment(segment)]))
    const lookups = { flags: new Map<string, CompiledFlag>(), segments }
    for (const parent of parents) lookups.flags.set(parent.key, compileFlag(parent, lookups))
    const { enabled, variant, reason, ruleId, dependencies, rules } = compileFlag(flag, lookups).explain(ctx)
    return {
      key: flag.key,
      enabled,
      ...(variant ? { variant } : {}),
      reason,
      version: flag.version,
      ...(ruleId !== undefined ? { ruleId } : {}),
      ...(dependencies ? { dependencies } : {}),
      ...(rules ? { rules } : {}),
    }
  }

  async history(environment: string, key: string, limit: number): Promise<FlagHistoryEntry[]> {
    const entries = await listHistory(this.db, environment, key, limit)
    if (entries.length === 0 && !(await findFlag(this.db, environment, key))) throw notFound(key)
    return entries
  }

  async versionAt(environment: string, key: string, version: number): Promise<Flag | undefined> {
    return findHistoryVersion(this.db, environment, key, version)
  }

  async create(actor: Actor, environment: string, input: CreateFlagInput): Promise<EnvironmentFlag> {
    const { key, rules, ...rest } = input
    const definition: FlagDefinition = rules ? { ...rest, rules: withRuleIds(rules) } : rest
    validateFlagDefinition({ ...definition, key })
    return this.mutator.run(actor, (mutation) => this.createIn(mutation, environment, key, definition))
  }

  /**
   * Creates a validated definition inside the caller's transaction (the Unleash import creates
   * many in one): `environment` gets it as given, every other environment the same config
   * disabled, each at version 1.
   */
  async createIn(mutation: Mutation, environment: string, key: string, definition: FlagDefinition): Promise<EnvironmentFlag> {
    const existing = await findFlag(mutation.tx, environment, key, { forUpdate: true })
    if (existing?.archived) {
      throw new ConflictError(
        `the key "${key}" belongs to an archived flag; restore it (POST /api/v1/admin/feature-flags/${key}/restore) instead of reusing the key`,
        'SLUICE_FLAG_ARCHIVED',
      )
    }
    const columns = columnsOf(definition, false)
    if (existing) throw new ConflictError(`a feature flag with key "${key}" already exists`, 'SLUICE_FLAG_EXISTS')
    await this.checkFlagReferences(mutation.tx, environment, key, columns)
    // Every environment gets the flag, off outside the one it was created in, in one insert.
    const others = (await this.environmentsOf(mutation)).filter((other) => other.key !== environment)
    const rows = await insertFlagIn(mutation.tx, key, [{ environment, columns }, ...others.map((other) => ({ environment: other.key, columns: { ...columns, enabled: false } }))])
    const row = rows.find((inserted) => inserted.environment === environment)
    if (!row) throw new ConflictError(`a feature flag with key "${key}" already exists`, 'SLUICE_FLAG_EXISTS')
    for (const other of others) {
      const copy = rows.find((inserted) => inserted.environment === other.key)
      if (copy) await this.record(mutation, 'flag.created', undefined, copy, { audited: false })
    }
    return this.record(mutation, 'flag.created', undefined, row)
  }

  async update(actor: Actor, environment: string, key: string, patch: UpdateFlagInput, expectedVersion?: number): Promise<EnvironmentFlag> {
    return this.mutator.run(actor, (mutation) => this.updateIn(mutation, environment, key, patch, expectedVersion))
  }

  /** An admin edit inside the caller's transaction (the Unleash import updates many in one). */
  async updateIn(mutation: Mutation, environment: string, key: string, patch: UpdateFlagInput, expectedVersion?: number): Promise<EnvironmentFlag> {
    return this.change(mutation, environment, key, 'flag.updated', { guarded: true }, (current) => {
      if (current.archived) {
        throw new ConflictError(`the flag "${key}" is archived; restore it before changing it`, 'SLUICE_FLAG_ARCHIVED')
      }
      assertVersion('flag', key, current.version, expectedVersion)
      const definition = applyPatch(current, patch)
      validateFlagDefinition({ ...definition, key })
      return columnsOf(definition, false)
    })
  }

  /**
   * Copies `from`'s evaluation config onto `to` as a new version of `to` (identity untouched),
   * checked and guarded as an admin edit; `expectedVersion` is `to`'s (If-Match).
   */
  async promote(actor: Actor, key: string, from: string, to: string, reason: string, expectedVersion?: number): Promise<EnvironmentFlag> {
    if (from === to) throw new BadRequestError(`body/to must differ from body/from (both are "${from}")`)
    return this.mutator.run(actor, async (mutation) => {
      const source = await findFlag(mutation.tx, from, key)
      if (!source) throw notFound(key)
      return this.change(mutation, to, key, 'flag.promoted', { guarded: true, reason, from }, (current) => {
        if (current.archived) throw new ConflictError(`the flag "${key}" is archived; restore it before promoting it`, 'SLUICE_FLAG_ARCHIVED')
        checkExpectedVersion(current, expectedVersion)
        const definition = { ...definitionOf(flagFromRow(source)), name: current.name, description: current.description, tags: current.tags }
        validateFlagDefinition({ ...definition, key })
        return columnsOf(definition, false)
      })
    })
  }

  /** Archive is identity-level: the flag is archived in every environment (`environment` answers). */
  async archive(actor: Actor, environment: string, key: string): Promise<EnvironmentFlag> {
    return this.mutator.run(actor, (mutation) =>
      this.change(mutation, environment, key, 'flag.archived', { guarded: true }, (current) =>
        current.archived ? undefined : columnsOf(definitionOf(current), true),
      ),
    )
  }

  async restore(actor: Actor, environment: string, key: string): Promise<EnvironmentFlag> {
    return this.mutator.run(actor, (mutation) =>
      this.change(mutation, environment, key, 'flag.restored', { guarded: true }, (current) => {
        if (!current.archived) throw new ConflictError(`the flag "${key}" is not archived`, 'SLUICE_FLAG_NOT_ARCHIVED')
        return { ...columnsOf(definitionOf(current), false), enabled: false }
      }),
    )
  }

  /**
   * Changes a flag inside the caller's transaction, so other capabilities (canaries,
   * rollbacks) change a flag and their own state atomically. `next` sees the locked current
   * flag and returns its new columns, or undefined when there is nothing to change. Admin
   * edits are `guarded`: other capabilities' guards may veto them.
   */
  async change(
    mutation: Mutation,
    environment: string,
    key: string,
    action: string,
    options: { guarded?: boolean; reason?: string; from?: string },
    next: (current: EnvironmentFlag) => FlagColumns | undefined,
  ): Promise<EnvironmentFlag> {
    // Every environment's row is locked, in one order: an identity change writes them all.
    const rows = await findFlagEverywhere(mutation.tx, key, { forUpdate: true })
    const row = rows.find((r) => r.environment === environment)
    if (!row) throw notFound(key)
    const current = flagFromRow(row)
    const columns = next(current)
    if (!columns || sameContent(columns, columnsOf(definitionOf(current), current.archived))) return current
    if (options.guarded) for (const guard of this.guards) await guard(mutation.tx, current, columns)
    const updated = await writeFlagVersion(mutation.tx, row, columns)
    const identity = identityOf(columns)
    if (!sameContent(identity, identityOf(columnsOf(definitionOf(current), current.archived)))) {
      for (const sibling of rows) {
        if (sibling === row) continue
        const before = flagFromRow(sibling)
        const siblingColumns = { ...columnsOf(definitionOf(before), before.archived), ...identity }
        // A restored flag comes back disabled everywhere, as it does in the addressed environment.
        if (action === 'flag.restored') siblingColumns.enabled = false
        await this.record(mutation, action, before, await writeFlagVersion(mutation.tx, sibling, siblingColumns), { audited: false })
      }
    }
    return this.record(mutation, action, current, updated, options)
  }

  /** Columns for a flag with some fields replaced, for callers of `change`. */
  static columns(flag: Flag, replace: Partial<FlagDefinition> & { archived?: boolean } = {}): FlagColumns {
    const { archived = flag.archived, ...fields } = replace
    return columnsOf({ ...definitionOf(flag), ...fields }, archived)
  }

  /** The environments, read once per mutation: an import creates thousands of flags in one. */
  private environmentsOf(mutation: Mutation): Promise<EnvironmentRow[]> {
    let environments = this.environments.get(mutation)
    if (!environments) {
      environments = listEnvironments(mutation.tx)
      this.environments.set(mutation, environments)
    }
    return environments
  }

  private historyOf(mutation: Mutation): HistoryEntry[] {
    let entries = this.pendingHistory.get(mutation)
    if (!entries) {
      const queued: HistoryEntry[] = []
      entries = queued
      this.pendingHistory.set(mutation, queued)
      mutation.beforeCommit(() => insertHistory(mutation.tx, queued))
    }
    return entries
  }

  private async record(
    mutation: Mutation,
    action: string,
    before: EnvironmentFlag | undefined,
    row: FlagRow,
    // The copies one action writes to other environments (creation, an identity change) have
    // history and events of their own but share the action's one audit entry.
    detail: { reason?: string; from?: string; audited?: boolean } = {},
  ): Promise<EnvironmentFlag> {
    const after = flagFromRow(row)
    const { environment } = after
    this.historyOf(mutation).push({ flag: after, action, actor: mutation.actor.name })
    if (detail.audited !== false) {
      await mutation.audit({
        action,
        entityType: ENTITY,
        entityKey: after.key,
        environment,
        before: before ?? null,
        after: detail.reason === undefined ? after : { ...after, promotedFrom: detail.from, reason: detail.reason },
      })
    }
    await mutation.emit({ type: after.archived ? FLAG_ARCHIVED : FLAG_UPSERTED, entityKey: after.key, payload: after, environment })
    mutation.afterCommit(() => this.cache.put(cacheKey(environment, after.key), after, after.version))
    return after
  }

  private compiledOf(flag: EnvironmentFlag): CompiledFlag {
    const id = `${flag.environment}/${flag.key}`
    const entry = this.compiled.get(id)
    if (entry && entry.version === flag.version) return entry.compiled
    const compiled = compileFlag(flag)
    this.compiled.set(id, { version: flag.version, compiled })
    return compiled
  }
}

/** As assertVersion, naming the environment: a promotion's If-Match is the target's version. */
function checkExpectedVersion(current: EnvironmentFlag, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || expectedVersion === current.version) return
  throw new PreconditionFailedError(`the flag "${current.key}" in ${current.environment} is at version ${current.version}, not ${expectedVersion}; read it again and reapply your change`)
}
