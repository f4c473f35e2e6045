import { FLAG_TYPES, REASONS } from '@sluice/core'
import { MERGE_PATCH } from '../http/merge-patch.js'
import { Type, type Static } from '@sinclair/typebox'
import { Dependencies, KEY_PATTERN, ruleSchemas, MAX_LIST_ENTRIES, Rule, RulesInput, Stickiness, UserIds, Variants } from '../rules/rule-schemas.js'
import { pathParams } from '../http/path-params.js'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { environmentKey } from '../schemas/environment-key.js'
import { AUTH_ERRORS, errors, ref, StringEnum, Timestamp, ConditionalHeaders, withHeaders, ETAG_HEADER, LOCATION_HEADER, NotModified, described, IfMatchHeaders } from '../schemas/common.js'

export const FLAG_KEY_PATTERN = KEY_PATTERN
/** `/check?attr.plan=pro`: one query parameter per attribute. */
export const ATTRIBUTE_PARAM_PATTERN = '^attr\\.[A-Za-z0-9_.:-]{1,128}$'

export const FlagKey = Type.String({ pattern: FLAG_KEY_PATTERN, description: 'Letters of both cases, digits, `_`, `.`, `-` and `~`, at most 128 (what Unleash accepts); case-sensitive; not `.` or `..`', maxLength: 128, examples: ['new_payment_flow'] })
const FlagType = StringEnum(FLAG_TYPES, {
  description:
    'boolean: on for everyone when enabled; percentage: a deterministic share of contexts; user_targeting: the listed user ids; ip_targeting: the listed addresses and CIDR ranges; rules: ordered rules of attribute constraints, segments and rollouts, with dependencies on other flags. A/B variants are not a type: `variants` is a field of every type',
})
const Percentage = Type.Number({ minimum: 0, maximum: 100, description: '0–100 with at most two decimals (0.01% steps)', examples: [25] })
const GroupId = Type.String({ minLength: 1, maxLength: 128, description: 'Hash namespace; flags sharing a groupId roll out to the same contexts. Defaults to the key.' })
const Ips = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  maxItems: MAX_LIST_ENTRIES,
  description: 'IPv4 or IPv6 addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`); IPv4-mapped IPv6 addresses match IPv4 entries',
  examples: [['203.0.113.7', '10.0.0.0/8', '2001:db8::/32']],
})
/** Lowercase so `Payments` and `payments` cannot become two tags; `:` and `/` allow `team:payments`, `area/checkout`. */
export const TAG_PATTERN = '^[a-z0-9][a-z0-9._:/-]{0,63}$'
export const MAX_TAGS = 20
const Tag = Type.String({
  pattern: TAG_PATTERN,
  maxLength: 64,
  description: 'Lowercase letters, digits and `-_.:/`, 1–64 characters, starting with a letter or digit',
  examples: ['payments'],
})
const Tags = Type.Array(Tag, {
  maxItems: MAX_TAGS,
  description: 'Labels to find flags by (`?tag=`); shared by every environment; stored sorted, without duplicates',
  examples: [['payments', 'team:checkout']],
})
const Rules = Type.Array(ref(Rule), { description: '`rules` flags: evaluated in order; the first that matches decides the variant' })

export const FLAG_EXAMPLE = {
  environment: 'production',
  key: 'new_payment_flow',
  name: 'New payment flow',
  description: 'Card payments through the v2 processor',
  tags: ['payments', 'team:checkout'],
  type: 'percentage',
  enabled: true,
  percentage: 25,
  archived: false,
  version: 4,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-25T14:30:00.000Z',
}

