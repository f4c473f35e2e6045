/**
 * What each kind of chaos rule is configured with, its limits and its defaults, in one place
 * for the service (which validates and stores configs with every default filled in, so SDKs
 * never guess) and the SDKs (which read typed configs, and may check a hand-written
 * bootstrap file with the same function).
 *
 * Unknown fields are errors, not ignored: `{ "latencyMS": 500 }` on a latency rule is a typo
 * that would otherwise inject nothing while the team believes it is testing latency.
 */
import type { ChaosType } from './state-types.js'

/** The faults a random_failure rule draws from (every type but itself). */
export const CHAOS_FAILURE_KINDS = ['latency', 'error', 'timeout', 'database_failure', 'redis_failure'] as const
export type ChaosFailureKind = (typeof CHAOS_FAILURE_KINDS)[number]

/** Delay the request by `latencyMs` plus a uniform extra of 0–`jitterMs`, then let it through. */
export interface LatencyChaosConfig {
  latencyMs: number
  jitterMs: number
}

/** Answer at once with `statusCode` and `message` instead of running the route. */
export interface ErrorChaosConfig {
  statusCode: number
  message: string
}

/** Hold the request for `timeoutMs`, then answer 504 without running the route. */
export interface TimeoutChaosConfig {
  timeoutMs: number
}

/** Make a wrapped database or Redis call throw an error with this `message` and `code`. */
export interface ConnectionFailureChaosConfig {
  message: string
  code: string
}

/** Each injection picks one of `kinds` uniformly; the fields of those kinds are present. */
export interface RandomFailureChaosConfig
  extends Partial<LatencyChaosConfig & ErrorChaosConfig & TimeoutChaosConfig & ConnectionFailureChaosConfig> {
  kinds: ChaosFailureKind[]
}

export interface ChaosConfigByType {
  latency: LatencyChaosConfig
  error: ErrorChaosConfig
  timeout: TimeoutChaosConfig
  database_failure: ConnectionFailureChaosConfig
  redis_failure: ConnectionFailureChaosConfig
  random_failure: RandomFailureChaosConfig
}
export type ChaosConfig = ChaosConfigByType[ChaosType]

export const CHAOS_CONFIG_LIMITS = {
  latencyMs: { minimum: 1, maximum: 60_000 },
  jitterMs: { minimum: 0, maximum: 60_000 },
  statusCode: { minimum: 400, maximum: 599 },
  timeoutMs: { minimum: 1, maximum: 300_000 },
  message: { minLength: 1, maxLength: 500 },
  /** Node's `err.code` style: ECONNRESET, ETIMEDOUT, a SQLSTATE such as 57P01, READONLY. */
  code: { pattern: '^[A-Za-z0-9_]{1,64}$' },
} as const

export const CHAOS_CONFIG_DEFAULTS = {
  jitterMs: 0,
  statusCode: 500,
  timeoutMs: 30_000,
  code: 'ECONNRESET',
  /** A latency rule must say how long; a random_failure rule that draws latency waits this. */
  randomLatencyMs: 1_000,
  randomKinds: ['latency', 'error', 'timeout'] as readonly ChaosFailureKind[],
  /**
   * Only an injected HTTP error needs a message of ours. A database or Redis failure without
   * one carries the real driver's text for its code (`read ECONNRESET`), which is what the
   * application's error handling will meet in production.
   */
  errorMessage: 'Injected error (Sluice chaos)',
} as const

/** A field with no default that may simply be left out. */
const OMIT = Symbol('omit')

type Field = 'kinds' | 'latencyMs' | 'jitterMs' | 'statusCode' | 'message' | 'timeoutMs' | 'code'

/** Field order in a stored config, so equal configs serialise equally. */
const FIELD_ORDER: readonly Field[] = ['kinds', 'latencyMs', 'jitterMs', 'statusCode', 'message', 'timeoutMs', 'code']

const FIELDS_OF: Record<ChaosFailureKind, readonly Field[]> = {
  latency: ['latencyMs', 'jitterMs'],
  error: ['statusCode', 'message'],
  timeout: ['timeoutMs'],
  database_failure: ['message', 'code'],
  redis_failure: ['message', 'code'],
}

export type ResolvedChaosConfig =
  | { ok: true; config: ChaosConfig }
  /** `field` is a path inside the config (`latencyMs`, `kinds/1`), absent for the config itself. */
  | { ok: false; field?: string; problem: string }

