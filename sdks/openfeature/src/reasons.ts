/**
 * The engine's reasons in OpenFeature's words (spec §3 "resolution reason"). The engine says
 * why a flag is on or off for a context; OpenFeature says where the returned value came from.
 * They agree for the on/off value itself. They part when the value is a variant, or when the
 * flag is off and a string, number or object evaluation falls back to the caller's default:
 * see `variantReason` and `fallbackReason`.
 */
import { StandardResolutionReasons, type ResolutionReason } from '@openfeature/server-sdk'
import type { Reason } from '@sluice/sdk'

const { DISABLED, STATIC, SPLIT, TARGETING_MATCH, DEFAULT, UNKNOWN } = StandardResolutionReasons

/** `not_found` and `error` are not here: they are errors (FLAG_NOT_FOUND, GENERAL), not reasons. */
const FLAG_REASONS: Readonly<Record<string, ResolutionReason>> = Object.freeze({
  disabled: DISABLED,
  archived: DISABLED,
  // On for everyone: no rule, no hash, nothing about the context mattered.
  default: STATIC,
  rollout: SPLIT,
  out_of_rollout: SPLIT,
  targeted: TARGETING_MATCH,
  not_targeted: TARGETING_MATCH,
  // Sticky on a field the context lacks: off, the flag's configured fallback.
  missing_stickiness: DEFAULT,
  // Rules flags: a rule matched the context, or none did; a parent flag ruled it out.
  rule_match: TARGETING_MATCH,
  no_rule_matched: TARGETING_MATCH,
  dependency_failed: TARGETING_MATCH,
} satisfies Partial<Record<Reason, ResolutionReason>>)

/** Why a flag's own on/off value is what it is. */
export function flagReason(reason: Reason): ResolutionReason {
  // The engine's list of reasons may grow; an unknown one is reported as such, not guessed.
  return Object.hasOwn(FLAG_REASONS, reason) ? FLAG_REASONS[reason]! : UNKNOWN
}

/**
 * Why a variant is the value. A flag that is on for everyone still hands its variants out by a
 * weighted hash of the context, so its variant is a SPLIT, not STATIC.
 */
export function variantReason(reason: Reason): ResolutionReason {
  return reason === 'default' ? SPLIT : flagReason(reason)
}

/** Why the caller's default is the value: the flag is disabled, or gave this context nothing of the requested kind. */
export function fallbackReason(reason: Reason): ResolutionReason {
  return reason === 'disabled' || reason === 'archived' ? DISABLED : DEFAULT
}