export const Flag = Type.Object(
  {
    environment: environmentKey('The environment this configuration, version and history belong to; key, name, description, tags and archived are shared by all'),
    key: FlagKey,
    name: Type.String(),
    description: Type.Optional(Type.String()),
    tags: Tags,
    type: FlagType,
    enabled: Type.Boolean(),
    percentage: Type.Optional(Percentage),
    groupId: Type.Optional(GroupId),
    stickiness: Type.Optional(Stickiness),
    userIds: Type.Optional(UserIds),
    ips: Type.Optional(Ips),
    variants: Type.Optional(Variants),
    rules: Type.Optional(Rules),
    dependencies: Type.Optional(Dependencies),
    archived: Type.Boolean({ description: 'Archived flags evaluate off and keep their history; restore to use the key again' }),
    version: Type.Integer({ minimum: 1, description: 'Bumped by every change; send it back in If-Match to update safely' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  {
    $id: 'FeatureFlag',
    title: 'FeatureFlag',
    examples: [FLAG_EXAMPLE],
  },
)

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['New payment flow'] })
const Description = Type.String({ maxLength: 2000 })

export const CreateFlagBody = Type.Object(
  {
    key: FlagKey,
    name: Name,
    type: FlagType,
    enabled: Type.Boolean({ default: false }),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    percentage: Type.Optional(Percentage),
    groupId: Type.Optional(GroupId),
    stickiness: Type.Optional(Stickiness),
    userIds: Type.Optional(UserIds),
    ips: Type.Optional(Ips),
    variants: Type.Optional(Variants),
    rules: Type.Optional(RulesInput),
    dependencies: Type.Optional(Dependencies),
  },
  {
    additionalProperties: false,
    examples: [
      { key: 'new_payment_flow', name: 'New payment flow', type: 'percentage', enabled: true, percentage: 5, description: 'Card payments through the v2 processor', tags: ['payments'] },
    ],
  },
)
export type CreateFlagInput = Static<typeof CreateFlagBody>

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const UpdateFlagBody = Type.Object(
  {
    key: Type.Optional(FlagKey),
    name: Type.Optional(Name),
    type: Type.Optional(FlagType),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(nullable(Description)),
    tags: Type.Optional(nullable(Tags)),
    percentage: Type.Optional(nullable(Percentage)),
    groupId: Type.Optional(nullable(GroupId)),
    stickiness: Type.Optional(nullable(Stickiness)),
    userIds: Type.Optional(nullable(UserIds)),
    ips: Type.Optional(nullable(Ips)),
    variants: Type.Optional(nullable(Variants)),
    rules: Type.Optional(RulesInput),
    dependencies: Type.Optional(nullable(Dependencies)),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields to change; null clears an optional field (`tags`: null or [] removes every tag). Changing the type drops fields the new type does not use.',
    examples: [{ enabled: true, percentage: 25 }, { tags: ['payments', 'team:checkout'] }],
  },
)
export type UpdateFlagInput = Static<typeof UpdateFlagBody>

export const CheckResult = Type.Object(
  {
    key: Type.String(),
    enabled: Type.Boolean(),
    variant: Type.Optional(Type.Object({ key: Type.String(), payload: Type.Optional(Type.Unknown()) })),
    reason: StringEnum(REASONS, { description: 'Why the flag is on or off for this context' }),
    version: Type.Optional(Type.Integer({ description: 'The flag version evaluated' })),
    ruleId: Type.Optional(Type.String({ description: '`rules` flags: the rule that decided' })),
    dependencies: Type.Optional(
      Type.Array(Type.Object({ flag: Type.String(), held: Type.Boolean() }), { description: '`rules` flags: whether each dependency held, in order, up to the first that did not' }),
    ),
    rules: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.Optional(Type.String()),
          matched: Type.Boolean(),
          failed: Type.Optional(
            Type.Object(
              {
                kind: StringEnum(['constraint', 'segment', 'rollout'] as const),
                index: Type.Optional(Type.Integer({ description: 'The constraint, in the rule or in the segment' })),
                segment: Type.Optional(Type.String()),
                found: Type.Optional(Type.Boolean({ description: 'segment: false when the service holds no segment by that key (then no constraint is named)' })),
                attribute: Type.Optional(Type.String()),
                operator: Type.Optional(Type.String()),
                rollout: Type.Optional(Type.Number()),
              },
              { description: 'The first thing that did not hold: a constraint of the rule, a segment (and which of its constraints), or the rollout' },
            ),
          ),
        }),
        { description: '`rules` flags: each rule tried, in order, up to the one that decided' },
      ),
    ),
  },
  {
    $id: 'FlagCheck',
    title: 'FlagCheck',
    examples: [
      { key: 'new_payment_flow', enabled: true, reason: 'rollout', version: 4 },
      {
        key: 'checkout_v2',
        enabled: false,
        reason: 'no_rule_matched',
        version: 7,
        rules: [
          { id: 'pro-eu', matched: false, failed: { kind: 'constraint', index: 1, attribute: 'country', operator: 'IN' } },
          { id: 'staff', matched: false, failed: { kind: 'segment', segment: 'staff', found: true, index: 0, attribute: 'email', operator: 'STR_ENDS_WITH' } },
        ],
      },
    ],
  },
)

