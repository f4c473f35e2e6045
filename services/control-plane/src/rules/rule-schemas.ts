/**
 * The targeting pieces of `rules` flags (constraints, rules, dependencies), shared with
 * segments, which are named lists of constraints. The schemas check shape and bounds; what
 * needs parsing (a regex that compiles, a semantic version, a date) is the engine's check,
 * run by rule-validation.ts, so the service and every SDK agree on what is valid.
 */
import { OPERATORS } from '@sluice/core'
import { Type } from '@sinclair/typebox'
import { ref, StringEnum } from '../schemas/common.js'

export const MAX_RULES = 100
export const MAX_CONSTRAINTS = 50
const MAX_CONSTRAINT_VALUES = 10_000

/** Flag and segment keys share one pattern: Unleash's URL-safe names. */
export const KEY_PATTERN = '^(?!\\.{1,2}$)[A-Za-z0-9_.~-]{1,128}$'

export const Constraint = Type.Object(
  {
    attribute: Type.String({
      minLength: 1,
      maxLength: 128,
      description: '`userId`, `sessionId`, `ip` (or `remoteAddress`), `appName`, `environment`, `currentTime`, or any other name, read from the context\'s attributes',
      examples: ['plan'],
    }),
    operator: StringEnum(OPERATORS, { description: 'How the attribute is compared (Unleash\'s constraint operators)' }),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: MAX_CONSTRAINT_VALUES, description: 'For IN, NOT_IN, the STR_* operators and IN_CIDR: any of them' })),
    value: Type.Optional(Type.String({ maxLength: 1000, description: 'For NUM_*, DATE_*, SEMVER_* and REGEX: the one value compared against' })),
    inverted: Type.Optional(Type.Boolean({ description: 'Negates the result' })),
    caseInsensitive: Type.Optional(Type.Boolean({ description: 'For the string operators, IN, NOT_IN and REGEX' })),
  },
  {
    $id: 'Constraint',
    title: 'Constraint',
    additionalProperties: false,
    description: 'A missing attribute fails every operator but NOT_IN; an unparseable value makes the constraint false.',
    examples: [{ attribute: 'plan', operator: 'IN', values: ['pro', 'enterprise'] }],
  },
)

export const Constraints = Type.Array(ref(Constraint), { maxItems: MAX_CONSTRAINTS, description: 'All must hold' })

export const RULE_ID_PATTERN = '^[A-Za-z0-9_.:~-]{1,64}$'

export const MAX_LIST_ENTRIES = 10_000
export const UserIds = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: MAX_LIST_ENTRIES, description: 'Exact user ids; no duplicates' })

export const Variant = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', examples: ['blue'] }),
    weight: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'A positive integer; the share is weight / sum of weights', examples: [50] }),
    payload: Type.Optional(Type.Unknown({ description: 'Any JSON value the application receives with the variant' })),
    overrides: Type.Optional(
      Type.Array(Type.Object({ userIds: UserIds }, { additionalProperties: false }), {
        maxItems: 100,
        description: 'Users who always get this variant (when the flag is on for them)',
      }),
    ),
    stickiness: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'What variants stick to (`default`, `userId`, `sessionId`, `ip` or an attribute); the first variant\'s applies to the set' }),
    ),
  },
  { $id: 'Variant', title: 'Variant', additionalProperties: false },
)
export const Variants = Type.Array(ref(Variant), { maxItems: 100, description: 'A/B variants for contexts the flag is on for, assigned by weight, sticky per user' })

export const Stickiness = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$',
  description: '`default` (userId, else sessionId, else random), `userId`, `sessionId`, `ip`, or an attribute name; a context without it is off',
})

const ruleFields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  constraints: Type.Optional(Constraints),
  segments: Type.Optional(
    Type.Array(Type.String({ pattern: KEY_PATTERN }), { maxItems: MAX_CONSTRAINTS, description: "Segment keys; every segment's constraints must hold" }),
  ),
  rollout: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Share of the contexts that match, 0–100 with at most two decimals; default 100' })),
  stickiness: Type.Optional(Stickiness),
  groupId: Type.Optional(Type.String({ maxLength: 128, description: "Hash namespace for the rollout and the rule's variants; default the flag key (empty is a namespace of its own, as Unleash's gradual rollouts use)" })),
  variants: Type.Optional(Type.Array(ref(Variant), { maxItems: 100, description: "When this rule decides, these replace the flag's variants" })),
}

export const Rule = Type.Object(
  { id: Type.String({ pattern: RULE_ID_PATTERN, description: 'Stable across edits; canaries and /check name rules by it' }), ...ruleFields },
  {
    $id: 'Rule',
    title: 'Rule',
    additionalProperties: false,
    examples: [
      {
        id: 'pro-eu',
        name: 'Pro users in the EU',
        constraints: [
          { attribute: 'plan', operator: 'IN', values: ['pro'] },
          { attribute: 'appVersion', operator: 'SEMVER_GTE', value: '2.4.0' },
        ],
        segments: ['eu-countries'],
        rollout: 5,
      },
    ],
  },
)

/** A rule as clients send it: without an id the service assigns one. */
export const RuleInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: RULE_ID_PATTERN, description: 'Send back the id you read to keep it; leave it out on a new rule and the service assigns one' })),
    ...ruleFields,
  },
  { additionalProperties: false },
)
export const RulesInput = Type.Array(RuleInput, { minItems: 1, maxItems: MAX_RULES, description: 'Evaluated in order; the first that matches decides the variant' })

export const Dependency = Type.Object(
  {
    flag: Type.String({ pattern: KEY_PATTERN, description: 'The parent flag; it may not have dependencies of its own' }),
    enabled: Type.Optional(Type.Boolean({ description: 'Default true: the parent must be on (false: off) for the same context' })),
    variants: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 100, description: "With enabled true: the parent's variant must be one of these" })),
  },
  { $id: 'Dependency', title: 'Dependency', additionalProperties: false, examples: [{ flag: 'new_checkout', enabled: true }] },
)

export const Dependencies = Type.Array(ref(Dependency), { maxItems: 20, description: 'All must hold, checked before the rules' })

export const ruleSchemas = [Constraint, Variant, Rule, Dependency]
