/**
 * Evaluations are returned, never built, on the hot path: every possible result of a compiled
 * flag exists up front, frozen so that one caller cannot change what the next one is told.
 */
import type { Evaluation, Reason, VariantResult } from './types.js'

export function result(enabled: boolean, reason: Reason, variant?: VariantResult): Evaluation {
  return Object.freeze(variant === undefined ? { enabled, reason } : { enabled, variant, reason })
}

/** A `rules` flag's answer when rule `ruleId` decided. */
export function ruleResult(ruleId: string, variant?: VariantResult): Evaluation {
  return Object.freeze(
    variant === undefined ? { enabled: true, reason: 'rule_match', ruleId } : { enabled: true, variant, reason: 'rule_match', ruleId },
  )
}

export const NOT_FOUND = result(false, 'not_found')
export const ARCHIVED = result(false, 'archived')
export const DISABLED = result(false, 'disabled')
export const ERROR = result(false, 'error')
export const MISSING_STICKINESS = result(false, 'missing_stickiness')
export const OUT_OF_ROLLOUT = result(false, 'out_of_rollout')
export const NOT_TARGETED = result(false, 'not_targeted')
export const NO_RULE_MATCHED = result(false, 'no_rule_matched')
export const DEPENDENCY_FAILED = result(false, 'dependency_failed')

/**
 * A payload is shared by every evaluation that picks its variant, so callers get a frozen
 * copy. Something structuredClone cannot copy (not JSON to begin with) is passed as it is.
 */
export function frozenPayload(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return payload
  try {
    return deepFreeze(structuredClone(payload))
  } catch {
    return payload
  }
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
  }
  return value
}
