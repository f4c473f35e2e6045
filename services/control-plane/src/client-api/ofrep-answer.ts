/**
 * One flag's answer in OFREP's words (open-feature/protocol, service/openapi.yaml): the value,
 * variant and reason, or an error code. Only the answer for the context asked about leaves
 * the service; the rules, user lists and other contexts' answers never do.
 *
 * OFREP has no flag type in the request (its ADR 0003), so the flag decides the value's type:
 *   - a flag without variants is a boolean, `true` or `false`, with no variant: `variant` is
 *     present only when the flag handed out one of its own;
 *   - a flag with variants that is on gives its variant's payload (any JSON), or, with no
 *     payload, the variant's key as a string;
 *   - a flag with variants that is off gives no value at all: OFREP's "code default", so the
 *     caller's default is used, whatever type it asked for.
 * The engine's own reason rides along in `metadata.sluiceReason` (SPLIT alone does not say in
 * or out of a rollout), with `enabled`.
 */
import type { CompiledFlag, Evaluation, EvaluationContext, FlagRules, Reason } from '@sluice/core'

export type OfrepReason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'UNKNOWN'
export type OfrepErrorCode = 'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'GENERAL'

export interface OfrepMetadata {
  enabled: boolean
  sluiceReason: Reason
}

export interface OfrepSuccess {
  key: string
  reason: OfrepReason
  variant?: string
  value?: unknown
  metadata: OfrepMetadata
}

export interface OfrepFailure {
  key: string
  errorCode: OfrepErrorCode
  errorDetails: string
  metadata?: OfrepMetadata
}

export type OfrepAnswer = OfrepSuccess | OfrepFailure

/** The engine's reasons in OFREP's closed list; the ones that are errors are answered as errors before this. */
const REASONS: Readonly<Record<Reason, OfrepReason>> = {
  not_found: 'UNKNOWN',
  error: 'UNKNOWN',
  disabled: 'DISABLED',
  archived: 'DISABLED',
  // On for everyone: nothing about the context mattered.
  default: 'STATIC',
  rollout: 'SPLIT',
  out_of_rollout: 'SPLIT',
  missing_stickiness: 'SPLIT',
  targeted: 'TARGETING_MATCH',
  not_targeted: 'TARGETING_MATCH',
  rule_match: 'TARGETING_MATCH',
  no_rule_matched: 'TARGETING_MATCH',
  dependency_failed: 'TARGETING_MATCH',
}

export function isFailure(answer: OfrepAnswer): answer is OfrepFailure {
  return 'errorCode' in answer
}

export function notFound(key: string, environment: string): OfrepFailure & { errorCode: 'FLAG_NOT_FOUND' } {
  return { key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `flag "${key}" was not found in environment "${environment}"` }
}

function handsOutVariants(flag: FlagRules): boolean {
  return (flag.variants?.length ?? 0) > 0 || (flag.rules ?? []).some((rule) => (rule.variants?.length ?? 0) > 0)
}

/**
 * A percentage rollout sticky on the default field with neither a userId nor a sessionId
 * draws at random on every evaluation: a page would flicker between fetches, so OFREP callers
 * are told what is missing instead.
 */
function missingIdentity(flag: FlagRules, evaluation: Evaluation, ctx: EvaluationContext): string | undefined {
  if (evaluation.reason === 'missing_stickiness') return `flag "${flag.key}" is sticky on "${flag.stickiness}", which this context does not carry`
  const randomDraw = (evaluation.reason === 'rollout' || evaluation.reason === 'out_of_rollout') && (flag.stickiness ?? 'default') === 'default'
  if (randomDraw && ctx.userId === undefined && ctx.sessionId === undefined) {
    return `flag "${flag.key}" is a percentage rollout: send a targetingKey (or a sessionId) so the answer is the same on every call`
  }
  return undefined
}

export function ofrepAnswer(compiled: CompiledFlag, ctx: EvaluationContext): OfrepAnswer {
  const { flag } = compiled
  const evaluation = compiled.evaluate(ctx)
  const metadata: OfrepMetadata = { enabled: evaluation.enabled, sluiceReason: evaluation.reason }
  if (evaluation.reason === 'error') {
    return { key: flag.key, errorCode: 'GENERAL', errorDetails: `flag "${flag.key}" has a definition the engine cannot evaluate; it is off`, metadata }
  }
  const missing = missingIdentity(flag, evaluation, ctx)
  if (missing !== undefined) return { key: flag.key, errorCode: 'TARGETING_KEY_MISSING', errorDetails: missing, metadata }
  const reason = REASONS[evaluation.reason] ?? 'UNKNOWN'
  const { variant } = evaluation
  if (variant !== undefined) return { key: flag.key, reason, variant: variant.key, value: variant.payload ?? variant.key, metadata }
  if (evaluation.enabled) return { key: flag.key, reason, value: true, metadata }
  if (handsOutVariants(flag)) return { key: flag.key, reason, metadata }
  return { key: flag.key, reason, value: false, metadata }
}
