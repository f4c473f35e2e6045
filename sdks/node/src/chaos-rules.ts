/**
 * A chaos rule as the middleware and the wrappers use it: compiled once when the state
 * changes (target matcher, expiry as a number, config with defaults), so a request pays a
 * few comparisons per rule and nothing is parsed per request.
 *
 * A rule the SDK cannot read (an unknown type, a bad target, config or expiry) is refused
 * rather than half applied: injecting faults where nobody asked for them is worse than
 * injecting none. The service validates rules before storing them, so this catches a
 * hand-written bootstrap file or a control plane newer than the SDK.
 */
import {
  CHAOS_TYPES,
  type ChaosConfig,
  type ChaosFailureKind,
  type SdkChaosRule,
  type ChaosTargetMatcher,
  type ChaosType,
  chaosTargetProblem,
  compileChaosTarget,
  resolveChaosConfig,
} from '@sluice/core'

/** What `chaos.wrap()` wraps. */
export type WrapperKind = 'database' | 'redis'

export const WRAPPER_FAILURE: Record<WrapperKind, ChaosFailureKind> = {
  database: 'database_failure',
  redis: 'redis_failure',
}

/** The config fields any kind may read; which are present depends on the rule's type and kinds. */
export type AnyChaosConfig = Partial<{
  latencyMs: number
  jitterMs: number
  statusCode: number
  message: string
  timeoutMs: number
  code: string
}>

export interface CompiledChaosRule {
  readonly rule: SdkChaosRule
  readonly id: string
  readonly type: ChaosType
  readonly probability: number
  readonly matches: ChaosTargetMatcher
  /** Whether the rule names a route (a rule without a target applies everywhere). */
  readonly targeted: boolean
  /** Epoch ms; Infinity when the rule does not expire. */
  readonly expiresAt: number
  readonly config: AnyChaosConfig
  /** The faults it can inject: its own type, or a random_failure rule's kinds. */
  readonly kinds: readonly ChaosFailureKind[]
  /** False once the rule is disabled, deleted, changed or expired: holds and request marks end with it. */
  live: boolean
}

const TYPES: ReadonlySet<string> = new Set(CHAOS_TYPES)

/** The compiled rule, or why it cannot be applied. */
export function compileChaosRule(rule: SdkChaosRule): CompiledChaosRule | string {
  if (!TYPES.has(rule.type)) return `type "${String(rule.type)}" is not one this SDK knows (${CHAOS_TYPES.join(', ')})`
  const { probability } = rule
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 100)) return 'probability must be a number from 0 to 100'
  const target = rule.target ?? null
  if (target !== null) {
    const problem = typeof target === 'string' ? chaosTargetProblem(target) : 'must be a string'
    if (problem !== undefined) return `target ${problem}`
  }
  let expiresAt = Number.POSITIVE_INFINITY
  if (rule.expiresAt !== undefined && rule.expiresAt !== null) {
    expiresAt = typeof rule.expiresAt === 'string' ? Date.parse(rule.expiresAt) : Number.NaN
    if (Number.isNaN(expiresAt)) return 'expiresAt must be an ISO date-time'
  }
  const resolved = resolveChaosConfig(rule.type, rule.config)
  if (!resolved.ok) return `config${resolved.field === undefined ? '' : `.${resolved.field}`} ${resolved.problem}`
  const config = resolved.config as ChaosConfig & AnyChaosConfig & { kinds?: ChaosFailureKind[] }
  return {
    rule,
    id: rule.id,
    type: rule.type,
    probability,
    matches: compileChaosTarget(target),
    targeted: target !== null,
    expiresAt,
    config,
    kinds: rule.type === 'random_failure' ? Object.freeze([...(config.kinds ?? [])]) : Object.freeze([rule.type]),
    live: false,
  }
}

/** Whether the HTTP middleware has anything to do with this rule. */
export function actsOnRequests(rule: CompiledChaosRule): boolean {
  return rule.type === 'latency' || rule.type === 'error' || rule.type === 'timeout' || rule.type === 'random_failure'
}

/** Whether wrapped calls of this kind can fail because of the rule. */
export function actsOnCalls(rule: CompiledChaosRule, kind: WrapperKind): boolean {
  return rule.kinds.includes(WRAPPER_FAILURE[kind])
}
