import { CHAOS_CONFIG_DEFAULTS, CHAOS_CONFIG_LIMITS, CHAOS_FAILURE_KINDS, CHAOS_TYPES, MAX_CHAOS_TARGET_LENGTH } from '@sluice/core'
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { FlagKey } from '../flags/flag-schemas.js'
import { pathParams } from '../http/path-params.js'
import { MERGE_PATCH } from '../http/merge-patch.js'
import { AUTH_ERRORS, errors, NoContent, ref, StringEnum, Timestamp, ConditionalHeaders, withHeaders, ETAG_HEADER, LOCATION_HEADER, NotModified, described, IfMatchHeaders } from '../schemas/common.js'

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const ChaosType = StringEnum(CHAOS_TYPES, {
  description:
    'latency: delay matching requests; error: answer them with an error status; timeout: hold them, then answer 504; database_failure / redis_failure: make calls wrapped with `chaos.wrap("database" | "redis", fn)` throw; random_failure: one of `config.kinds` per injection',
})
const Probability = Type.Number({
  minimum: 0,
  maximum: 100,
  description: 'The share of matching requests (or wrapped calls) that get the fault: 0–100 with at most two decimals',
  examples: [10],
})
const Target = Type.String({
  minLength: 1,
  maxLength: MAX_CHAOS_TARGET_LENGTH,
  description:
    '`[METHOD ]/path`: an exact path (a trailing slash and the query are ignored), `*` for one segment or part of one, `**` for any number of segments (`/api/v1/wallet/**` is a prefix). The method is optional and case-insensitive; `*` means any. Null or absent: every route.',
  examples: ['POST /api/v1/payments/**'],
})
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Slow wallet API'] })
const { latencyMs, jitterMs, statusCode, timeoutMs, message, code } = CHAOS_CONFIG_LIMITS

export const ChaosConfig = Type.Object(
  {
    kinds: Type.Optional(
      Type.Array(StringEnum(CHAOS_FAILURE_KINDS), {
        minItems: 1,
        description: `random_failure: the faults to draw from, each at most once (default ${CHAOS_CONFIG_DEFAULTS.randomKinds.join(', ')})`,
      }),
    ),
    latencyMs: Type.Optional(
      Type.Integer({ ...latencyMs, description: `latency (required), random_failure with latency (default ${CHAOS_CONFIG_DEFAULTS.randomLatencyMs}): the delay in ms` }),
    ),
    jitterMs: Type.Optional(Type.Integer({ ...jitterMs, description: 'latency: up to this many ms more, uniformly (default 0)' })),
    statusCode: Type.Optional(Type.Integer({ ...statusCode, description: `error: the status to answer (default ${CHAOS_CONFIG_DEFAULTS.statusCode})` })),
    message: Type.Optional(Type.String({ ...message, description: 'error: the response message (default "Injected error (Sluice chaos)"); database_failure, redis_failure: the error message (default: the real driver\'s text for the code)' })),
    timeoutMs: Type.Optional(
      Type.Integer({ ...timeoutMs, description: `timeout: how long to hold the request before answering 504 (default ${CHAOS_CONFIG_DEFAULTS.timeoutMs})` }),
    ),
    code: Type.Optional(
      Type.String({ ...code, description: `database_failure, redis_failure: the thrown error's \`code\` (default ${CHAOS_CONFIG_DEFAULTS.code})`, examples: ['ECONNRESET'] }),
    ),
  },
  {
    $id: 'ChaosConfig',
    title: 'ChaosConfig',
    description:
      "Per type; a field the rule's type does not use is rejected. Stored and returned with every default filled in, so SDKs never guess.",
  },
)

export const ChaosStopOn = Type.Object(
  { flagKey: FlagKey },
  { $id: 'ChaosStopOn', title: 'ChaosStopOn', additionalProperties: false, description: "Halt the rule when this flag's canary is rolled back automatically" },
)

