export const FLAG_TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const
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
  /**
   * What the set of variants sticks to: `default` (userId, else sessionId, else random), a
   * context field or an attribute name. Only the first variant's stickiness counts, as in Unleash.
   */
  stickiness?: string
}

/** The closed list of constraint operators (Unleash's, same names and meanings). */
export const OPERATORS = [
  'IN',
  'NOT_IN',
  'STR_CONTAINS',
  'STR_STARTS_WITH',
  'STR_ENDS_WITH',
  'NUM_EQ',
  'NUM_GT',
  'NUM_GTE',
  'NUM_LT',
  'NUM_LTE',
  'DATE_AFTER',
  'DATE_BEFORE',
  'SEMVER_EQ',
  'SEMVER_GT',
  'SEMVER_GTE',
  'SEMVER_LT',
  'SEMVER_LTE',
  'REGEX',
  'IN_CIDR',
] as const
export type Operator = (typeof OPERATORS)[number]

/**
 * One condition on one context attribute. List operators (`IN`, `NOT_IN`, `STR_*`, `IN_CIDR`)
 * read `values`; the single-value ones (`NUM_*`, `DATE_*`, `SEMVER_*`, `REGEX`) read `value`.
 */
export interface Constraint {
  /** `userId`, `sessionId`, `ip` (or `remoteAddress`), `appName`, `environment`, `currentTime`, or an attribute name. */
  attribute: string
  operator: Operator
  values?: string[]
  value?: string
  /** Negates the result, including the result for a missing attribute. */
  inverted?: boolean
  /** String, IN/NOT_IN and REGEX operators compare without case. */
  caseInsensitive?: boolean
}

/** One targeting rule of a `rules` flag: on for contexts that meet every condition and fall in the rollout. */
export interface Rule {
  /** Assigned by the service when absent; stable across edits. */
  id: string
  name?: string
  /** All must hold; 0..50. */
  constraints?: Constraint[]
  /** Segment keys; every segment's constraints must hold. */
  segments?: string[]
  /** 0–100 with up to two decimals; default 100. */
  rollout?: number
  /** As a flag's stickiness; default `default`. */
  stickiness?: string
  /** Hash namespace of the rollout and of this rule's variants; default the flag key. */
  groupId?: string
  /** When this rule decides, these replace the flag's variants. */
  variants?: Variant[]
}

/** A condition on another flag, checked for the same context before any rule. */
export interface Dependency {
  /** The parent flag's key. A parent may not itself have dependencies. */
  flag: string
  /** Whether the parent must be on (default) or off. */
  enabled?: boolean
  /** With `enabled` true: the parent's variant must be one of these. */
  variants?: string[]
}

/** A reusable audience: what a segment is before the service versions it (an import, a create body). */
/** What evaluation reads of a segment: the SDK state carries only these (and its version). */
export interface SegmentRules {
  key: string
  constraints: Constraint[]
}

export interface SegmentDefinition extends SegmentRules {
  name: string
  description?: string
}

/** A segment as the service's API and stream carry it. */
export interface Segment extends SegmentDefinition {
  version: number
  createdAt?: string
  updatedAt?: string
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
  /** `rules` flags only: ordered rules (1..100); the first that matches decides. */
  rules?: Rule[] | null
  /** `rules` flags only: conditions on other flags, all checked before the rules. */
  dependencies?: Dependency[] | null
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
  rules?: Rule[]
  dependencies?: Dependency[]
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
  /** The application asking; the SDK fills it from its options. */
  appName?: string
  /** The environment the application runs in; the SDK fills it from its options. */
  environment?: string
  /** The time `DATE_*` constraints compare with: an ISO 8601 string or a Date; default now. */
  currentTime?: string | Date
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
  /** A `rules` flag: the rule named by `ruleId` matched and decided. */
  | 'rule_match'
  /** A `rules` flag: no rule matched the context. */
  | 'no_rule_matched'
  /** A `rules` flag: a dependency on another flag did not hold, so no rule was tried. */
  | 'dependency_failed'

/** Every reason, for the service's response schema (a closed enum in the OpenAPI document). */
export const REASONS = ['not_found', 'archived', 'disabled', 'default', 'rollout', 'out_of_rollout', 'missing_stickiness', 'targeted', 'not_targeted', 'error', 'rule_match', 'no_rule_matched', 'dependency_failed'] as const satisfies readonly Reason[]
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
  /** `rules` flags: the id of the rule that decided (reason `rule_match`). */
  ruleId?: string
}

/** Why a rule did not match: the first thing that failed, in the order the engine checks them. */
export type RuleFailure =
  /** The constraint at `index` of the rule's own constraints. */
  | { kind: 'constraint'; index: number; attribute: string; operator: string }
  /** A segment the engine does not hold (deleted, or not yet received). */
  | { kind: 'segment'; segment: string; found: false }
  /** The constraint at `index` of the segment's constraints. */
  | { kind: 'segment'; segment: string; found: true; index: number; attribute: string; operator: string }
  /** Every condition held but the context's bucket is outside the rollout (or lacks the stickiness field). */
  | { kind: 'rollout'; rollout: number }

export interface RuleExplanation {
  id: string
  name?: string
  matched: boolean
  failed?: RuleFailure
}

export interface DependencyExplanation {
  flag: string
  held: boolean
}

/**
 * An evaluation with its working shown, for `/check` and debugging: for a `rules` flag, each
 * dependency and whether it held, then each rule tried, in order, up to the one that decided.
 */
export interface Explanation extends Evaluation {
  dependencies?: DependencyExplanation[]
  rules?: RuleExplanation[]
}

/** Which side of a canary a request fell on: the new code path or the old one. */
export type CanarySide = 'canary' | 'baseline'