function problem(field: string | undefined, text: string): ResolvedChaosConfig {
  return field === undefined ? { ok: false, problem: text } : { ok: false, field, problem: text }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function integerIn(value: unknown, { minimum, maximum }: { minimum: number; maximum: number }): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer from ${minimum} to ${maximum}`
  if (value < minimum || value > maximum) return `must be from ${minimum} to ${maximum}, got ${value}`
  return undefined
}

const CODE = new RegExp(CHAOS_CONFIG_LIMITS.code.pattern)

function checkValue(field: Exclude<Field, 'kinds'>, value: unknown): string | undefined {
  switch (field) {
    case 'latencyMs':
    case 'jitterMs':
    case 'statusCode':
    case 'timeoutMs':
      return integerIn(value, CHAOS_CONFIG_LIMITS[field])
    case 'message': {
      const { minLength, maxLength } = CHAOS_CONFIG_LIMITS.message
      if (typeof value !== 'string') return 'must be a string'
      return value.length < minLength || value.length > maxLength ? `must be ${minLength} to ${maxLength} characters long` : undefined
    }
    case 'code':
      return typeof value === 'string' && CODE.test(value)
        ? undefined
        : 'must be an error code of letters, digits and underscores (at most 64), such as ECONNRESET'
  }
}

/** The field's default; undefined when the rule must give it, OMIT when it may leave it out. */
function defaultOf(type: ChaosType, field: Exclude<Field, 'kinds'>, kinds: readonly ChaosFailureKind[]): unknown {
  switch (field) {
    case 'latencyMs':
      return type === 'random_failure' ? CHAOS_CONFIG_DEFAULTS.randomLatencyMs : undefined
    case 'message':
      return kinds.includes('error') ? CHAOS_CONFIG_DEFAULTS.errorMessage : OMIT
    default:
      return CHAOS_CONFIG_DEFAULTS[field]
  }
}

function resolveKinds(value: unknown): { ok: true; kinds: ChaosFailureKind[] } | ResolvedChaosConfig {
  if (value === undefined) return { ok: true, kinds: [...CHAOS_CONFIG_DEFAULTS.randomKinds] }
  if (!Array.isArray(value) || value.length === 0) return problem('kinds', `must be a non-empty array of ${CHAOS_FAILURE_KINDS.join(', ')}`)
  const seen = new Set<string>()
  for (const [i, kind] of value.entries()) {
    if (!(CHAOS_FAILURE_KINDS as readonly unknown[]).includes(kind)) return problem(`kinds/${i}`, `must be one of: ${CHAOS_FAILURE_KINDS.join(', ')}`)
    if (seen.has(kind as string)) return problem('kinds', `lists "${String(kind)}" more than once`)
    seen.add(kind as string)
  }
  return { ok: true, kinds: value as ChaosFailureKind[] }
}

function unknownField(type: ChaosType, key: string): string {
  if (type === 'random_failure') {
    const users = CHAOS_FAILURE_KINDS.filter((kind) => (FIELDS_OF[kind] as readonly string[]).includes(key))
    if (users.length > 0) return `is not a known field for random_failure rules unless kinds includes ${users.join(' or ')}`
  }
  return `is not a known field for ${type} rules`
}

/**
 * The config as it should be stored: checked against the rule's type (unknown fields,
 * required fields, ranges) and with every default filled in. `config` may be undefined or
 * null, meaning all defaults.
 */
export function resolveChaosConfig(type: ChaosType, config: unknown): ResolvedChaosConfig {
  const input = config ?? {}
  if (!isPlainObject(input)) return problem(undefined, 'must be an object')
  let kinds: readonly ChaosFailureKind[]
  if (type === 'random_failure') {
    const resolved = resolveKinds(input.kinds)
    if ('kinds' in resolved) kinds = resolved.kinds
    else return resolved
  } else {
    kinds = [type]
  }
  const allowed = new Set<Field>(kinds.flatMap((kind) => FIELDS_OF[kind]))
  if (type === 'random_failure') allowed.add('kinds')
  for (const key of Object.keys(input)) {
    if (!allowed.has(key as Field)) return problem(key, unknownField(type, key))
  }
  const out: Record<string, unknown> = {}
  for (const field of FIELD_ORDER) {
    if (!allowed.has(field)) continue
    if (field === 'kinds') {
      out.kinds = [...kinds]
      continue
    }
    const value = input[field]
    if (value === undefined) {
      const fallback = defaultOf(type, field, kinds)
      if (fallback === undefined) return problem(field, `is required for ${type} rules`)
      if (fallback !== OMIT) out[field] = fallback
      continue
    }
    const bad = checkValue(field, value)
    if (bad) return problem(field, bad)
    out[field] = value
  }
  return { ok: true, config: out as unknown as ChaosConfig }
}