export const ChaosRule = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    environment: EnvironmentKey,
    name: Type.String(),
    type: ChaosType,
    enabled: Type.Boolean(),
    probability: Probability,
    target: nullable(Target),
    config: ref(ChaosConfig),
    expiresAt: nullable(Timestamp),
    stopOn: nullable(ref(ChaosStopOn)),
    disabledReason: nullable(
      Type.String({ description: 'Why the service disabled the rule: a halt, its expiry, a canary rollback, or an environment that forbids chaos' }),
    ),
    version: Type.Integer({ minimum: 1, description: 'Bumped by every change; send it back in If-Match to update safely' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    injected: Type.Optional(Type.Integer({ minimum: 0, description: 'Faults SDKs reported injecting under this rule (on reads)' })),
  },
  {
    $id: 'ChaosRule',
    title: 'ChaosRule',
    examples: [
      {
        id: '9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        environment: 'staging',
        name: 'Slow wallet API',
        type: 'latency',
        enabled: true,
        probability: 10,
        target: 'GET /api/v1/wallet/**',
        config: { latencyMs: 500, jitterMs: 100 },
        expiresAt: '2026-11-25T18:00:00.000Z',
        stopOn: { flagKey: 'new_payment_flow' },
        disabledReason: null,
        version: 2,
        createdAt: '2026-11-25T15:00:00.000Z',
        updatedAt: '2026-11-25T15:10:00.000Z',
        injected: 312,
      },
    ],
  },
)

export const ChaosHaltResult = Type.Object(
  {
    halted: Type.Integer({ minimum: 0, description: 'How many enabled rules were disabled' }),
    rules: Type.Array(ref(ChaosRule), { description: 'The rules this halt disabled' }),
  },
  { $id: 'ChaosHaltResult', title: 'ChaosHaltResult', examples: [{ halted: 0, rules: [] }] },
)

export const chaosSchemas = [ChaosConfig, ChaosStopOn, ChaosRule, ChaosHaltResult]

const ExpiresAt = Type.String({ format: 'date-time', description: 'When the rule switches itself off; must be in the future' })

export const CreateChaosRuleBody = Type.Object(
  {
    name: Name,
    type: ChaosType,
    enabled: Type.Boolean({ default: false }),
    probability: Probability,
    target: Type.Optional(nullable(Target)),
    config: Type.Optional(nullable(ref(ChaosConfig))),
    expiresAt: Type.Optional(nullable(ExpiresAt)),
    stopOn: Type.Optional(nullable(ref(ChaosStopOn))),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Slow wallet API',
        type: 'latency',
        enabled: true,
        probability: 10,
        target: 'GET /api/v1/wallet/**',
        config: { latencyMs: 500, jitterMs: 100 },
        expiresAt: '2030-01-01T00:00:00Z',
        stopOn: { flagKey: 'new_payment_flow' },
      },
    ],
  },
)
export type CreateChaosRuleInput = Static<typeof CreateChaosRuleBody>

export const UpdateChaosRuleBody = Type.Object(
  {
    name: Type.Optional(Name),
    type: Type.Optional(ChaosType),
    enabled: Type.Optional(Type.Boolean()),
    probability: Type.Optional(Probability),
    target: Type.Optional(nullable(Target)),
    config: Type.Optional(nullable(ref(ChaosConfig))),
    expiresAt: Type.Optional(nullable(ExpiresAt)),
    stopOn: Type.Optional(nullable(ref(ChaosStopOn))),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      "Only the fields to change; null clears an optional field. `config` replaces the whole config (null: the type's defaults); changing the type without a config starts from the new type's defaults.",
    examples: [{ enabled: true, probability: 25 }],
  },
)
export type UpdateChaosRuleInput = Static<typeof UpdateChaosRuleBody>

const HaltBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Recorded on each rule and in the audit log', examples: ['checkout incident'] })) },
  { additionalProperties: false, examples: [{ reason: 'checkout incident' }] },
)

const IdParams = pathParams({ id: Type.String({ format: 'uuid', maxLength: 36, examples: ['9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d'] }) })
const tags = ['chaos']
const FORBIDDEN_NOTE =
  'Answers 403 `SLUICE_CHAOS_FORBIDDEN` unless the service runs with CHAOS_TESTING_ENABLED=true and NODE_ENV other than production, and never in an environment marked production (the message names it).'

