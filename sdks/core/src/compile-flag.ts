/**
 * A compiled flag is a flag definition turned into closures specialised for its type, with
 * everything that does not depend on the context done once: rules checked, userIds in a Set,
 * IP ranges parsed into sorted intervals, the hash state of the `"<groupId>:"` prefix, the
 * cumulative variant weights, and every possible Evaluation built and frozen. Evaluating then
 * reads the context, hashes at most one string and returns a prebuilt result: no allocation.
 *
 * Every closure is total. A malformed definition compiles to a flag that is always off with
 * reason `error`, and each call catches what a hostile context could still throw (a getter,
 * a Proxy) and answers off rather than let it reach the caller.
 */
import { fineBucketOfHash, ROLLOUT_SEED, VARIANT_SEED } from './bucketing.js'
import { defaultStickiness, namedStickiness, userIdOf, variantStickiness } from './context.js'
import { type CheckedRules, type CheckedVariant, checkFlag } from './flag-rules.js'
import { attributeReader, textOf } from './attributes.js'
import { compileRulesFlag } from './compile-rules-flag.js'
import type { CompiledSegment } from './compile-segment.js'
import { compileIpMatcher } from './ip.js'
import { variantSetStickiness } from './rule-variants.js'
import { hashPrefix, hashWithPrefix } from './murmurhash3.js'
import {
  ARCHIVED,
  DISABLED,
  ERROR,
  frozenPayload,
  MISSING_STICKINESS,
  NOT_FOUND,
  NOT_TARGETED,
  OUT_OF_ROLLOUT,
  result,
} from './results.js'
import type { EvaluationContext, Evaluation, Explanation, FlagRules, Reason, VariantResult } from './types.js'

export interface CompiledFlag {
  /** The definition this was compiled from. */
  readonly flag: FlagRules
  /** Whether the flag is on for `ctx`: the cheapest question, with no Evaluation to read. */
  isEnabled(ctx?: EvaluationContext): boolean
  /** Whether the flag is on for `ctx`, which variant, and why. The result is frozen and shared. */
  evaluate(ctx?: EvaluationContext): Evaluation
  /** The variant `ctx` gets, or undefined when the flag is off for it or has no variants. */
  variant(ctx?: EvaluationContext): VariantResult | undefined
  /** `evaluate` with its working shown: for a `rules` flag, the dependencies and the rules tried. Allocates. */
  explain(ctx?: EvaluationContext): Explanation
}

/**
 * Where a `rules` flag finds the segments and parent flags it names, by key, each time it is
 * evaluated (compile-rules-flag.ts says why). Any Map fits; the SDK's store passes its own.
 */
export interface EvaluationLookups {
  readonly flags?: { get(key: string): CompiledFlag | undefined }
  readonly segments?: { get(key: string): CompiledSegment | undefined }
}

const NO_LOOKUPS: EvaluationLookups = Object.freeze({})

type Gate = (ctx: EvaluationContext | undefined) => boolean
type Answer = (ctx: EvaluationContext | undefined) => Evaluation

const STATE_RESULTS = { not_found: NOT_FOUND, archived: ARCHIVED, disabled: DISABLED, error: ERROR }

/**
 * Compiles a flag definition. Never throws: a malformed one compiles to an always-off flag
 * with reason `error`. A `rules` flag reads segments and parent flags from `lookups`.
 */
export function compileFlag(flag: FlagRules, lookups: EvaluationLookups = NO_LOOKUPS): CompiledFlag {
  try {
    const state = checkFlag(flag)
    if (typeof state === 'string') return constantFlag(flag, STATE_RESULTS[state])
    if (state.type === 'rules') return compileRulesFlag(flag, lookups) ?? constantFlag(flag, ERROR)
    return compileRules(flag, state)
  } catch {
    // Only a definition with throwing getters gets here.
    return constantFlag(flag, ERROR)
  }
}

function constantFlag(flag: FlagRules, evaluation: Evaluation): CompiledFlag {
  const enabled = evaluation.enabled
  const variant = evaluation.variant
  return {
    flag,
    isEnabled: () => enabled,
    evaluate: () => evaluation,
    variant: () => variant,
    explain: () => ({ ...evaluation }),
  }
}

/** 1..10000 at random: a context with nothing to stick to. */
function randomFineBucket(): number {
  return Math.floor(Math.random() * 10000) + 1
}

function onReason(rules: CheckedRules): Reason {
  switch (rules.type) {
    case 'boolean':
      return 'default'
    case 'percentage':
      return 'rollout'
    default:
      return 'targeted'
  }
}

