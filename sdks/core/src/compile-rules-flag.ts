/**
 * A `rules` flag (DESIGN §13) compiled once per version, with Unleash's strategy semantics:
 * dependencies first (each parent on, or off, for the same context, and with `variants` its
 * variant among them), then the rules in order; the first whose constraints and segments all
 * hold and whose rollout takes the context decides, with its own variants or else the flag's.
 *
 * Segments and parent flags are looked up by key, through the `lookups` the flag was compiled
 * with, each time it is evaluated, rather than copied in at compile time. That costs one Map
 * lookup per segment a rule names, and buys the property that matters: a new version of a
 * segment or parent changes the answers of exactly the flags that name it, the moment it
 * replaces the old one in the map, with no dependency graph to keep and no window in which a
 * flag still holds a stale copy. A segment or parent the maps do not hold fails its rule or
 * dependency, as a missing one does in Unleash.
 *
 * Every answer (one per rule and variant) is built and frozen here; evaluation returns one.
 */
import { attributeReader, textOf } from './attributes.js'
import { fineBucketOfHash, rolloutThreshold, ROLLOUT_SEED } from './bucketing.js'
import { type CompiledConstraint, compileConstraint, type ConstraintTest } from './compile-constraint.js'
import type { CompiledFlag, EvaluationLookups } from './compile-flag.js'
import { allOf } from './compile-segment.js'
import { defaultStickiness } from './context.js'
import { checkVariants, isObject, stringList } from './flag-rules.js'
import { hashPrefix, hashWithPrefix } from './murmurhash3.js'
import { DEPENDENCY_FAILED, ERROR, NO_RULE_MATCHED, ruleResult } from './results.js'
import { compileVariantSet, variantSetStickiness, type VariantSet } from './rule-variants.js'
import type { Evaluation, EvaluationContext, FlagRules, RuleExplanation, RuleFailure } from './types.js'

interface CompiledRule {
  readonly id: string
  readonly name: string | undefined
  readonly rollout: number
  readonly constraints: readonly CompiledConstraint[]
  readonly segments: readonly string[]
  readonly inRollout: ConstraintTest
  /** Constraints, segments and rollout together, specialised to what the rule has. */
  readonly matches: ConstraintTest
  /** The answer once this rule matched: the variant of its set, or on without one. */
  readonly answer: (ctx: unknown) => Evaluation
}

interface CompiledDependency {
  readonly flag: string
  readonly holds: (ctx: EvaluationContext | undefined) => boolean
}

/** 1..10000 at random: a context with nothing to stick to. */
function randomFineBucket(): number {
  return Math.floor(Math.random() * 10000) + 1
}

/**
 * Unleash's flexibleRollout: `default` sticks to userId, else sessionId, else a random draw;
 * `random` always draws; any other name reads that attribute, and a context without it (or
 * with it empty) is out, whatever the rollout. A rollout of 0 takes no one.
 */
function rolloutTest(threshold: number, groupId: string, stickiness: string | undefined): ConstraintTest {
  if (threshold <= 0) return () => false
  const all = threshold >= 10000
  if (stickiness === undefined || stickiness === 'default') {
    if (all) return () => true
    const prefix = hashPrefix(`${groupId}:`, ROLLOUT_SEED)
    return (ctx) => {
      const value = defaultStickiness(ctx)
      return (value === undefined ? randomFineBucket() : fineBucketOfHash(hashWithPrefix(prefix, value))) <= threshold
    }
  }
  if (stickiness === 'random') return all ? () => true : () => randomFineBucket() <= threshold
  const prefix = hashPrefix(`${groupId}:`, ROLLOUT_SEED)
  const read = attributeReader(stickiness)
  return (ctx) => {
    const value = textOf(read(ctx))
    return value !== undefined && value !== '' && (all || fineBucketOfHash(hashWithPrefix(prefix, value)) <= threshold)
  }
}

function optionalString(value: unknown): string | undefined | false {
  if (value == null) return undefined
  return typeof value === 'string' ? value : false
}

/** Answers of a rule that matched: its variant set's, else the flag's, else on without a variant. */
function answerOf(ruleId: string, set: VariantSet | undefined): (ctx: unknown) => Evaluation {
  const onWithoutVariant = ruleResult(ruleId)
  if (set === undefined) return () => onWithoutVariant
  const answers = set.results.map((variant) => ruleResult(ruleId, variant))
  const { pick } = set
  return (ctx) => {
    const i = pick(ctx)
    return i < 0 ? onWithoutVariant : answers[i]!
  }
}