export const listChaosRulesRoute = {
  operationId: 'listChaosRules',
  summary: 'List chaos rules',
  tags,
  querystring: EnvironmentQuery,
  response: { 200: Type.Array(ref(ChaosRule), { description: "The environment's rules, with the faults SDKs reported under them" }), ...errors(...AUTH_ERRORS, 404) },
}

export const createChaosRuleRoute = {
  operationId: 'createChaosRule',
  summary: 'Create a chaos rule',
  description: `${FORBIDDEN_NOTE} Rules are disabled unless \`enabled\` is true.`,
  tags,
  querystring: EnvironmentQuery,
  body: CreateChaosRuleBody,
  response: { 201: withHeaders(described(ref(ChaosRule), 'Created, at version 1'), { ...ETAG_HEADER, ...LOCATION_HEADER }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const getChaosRuleRoute = {
  operationId: 'getChaosRule',
  summary: 'Get a chaos rule',
  description: 'The ETag is the version; If-None-Match with it answers 304.',
  tags,
  params: IdParams,
  querystring: EnvironmentQuery,
  headers: ConditionalHeaders,
  response: { 200: withHeaders(described(ref(ChaosRule), 'The rule as it is now'), ETAG_HEADER), 304: NotModified, ...errors(400, ...AUTH_ERRORS, 404) },
}

export const updateChaosRuleRoute = {
  operationId: 'updateChaosRule',
  summary: 'Update a chaos rule',
  description: `A change that leaves the rule enabled (enabling it, or editing an enabled rule) needs chaos to be allowed: ${FORBIDDEN_NOTE} Disabling always works. Send \`If-Match: <version>\` so a concurrent change is a 412 instead of a silent overwrite.`,
  tags,
  params: IdParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  body: UpdateChaosRuleBody,
  response: { 200: withHeaders(described(ref(ChaosRule), 'Updated: the new version'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 412) },
}

const MergedObject = (description: string) => Type.Optional(nullable(Type.Object({}, { additionalProperties: true, description })))

export const MergePatchChaosRuleBody = Type.Object(
  {
    ...UpdateChaosRuleBody.properties,
    config: MergedObject("Merged into the current config: a field set to null returns to its default. With a new type, merged into the new type's defaults."),
    stopOn: MergedObject('Merged into the current stopOn'),
  },
  {
    additionalProperties: false,
    description: 'A JSON Merge Patch (RFC 7396) of the rule: the fields to change; null removes an optional field; objects merge field by field.',
    examples: [{ probability: 25, config: { latencyMs: 500 } }],
  },
)

export const patchChaosRuleRoute = {
  operationId: 'patchChaosRule',
  summary: 'Change a chaos rule with a JSON Merge Patch',
  description: `Content-Type \`application/merge-patch+json\`. Validated, versioned and audited as the PUT with the merged fields, so a change that leaves the rule enabled needs chaos to be allowed. Send \`If-Match: <version>\` so a concurrent change is a 412 instead of a silent overwrite.`,
  tags,
  params: IdParams,
  querystring: EnvironmentQuery,
  headers: IfMatchHeaders,
  consumes: [MERGE_PATCH],
  body: MergePatchChaosRuleBody,
  response: { 200: withHeaders(described(ref(ChaosRule), 'Updated: the new version'), ETAG_HEADER), ...errors(400, ...AUTH_ERRORS, 404, 412, 415) },
}

export const deleteChaosRuleRoute = {
  operationId: 'deleteChaosRule',
  summary: 'Delete a chaos rule',
  description: 'SDKs drop the rule at once (`chaos.deleted` on the stream); the audit log keeps what it was.',
  tags,
  params: IdParams,
  querystring: EnvironmentQuery,
  response: { 204: described(NoContent, 'Deleted'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const haltChaosRoute = {
  operationId: 'haltChaosRules',
  summary: 'Halt all chaos now',
  description:
    'Disables every enabled rule in one transaction; each SDK receives one `chaos.upserted` per rule. Operators may call it, and it works whatever the environment allows. The body is optional.',
  tags,
  body: HaltBody,
  response: { 200: described(ref(ChaosHaltResult), 'Halted: the rules that were enabled, now disabled'), ...errors(400, ...AUTH_ERRORS) },
}
