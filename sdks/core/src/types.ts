export const FLAG_TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting'] as const
export type FlagType = (typeof FLAG_TYPES)[number]

/** Context fields a flag may stick to; any other name is read from `attributes`. */
export const STICKINESS_FIELDS = ['default', 'userId', 'sessionId', 'ip'] as const

export interface VariantOverride {
  userIds: string[]
}

export interface Variant {
  key: string
  /** A positive integer; a variant's share is its weight over the sum of all weights. */
  weight: number
  payload?: unknown
  overrides?: VariantOverride[]
}

/** The fields evaluation reads. The service's Flag carries these and more. */
export interface FlagRules {
  key: string
  type: FlagType
  enabled: boolean
  archived?: boolean
  /** 0–100 with up to two decimals; only `percentage` flags use it. */
  percentage?: number | null
  /** Hash namespace; defaults to the flag key. Flags sharing a groupId share cohorts. */
  groupId?: string | null
  /** `default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip` or an attribute name. */
  stickiness?: string | null
  userIds?: string[] | null
  /** Addresses or CIDR ranges, IPv4 or IPv6. */
  ips?: string[] | null
  variants?: Variant[] | null
}

/** A flag as the service's API and stream carry it: optional fields are absent, never null. */
export interface Flag extends FlagRules {
  name: string
  description?: string
  percentage?: number
  groupId?: string
  stickiness?: string
  userIds?: string[]
  ips?: string[]
  variants?: Variant[]
  version: number
  archived: boolean
  createdAt: string
  updatedAt: string
}

export type AttributeValue = string | number | boolean

export interface EvaluationContext {
  userId?: string
  sessionId?: string
  ip?: string
  attributes?: Record<string, AttributeValue>
}

export type Reason =
  | 'not_found'
  | 'archived'
  | 'disabled'
  /** A boolean flag that is enabled: on for everyone. */
  | 'default'
  /** A percentage flag: the context's bucket is inside the rollout. */
  | 'rollout'
  /** A percentage flag: the context's bucket is outside the rollout. */
  | 'out_of_rollout'
  /** A percentage flag sticky on a field the context does not carry. */
  | 'missing_stickiness'
  | 'targeted'
  | 'not_targeted'
  /** The flag definition itself is malformed; evaluation is off rather than throwing. */
  | 'error'

/** Every reason, for the service's response schema (a closed enum in the OpenAPI document). */
export const REASONS = ['not_found', 'archived', 'disabled', 'default', 'rollout', 'out_of_rollout', 'missing_stickiness', 'targeted', 'not_targeted', 'error'] as const satisfies readonly Reason[]
/** Fails to compile when a Reason is added above but not to REASONS. */
export const REASONS_COMPLETE: [Exclude<Reason, (typeof REASONS)[number]>] extends [never] ? true : never = true

export interface VariantResult {
  key: string
  payload?: unknown
}

export interface Evaluation {
  enabled: boolean
  variant?: VariantResult
  reason: Reason
}

/** Which side of a canary a request fell on: the new code path or the old one. */
export type CanarySide = 'canary' | 'baseline'