function compileRule(
  rule: unknown,
  index: number,
  flagKey: string,
  flagVariants: VariantSet | undefined,
  lookups: EvaluationLookups,
): CompiledRule | undefined {
  if (!isObject(rule)) return undefined
  const id = optionalString(rule.id)
  const name = optionalString(rule.name)
  const stickiness = optionalString(rule.stickiness)
  const groupIdValue = optionalString(rule.groupId)
  const segments = stringList(rule.segments)
  const variants = checkVariants(rule.variants)
  if (id === false || name === false || stickiness === false || groupIdValue === false) return undefined
  if (segments === undefined || variants === undefined) return undefined
  const rolloutValue = rule.rollout ?? 100
  if (typeof rolloutValue !== 'number' || Number.isNaN(rolloutValue)) return undefined
  const constraintList = rule.constraints ?? []
  if (!Array.isArray(constraintList)) return undefined

  // An empty groupId is a group of its own (Unleash's gradualRollout* use ""), not the flag key.
  const groupId = groupIdValue ?? flagKey
  const ruleId = id || String(index)
  const constraints = constraintList.map(compileConstraint)
  const threshold = Math.min(10000, Math.max(0, rolloutThreshold(rolloutValue)))
  const own = compileVariantSet(variants, groupId, variantSetStickiness(variants, stickiness))
  const constraintsHold = allOf(constraints)
  const inRollout = rolloutTest(threshold, groupId, stickiness)
  const takesEveryone = threshold >= 10000 && (stickiness === undefined || stickiness === 'default' || stickiness === 'random')
  let matches: ConstraintTest
  if (segments.length > 0) {
    matches = (ctx) => constraintsHold(ctx) && segmentsHold(segments, lookups, ctx) && inRollout(ctx)
  } else if (takesEveryone) {
    matches = constraintsHold
  } else {
    matches = (ctx) => constraintsHold(ctx) && inRollout(ctx)
  }
  return {
    id: ruleId,
    name,
    rollout: rolloutValue,
    constraints,
    segments,
    inRollout,
    matches,
    answer: answerOf(ruleId, own ?? flagVariants),
  }
}

function compileDependency(dependency: unknown, lookups: EvaluationLookups): CompiledDependency | undefined {
  if (!isObject(dependency)) return undefined
  const { flag, enabled } = dependency
  const variants = stringList(dependency.variants)
  if (typeof flag !== 'string' || (enabled != null && typeof enabled !== 'boolean') || variants === undefined) return undefined
  const flags = lookups.flags
  const parentOf = (): CompiledFlag | undefined => {
    const parent = flags?.get(flag)
    // Unleash serves no archived flag, and refuses a parent that has parents of its own.
    if (parent === undefined || parent.flag.archived === true) return undefined
    const grandparents = parent.flag.dependencies
    return Array.isArray(grandparents) && grandparents.length > 0 ? undefined : parent
  }
  if (enabled === false) {
    return {
      flag,
      holds: (ctx) => {
        const parent = parentOf()
        return parent !== undefined && !parent.isEnabled(ctx)
      },
    }
  }
  if (variants.length === 0) {
    return { flag, holds: (ctx) => parentOf()?.isEnabled(ctx) === true }
  }
  // Unleash compares the name of the parent's variant, which is "disabled" when it has none.
  const wanted = new Set(variants)
  return {
    flag,
    holds: (ctx) => {
      const evaluation = parentOf()?.evaluate(ctx)
      return evaluation !== undefined && evaluation.enabled && wanted.has(evaluation.variant?.key ?? 'disabled')
    },
  }
}

function segmentsHold(segments: readonly string[], lookups: EvaluationLookups, ctx: unknown): boolean {
  const held = lookups.segments
  if (held === undefined) return false
  for (let i = 0; i < segments.length; i++) {
    const segment = held.get(segments[i]!)
    if (segment === undefined || !segment.matches(ctx)) return false
  }
  return true
}

function firstFailure(constraints: readonly CompiledConstraint[], ctx: unknown): number {
  return constraints.findIndex((c) => !c.test(ctx))
}