function compileRules(flag: FlagRules, rules: CheckedRules): CompiledFlag {
  const reason = onReason(rules)
  const on = rules.variants.length === 0 ? constantAnswer(result(true, reason)) : variantPicker(rules, reason)
  let isEnabled: Gate
  let evaluate: Answer

  switch (rules.type) {
    case 'boolean':
    // Never reached (compileFlag hands rules flags to compileRulesFlag); listed so the switch is exhaustive.
    case 'rules': {
      isEnabled = () => true
      evaluate = on
      break
    }

    case 'percentage': {
      const threshold = rules.threshold
      const prefix = hashPrefix(`${rules.groupId}:`, ROLLOUT_SEED)
      const name = rules.stickiness
      if (name === undefined) {
        isEnabled = (ctx) => {
          try {
            const value = defaultStickiness(ctx)
            const fine = value === undefined ? randomFineBucket() : fineBucketOfHash(hashWithPrefix(prefix, value))
            return fine <= threshold
          } catch {
            return false
          }
        }
        evaluate = (ctx) => {
          try {
            const value = defaultStickiness(ctx)
            const fine = value === undefined ? randomFineBucket() : fineBucketOfHash(hashWithPrefix(prefix, value))
            return fine <= threshold ? on(ctx) : OUT_OF_ROLLOUT
          } catch {
            return ERROR
          }
        }
      } else {
        isEnabled = (ctx) => {
          try {
            const value = namedStickiness(ctx, name)
            return value !== undefined && fineBucketOfHash(hashWithPrefix(prefix, value)) <= threshold
          } catch {
            return false
          }
        }
        evaluate = (ctx) => {
          try {
            const value = namedStickiness(ctx, name)
            if (value === undefined) return MISSING_STICKINESS
            return fineBucketOfHash(hashWithPrefix(prefix, value)) <= threshold ? on(ctx) : OUT_OF_ROLLOUT
          } catch {
            return ERROR
          }
        }
      }
      break
    }

    case 'user_targeting': {
      const userIds = new Set(rules.userIds)
      isEnabled = (ctx) => {
        try {
          const userId = userIdOf(ctx)
          return userId !== undefined && userIds.has(userId)
        } catch {
          return false
        }
      }
      evaluate = (ctx) => {
        try {
          const userId = userIdOf(ctx)
          return userId !== undefined && userIds.has(userId) ? on(ctx) : NOT_TARGETED
        } catch {
          return ERROR
        }
      }
      break
    }

    case 'ip_targeting': {
      const matches = compileIpMatcher(rules.ips)
      isEnabled = (ctx) => {
        try {
          return ctx != null && matches(ctx.ip)
        } catch {
          return false
        }
      }
      evaluate = (ctx) => {
        try {
          return ctx != null && matches(ctx.ip) ? on(ctx) : NOT_TARGETED
        } catch {
          return ERROR
        }
      }
      break
    }
  }

  return {
    flag,
    isEnabled,
    evaluate,
    variant: (ctx) => evaluate(ctx).variant,
    explain: (ctx) => ({ ...evaluate(ctx) }),
  }
}

function constantAnswer(evaluation: Evaluation): Answer {
  return () => evaluation
}

/**
 * Unleash's `selectVariantDefinition`: an override naming the userId wins (the first variant
 * listing it, weight 0 or not); else the target `murmurhash3_x86_32("<groupId>:<stickiness>",
 * 86028157) % totalWeight + 1` picks the first variant whose cumulative weight reaches it,
 * skipping weight-0 variants. When every weight is 0 the flag is on with no variant. The
 * stickiness is the first variant's, else userId, sessionId, ip (rule-variants.ts does the
 * same for `rules` flags).
 */
function variantPicker(rules: CheckedRules, reason: Reason): Answer {
  const onWithoutVariant = result(true, reason)
  const evaluationOf = (v: CheckedVariant): Evaluation =>
    result(
      true,
      reason,
      Object.freeze(v.hasPayload ? { key: v.key, payload: frozenPayload(v.payload) } : { key: v.key }),
    )
  const evaluations = rules.variants.map(evaluationOf)

  const overrides = new Map<string, Evaluation>()
  rules.variants.forEach((v, i) => {
    for (const userId of v.overrideUserIds) if (!overrides.has(userId)) overrides.set(userId, evaluations[i]!)
  })

  const weighted: Evaluation[] = []
  const cumulative: number[] = []
  let totalWeight = 0
  rules.variants.forEach((v, i) => {
    if (v.weight === 0) return
    totalWeight += v.weight
    weighted.push(evaluations[i]!)
    cumulative.push(totalWeight)
  })
  const count = weighted.length
  const prefix = hashPrefix(`${rules.groupId}:`, VARIANT_SEED)
  const hasOverrides = overrides.size > 0
  const stickiness = variantSetStickiness(rules.variants, undefined)
  // A named field the context lacks (and `random`, which names none) draws at random, as in Unleash.
  const readStickiness = stickiness === undefined || stickiness === 'random' ? undefined : attributeReader(stickiness)
  const stickinessOf =
    stickiness === undefined ? variantStickiness : (ctx: EvaluationContext | undefined) => (readStickiness === undefined ? undefined : textOf(readStickiness(ctx)) || undefined)

  return (ctx) => {
    try {
      if (hasOverrides) {
        const userId = userIdOf(ctx)
        const override = userId === undefined ? undefined : overrides.get(userId)
        if (override !== undefined) return override
      }
      if (count === 0) return onWithoutVariant
      const value = stickinessOf(ctx)
      const target =
        value === undefined
          ? Math.floor(Math.random() * totalWeight) + 1
          : (hashWithPrefix(prefix, value) % totalWeight) + 1
      for (let i = 0; i < count; i++) if (cumulative[i]! >= target) return weighted[i]!
      return onWithoutVariant
    } catch {
      return ERROR
    }
  }
}
