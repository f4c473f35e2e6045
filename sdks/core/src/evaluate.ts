/**
 * The one-call API: `evaluate(flag, ctx)` for code that holds flag definitions rather than
 * compiled flags (the service, tests, tools). Compiled flags are cached per definition object
 * in a WeakMap, and a cached one is reused only while the definition's top-level fields (and
 * its lists' lengths) are still the ones it was compiled from, so the common
 * `flag.percentage = 50` edit is seen. Replacing the object, as the stream does, is the way
 * to change anything deeper. A `rules` flag is compiled per lookups object too, since that is
 * where it finds its segments and parents.
 */
import { type CompiledFlag, compileFlag, type EvaluationLookups } from './compile-flag.js'
import { ERROR, NOT_FOUND } from './results.js'
import type { CanarySide, Evaluation, EvaluationContext, Explanation, FlagRules, VariantResult } from './types.js'

interface CacheEntry {
  compiled: CompiledFlag
  key: unknown
  type: unknown
  enabled: unknown
  archived: unknown
  percentage: unknown
  groupId: unknown
  stickiness: unknown
  userIds: unknown
  userIdsLength: unknown
  ips: unknown
  ipsLength: unknown
  variants: unknown
  variantsLength: unknown
  rules: unknown
  rulesLength: unknown
  dependencies: unknown
  dependenciesLength: unknown
  lookups: EvaluationLookups | undefined
}

const cache = new WeakMap<object, CacheEntry>()

function lengthOf(list: unknown): unknown {
  return Array.isArray(list) ? list.length : undefined
}

function isCurrent(entry: CacheEntry, flag: FlagRules, lookups: EvaluationLookups | undefined): boolean {
  return (
    entry.lookups === lookups &&
    entry.enabled === flag.enabled &&
    Object.is(entry.percentage, flag.percentage) &&
    entry.archived === flag.archived &&
    entry.key === flag.key &&
    entry.type === flag.type &&
    entry.groupId === flag.groupId &&
    entry.stickiness === flag.stickiness &&
    entry.userIds === flag.userIds &&
    entry.userIdsLength === lengthOf(flag.userIds) &&
    entry.ips === flag.ips &&
    entry.ipsLength === lengthOf(flag.ips) &&
    entry.variants === flag.variants &&
    entry.variantsLength === lengthOf(flag.variants) &&
    entry.rules === flag.rules &&
    entry.rulesLength === lengthOf(flag.rules) &&
    entry.dependencies === flag.dependencies &&
    entry.dependenciesLength === lengthOf(flag.dependencies)
  )
}

/** The compiled form of `flag`, from the cache when the definition has not changed. */
export function compiled(flag: FlagRules, lookups?: EvaluationLookups): CompiledFlag {
  const entry = cache.get(flag)
  if (entry !== undefined && isCurrent(entry, flag, lookups)) return entry.compiled
  const fresh = compileFlag(flag, lookups)
  cache.set(flag, {
    compiled: fresh,
    key: flag.key,
    type: flag.type,
    enabled: flag.enabled,
    archived: flag.archived,
    percentage: flag.percentage,
    groupId: flag.groupId,
    stickiness: flag.stickiness,
    userIds: flag.userIds,
    userIdsLength: lengthOf(flag.userIds),
    ips: flag.ips,
    ipsLength: lengthOf(flag.ips),
    variants: flag.variants,
    variantsLength: lengthOf(flag.variants),
    rules: flag.rules,
    rulesLength: lengthOf(flag.rules),
    dependencies: flag.dependencies,
    dependenciesLength: lengthOf(flag.dependencies),
    lookups,
  })
  return fresh
}

/** The compiled flag, or the result for a definition that cannot be compiled at all. */
function compiledOrResult(flag: FlagRules | undefined, lookups: EvaluationLookups | undefined): CompiledFlag | Evaluation {
  if (flag == null) return NOT_FOUND
  if (typeof flag !== 'object') return ERROR
  try {
    return compiled(flag, lookups)
  } catch {
    // A definition whose getters throw.
    return ERROR
  }
}

function isCompiled(c: CompiledFlag | Evaluation): c is CompiledFlag {
  return (c as Partial<CompiledFlag>).flag !== undefined
}

/**
 * Evaluates `flag` for `ctx`: on or off, the variant, and the reason. Never throws and does
 * no I/O: an unknown flag (undefined) is off with reason `not_found`, a malformed one off with
 * reason `error`. The result is frozen and may be shared between calls. A `rules` flag finds
 * the segments and parent flags it names in `lookups`.
 */
export function evaluate(flag: FlagRules | undefined, ctx?: EvaluationContext, lookups?: EvaluationLookups): Evaluation {
  const c = compiledOrResult(flag, lookups)
  return isCompiled(c) ? c.evaluate(ctx) : c
}

/** Whether `flag` is on for `ctx`; false for an unknown or malformed flag. */
export function isEnabled(flag: FlagRules | undefined, ctx?: EvaluationContext, lookups?: EvaluationLookups): boolean {
  const c = compiledOrResult(flag, lookups)
  return isCompiled(c) ? c.isEnabled(ctx) : false
}

/** The variant `ctx` gets, or undefined when the flag is off for it or has no variants. */
export function variant(flag: FlagRules | undefined, ctx?: EvaluationContext, lookups?: EvaluationLookups): VariantResult | undefined {
  return evaluate(flag, ctx, lookups).variant
}

/** `evaluate` with its working shown (which rule decided, or why each rule failed). Allocates. */
export function explain(flag: FlagRules | undefined, ctx?: EvaluationContext, lookups?: EvaluationLookups): Explanation {
  const c = compiledOrResult(flag, lookups)
  return isCompiled(c) ? c.explain(ctx) : { ...c }
}

/** The side of a canary a request is on: `canary` when its flag evaluated on, else `baseline`. */
export function canarySide(evaluation: Evaluation | boolean): CanarySide {
  const enabled = typeof evaluation === 'boolean' ? evaluation : evaluation?.enabled === true
  return enabled ? 'canary' : 'baseline'
}