export const FlagVersion = Type.Object(
  {
    version: Type.Integer(),
    action: Type.String({ examples: ['flag.updated'] }),
    flag: ref(Flag),
    actor: Type.String(),
    at: Timestamp,
  },
  {
    $id: 'FlagVersion',
    title: 'FlagVersion',
    examples: [{ version: 4, action: 'flag.updated', flag: FLAG_EXAMPLE, actor: 'release-bot', at: '2026-11-25T14:30:00.000Z' }],
  },
)

export const flagSchemas = [...ruleSchemas, Flag, CheckResult, FlagVersion]

const KeyParams = pathParams({ key: FlagKey })
const tags = ['feature-flags']

export const listFlagsRoute = {
  operationId: 'listFeatureFlags',
  summary: 'List feature flags',
  tags,
  description: '`?tag=payments&tag=team:checkout` lists only the flags that have every one of the tags.',
  querystring: Type.Object({
    ...EnvironmentQuery.properties,
    includeArchived: Type.Boolean({ default: false }),
    tag: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS, description: 'Repeatable; a flag must have all of them', examples: [['payments']] })),
  }),
  response: { 200: Type.Array(ref(Flag), { description: 'The flags, by key' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const createFlagRoute = {
  operationId: 'createFeatureFlag',
  summary: 'Create a feature flag',
  description:
    'Fields must fit the type: `percentage` and `stickiness` belong to percentage flags, `userIds` to user_targeting, `ips` to ip_targeting; `variants` fit every type, and so does `groupId`, which buckets variants as well as rollouts.\n\nThe flag is created in every environment: the addressed one (`?environment=`) gets the body, every other one the same configuration disabled, each at version 1.',
  tags,
  querystring: EnvironmentQuery,
  body: CreateFlagBody,
  response: { 201: withHeaders(described(ref(Flag), 'Created, at version 1'), { ...ETAG_HEADER, ...LOCATION_HEADER }), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const getFlagRoute = {
  operationId: 'getFeatureFlag',
  summary: 'Get a feature flag',
  description: 'Archived flags are returned too. The ETag is the version; If-None-Match with it answers 304.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: ConditionalHeaders,
  response: {
    200: withHeaders(described(ref(Flag), 'The flag as it is now'), ETAG_HEADER),
    304: NotModified,
    ...errors(400, ...AUTH_ERRORS, 404),
  },
}

export const updateFlagRoute = {
  operationId: 'updateFeatureFlag',
  summary: 'Update a feature flag',
  description:
    'Send `If-Match: <version>` (the version in this environment) so a concurrent change is a 412 instead of a silent overwrite. Evaluation fields change in the addressed environment only; `name`, `description` and `tags` change in every environment.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  body: UpdateFlagBody,
  response: { 200: withHeaders(described(ref(Flag), 'Updated: the new version (the same one when nothing changed)'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 409, 412) },
}

export const MergePatchFlagBody = Type.Object(UpdateFlagBody.properties, {
  additionalProperties: false,
  description: 'A JSON Merge Patch (RFC 7396) of the flag: the fields to change; null removes an optional field; arrays (tags, userIds, ips, variants) replace the current ones.',
  examples: [{ enabled: true, percentage: 25, description: null }, { tags: ['payments'] }],
})

export const patchFlagRoute = {
  operationId: 'patchFeatureFlag',
  summary: 'Change a feature flag with a JSON Merge Patch',
  description:
    'Content-Type `application/merge-patch+json`. Validated, versioned and audited as the PUT with the same fields. Send `If-Match: <version>` so a concurrent change is a 412 instead of a silent overwrite.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  consumes: [MERGE_PATCH],
  body: MergePatchFlagBody,
  response: { 200: withHeaders(described(ref(Flag), 'Updated: the new version (the same one when nothing changed)'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 409, 412, 415) },
}

export const archiveFlagRoute = {
  operationId: 'archiveFeatureFlag',
  summary: 'Archive a feature flag',
  description:
    'The flag is archived in every environment: it evaluates off everywhere, stays readable and in history, and its key stays reserved until it is restored. 409 `SLUICE_FLAG_UNDER_CANARY` while an active canary owns the flag: roll the canary back or complete it first. The answer is the flag in the addressed environment.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(Flag), 'Archived: the flag as it is now'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const restoreFlagRoute = {
  operationId: 'restoreFeatureFlag',
  summary: 'Restore an archived feature flag',
  description: 'The flag comes back in every environment, disabled, with its rules as they were when it was archived.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(Flag), 'Restored, disabled'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const checkFlagRoute = {
  operationId: 'checkFeatureFlag',
  summary: 'Evaluate a flag for a context',
  description: [
    'The same engine the SDKs run. An unknown flag is off with reason `not_found`, never an error.',
    'The flag is evaluated as it is configured in `?environment=` (default DEFAULT_ENVIRONMENT; an sdk token\'s own environment), and that environment is the context\'s `environment` attribute unless `contextEnvironment` names another (an application\'s own environment names, as Unleash contexts carry them).',
    'The context is the query: `userId`, `sessionId`, `ip`, `appName`, `currentTime`, and every other attribute as `attr.<name>=<value>` (e.g. `?userId=u1&attr.plan=pro`).',
    'For a `rules` flag the answer explains itself: `ruleId` names the rule that decided; `rules` lists, for each rule tried, whether it matched and otherwise the first constraint, segment or rollout that failed; `dependencies` says which parent flags held.',
  ].join('\n\n'),
  tags,
  params: KeyParams,
  querystring: Type.Object({
    userId: Type.Optional(Type.String({ maxLength: 256, examples: ['user-1842'] })),
    sessionId: Type.Optional(Type.String({ maxLength: 256, examples: ['sess-7f3a'] })),
    ip: Type.Optional(Type.String({ maxLength: 64, examples: ['203.0.113.7'] })),
    appName: Type.Optional(Type.String({ maxLength: 256, description: 'The application asking (constraints on `appName`)', examples: ['checkout-api'] })),
    ...EnvironmentQuery.properties,
    contextEnvironment: Type.Optional(Type.String({ maxLength: 256, description: 'The context\'s `environment` attribute, when it is not the Sluice environment evaluated', examples: ['eu-prod'] })),
    currentTime: Type.Optional(Type.String({ format: 'date-time', description: 'The time DATE_* constraints compare with; default now', examples: ['2026-12-01T09:00:00Z'] })),
    attributes: Type.Optional(Type.String({ maxLength: 4096, description: 'A JSON object of string, number or boolean attributes; `attr.<name>=<value>` parameters are simpler', examples: ['{"plan":"pro"}'] })),
  }, {
    patternProperties: { [ATTRIBUTE_PARAM_PATTERN]: Type.String({ maxLength: 1024 }) },
    description: 'Any other attribute as `attr.<name>=<value>`, e.g. `?userId=u1&attr.plan=pro&attr.country=DE` (values arrive as strings; the NUM_*, DATE_* and SEMVER_* operators parse them)',
  }),
  response: { 200: described(ref(CheckResult), 'Whether the flag is on for this context, and why'), ...errors(400, ...AUTH_ERRORS) },
}

export const flagHistoryRoute = {
  operationId: 'getFeatureFlagHistory',
  summary: 'Every version of a flag',
  description: 'Newest first; each entry holds the whole flag as it was at that version.',
  tags,
  params: KeyParams,
  querystring: Type.Object({ ...EnvironmentQuery.properties, limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }),
  response: { 200: Type.Array(ref(FlagVersion), { description: 'Versions, newest first' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const flagEnvironmentsRoute = {
  operationId: 'getFeatureFlagEnvironments',
  summary: 'A flag in every environment, side by side',
  description: 'One entry per environment, in the environments\' order, each with its own configuration and version.',
  tags,
  params: KeyParams,
  response: { 200: Type.Array(ref(Flag), { description: 'The flag in each environment' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const PromoteFlagBody = Type.Object(
  {
    from: EnvironmentKey,
    to: EnvironmentKey,
    reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'Why; kept in the audit log' }),
  },
  { additionalProperties: false, examples: [{ from: 'staging', to: 'production', reason: 'verified in staging for a week' }] },
)

export const promoteFlagRoute = {
  operationId: 'promoteFeatureFlag',
  summary: 'Copy a flag\'s configuration from one environment to another',
  description:
    'Everything that decides evaluation (type, enabled, percentage, targeting, rules, variants, dependencies) is copied from `from` onto `to` as a new version of `to`; name, description and tags stay. Send `If-Match: <version of the flag in to>` so a change made in `to` meanwhile is refused. Audited; one change event.',
  tags,
  params: KeyParams,
  headers: IfMatchHeaders,
  body: PromoteFlagBody,
  response: { 200: withHeaders(described(ref(Flag), 'The flag in `to`, at its new version (the same one when nothing changed)'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 409, 412) },
}
