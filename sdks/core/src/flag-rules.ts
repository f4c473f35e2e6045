/**
 * Checks a flag definition once, when it is compiled, and turns it into the shape the hot
 * path wants. Definitions arrive as JSON from the service, possibly from a newer or older
 * version of it, so nothing is trusted: anything malformed makes the flag evaluate off with
 * reason `error` rather than throw or guess.
 *
 * Only the fields a flag's type reads are checked (an `ips` list left on a percentage flag
 * does not break it), plus the ones every type reads: key, groupId, stickiness, variants.
 */
import { rolloutThreshold } from './bucketing.js'
import { type IpRange, parseIpEntry } from './ip.js'
import { FLAG_TYPES, type FlagType } from './types.js'

export interface CheckedVariant {
  key: string
  weight: number
  hasPayload: boolean
  payload: unknown
  overrideUserIds: string[]
  /** What the set sticks to when this is its first variant; undefined when not given. */
  stickiness: string | undefined
}

export interface CheckedRules {
  type: FlagType
  groupId: string
  /** undefined: `default` (userId, else sessionId, else random); else the field to stick to. */
  stickiness: string | undefined
  /** Largest fine bucket (0..10000) that is on; percentage flags only. */
  threshold: number
  userIds: string[]
  ips: IpRange[]
  variants: CheckedVariant[]
}

/** What a flag is before its rules matter, or its checked rules. */
export type FlagState = 'not_found' | 'archived' | 'disabled' | 'error' | CheckedRules

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** A list that may be absent (null or undefined = empty); undefined when it is not an array of strings. */
export function stringList(value: unknown): string[] | undefined {
  if (value == null) return []
  if (!Array.isArray(value)) return undefined
  for (const item of value) if (typeof item !== 'string') return undefined
  return value as string[]
}

/** A list of variants checked and normalised; undefined when malformed. */
export function checkVariants(value: unknown): CheckedVariant[] | undefined {
  if (value == null) return []
  if (!Array.isArray(value)) return undefined
  const variants: CheckedVariant[] = []
  let total = 0
  for (const v of value) {
    if (!isObject(v)) return undefined
    const { key, weight, overrides, stickiness } = v
    if (typeof key !== 'string' || key === '') return undefined
    if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 0) return undefined
    total += weight
    const overrideUserIds: string[] = []
    if (overrides != null) {
      if (!Array.isArray(overrides)) return undefined
      for (const override of overrides) {
        if (!isObject(override)) return undefined
        const userIds = stringList(override.userIds)
        if (userIds === undefined) return undefined
        overrideUserIds.push(...userIds)
      }
    }
    if (stickiness != null && typeof stickiness !== 'string') return undefined
    variants.push({
      key,
      weight,
      hasPayload: v.payload !== undefined,
      payload: v.payload,
      overrideUserIds,
      stickiness: stickiness || undefined,
    })
  }
  if (!Number.isSafeInteger(total)) return undefined
  return variants
}

function checkRules(flag: Record<string, unknown>): CheckedRules | undefined {
  const { key, type } = flag
  if (typeof key !== 'string' || key === '') return undefined
  if (typeof type !== 'string' || !(FLAG_TYPES as readonly string[]).includes(type)) return undefined

  // Unleash falls back the same way: `parameters.groupId || featureToggle`.
  const groupIdValue = flag.groupId
  if (groupIdValue != null && typeof groupIdValue !== 'string') return undefined
  const groupId = groupIdValue || key

  const stickinessValue = flag.stickiness
  if (stickinessValue != null && typeof stickinessValue !== 'string') return undefined
  const stickiness = stickinessValue && stickinessValue !== 'default' ? stickinessValue : undefined

  const variants = checkVariants(flag.variants)
  if (variants === undefined) return undefined

  const rules: CheckedRules = { type: type as FlagType, groupId, stickiness, threshold: 0, userIds: [], ips: [], variants }
  switch (rules.type) {
    case 'boolean':
      break
    case 'rules':
      // compile-rules-flag.ts checks the rest.
      break
    case 'percentage': {
      const percentage = flag.percentage
      if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= 100)) return undefined
      rules.threshold = rolloutThreshold(percentage)
      break
    }
    case 'user_targeting': {
      const userIds = stringList(flag.userIds)
      if (userIds === undefined) return undefined
      rules.userIds = userIds
      break
    }
    case 'ip_targeting': {
      const entries = stringList(flag.ips)
      if (entries === undefined) return undefined
      for (const entry of entries) {
        const range = parseIpEntry(entry)
        if (range === null) return undefined
        rules.ips.push(range)
      }
      break
    }
  }
  return rules
}

/**
 * Archived beats disabled beats the rules: a switched-off flag reports why it is off even
 * if its rules are broken, since they do not decide anything.
 */
export function checkFlag(flag: unknown): FlagState {
  if (flag == null) return 'not_found'
  if (!isObject(flag)) return 'error'
  const { archived, enabled } = flag
  if (archived === true) return 'archived'
  if (archived != null && archived !== false) return 'error'
  if (enabled === false) return 'disabled'
  if (enabled !== true) return 'error'
  return checkRules(flag) ?? 'error'
}