function ruleFailure(rule: CompiledRule, lookups: EvaluationLookups, ctx: unknown): RuleFailure | undefined {
  const index = firstFailure(rule.constraints, ctx)
  if (index >= 0) {
    const { attribute, operator } = rule.constraints[index]!
    return { kind: 'constraint', index, attribute, operator }
  }
  for (const key of rule.segments) {
    const segment = lookups.segments?.get(key)
    if (segment === undefined) return { kind: 'segment', segment: key, found: false }
    const at = firstFailure(segment.constraints, ctx)
    if (at >= 0) {
      const { attribute, operator } = segment.constraints[at]!
      return { kind: 'segment', segment: key, found: true, index: at, attribute, operator }
    }
  }
  return rule.inRollout(ctx) ? undefined : { kind: 'rollout', rollout: rule.rollout }
}

/** Compiles an enabled, unarchived `rules` flag; undefined when its definition is malformed. */
export function compileRulesFlag(flag: FlagRules, lookups: EvaluationLookups): CompiledFlag | undefined {
  const { key } = flag
  const raw = flag as unknown as Record<string, unknown>
  if (typeof key !== 'string' || key === '' || !Array.isArray(raw.rules)) return undefined
  const groupIdValue = optionalString(raw.groupId)
  const flagVariantList = checkVariants(raw.variants)
  if (groupIdValue === false || flagVariantList === undefined) return undefined
  const flagVariants = compileVariantSet(flagVariantList, groupIdValue || key, variantSetStickiness(flagVariantList, undefined))

  const rules: CompiledRule[] = []
  for (const [i, rule] of raw.rules.entries()) {
    const compiled = compileRule(rule, i, key, flagVariants, lookups)
    if (compiled === undefined) return undefined
    rules.push(compiled)
  }
  const dependencyList = raw.dependencies ?? []
  if (!Array.isArray(dependencyList)) return undefined
  const dependencies: CompiledDependency[] = []
  for (const d of dependencyList) {
    const compiled = compileDependency(d, lookups)
    if (compiled === undefined) return undefined
    dependencies.push(compiled)
  }
  const ruleCount = rules.length
  const dependencyCount = dependencies.length

  const dependenciesHold = (ctx: EvaluationContext | undefined): boolean => {
    for (let i = 0; i < dependencyCount; i++) if (!dependencies[i]!.holds(ctx)) return false
    return true
  }

  const evaluate = (ctx?: EvaluationContext): Evaluation => {
    try {
      if (dependencyCount > 0 && !dependenciesHold(ctx)) return DEPENDENCY_FAILED
      for (let i = 0; i < ruleCount; i++) {
        const rule = rules[i]!
        if (rule.matches(ctx)) return rule.answer(ctx)
      }
      return NO_RULE_MATCHED
    } catch {
      // A hostile context: a throwing getter or Proxy.
      return ERROR
    }
  }

  // The common flag, one rule and no dependencies, asks that rule directly.
  const only = ruleCount === 1 && dependencyCount === 0 ? rules[0]!.matches : undefined
  const isEnabled =
    only !== undefined
      ? (ctx?: EvaluationContext): boolean => {
          try {
            return only(ctx)
          } catch {
            return false
          }
        }
      : (ctx?: EvaluationContext): boolean => {
          try {
            if (dependencyCount > 0 && !dependenciesHold(ctx)) return false
            for (let i = 0; i < ruleCount; i++) if (rules[i]!.matches(ctx)) return true
            return false
          } catch {
            return false
          }
        }

  return {
    flag,
    isEnabled,
    evaluate,
    variant: (ctx) => evaluate(ctx).variant,
    explain: (ctx) => {
      try {
        const held = dependencies.map((d) => ({ flag: d.flag, held: d.holds(ctx) }))
        const dependencyPart = dependencyCount > 0 ? { dependencies: held } : {}
        if (held.some((d) => !d.held)) return { ...DEPENDENCY_FAILED, ...dependencyPart }
        const tried: RuleExplanation[] = []
        for (const rule of rules) {
          const failed = ruleFailure(rule, lookups, ctx)
          const named = rule.name === undefined ? {} : { name: rule.name }
          if (failed === undefined) {
            tried.push({ id: rule.id, ...named, matched: true })
            return { ...rule.answer(ctx), ...dependencyPart, rules: tried }
          }
          tried.push({ id: rule.id, ...named, matched: false, failed })
        }
        return { ...NO_RULE_MATCHED, ...dependencyPart, rules: tried }
      } catch {
        return { ...ERROR }
      }
    },
  }
}
