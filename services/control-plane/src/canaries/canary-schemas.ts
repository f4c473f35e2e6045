import { CANARY_STATUSES } from '@sluice/core'
import { Type, type Static } from '@sinclair/typebox'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { FlagKey } from '../flags/flag-schemas.js'
import { RULE_ID_PATTERN } from '../rules/rule-schemas.js'
import { pathParams } from '../http/path-params.js'
import { AUTH_ERRORS, errors, ref, StringEnum, Timestamp, described } from '../schemas/common.js'

const TWO_DECIMALS = 'with at most two decimals (0.01% steps)'
const Percentage = (description: string) => Type.Number({ minimum: 0, maximum: 100, description: `${description}, ${TWO_DECIMALS}` })

const LatencyGuardSchema = Type.Object(
  {
    maxIncreasePercent: Type.Number({ minimum: 1, maximum: 1000, description: 'How much slower (p95, percent) the canary may be than baseline', examples: [50] }),
    minIncreaseMs: Type.Number({ minimum: 0, maximum: 60_000, description: 'Differences below this many ms never count', examples: [20] }),
  },
  { additionalProperties: false },
)

const AnalysisSchema = Type.Object(
  {
    alpha: Type.Number({ description: 'Bound on false alarms of the canary-vs-baseline sequential test' }),
    minSamplePerSide: Type.Integer({ description: 'Requests each side needs before comparisons count' }),
    latencyGuard: Type.Union([LatencyGuardSchema, Type.Null()]),
    holdSeconds: Type.Integer({ description: 'Minimum time at each automatic step before promotion' }),
  },
  { additionalProperties: false },
)

export const CANARY_EXAMPLE = {
  id: '0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70',
  environment: 'production',
  featureKey: 'new_payment_flow',
  version: 'v2',
  status: 'running',
  percentage: 10,
  initialPercentage: 5,
  rollbackThreshold: 5,
  minSampleSize: 100,
  steps: [5, 10, 25, 50, 100],
  currentStep: 1,
  analysis: { alpha: 0.01, minSamplePerSide: 50, latencyGuard: { maxIncreasePercent: 50, minIncreaseMs: 20 }, holdSeconds: 300 },
  webhookUrl: null,
  startedAt: '2026-11-25T14:00:00.000Z',
  stepStartedAt: '2026-11-25T14:05:00.000Z',
  updatedAt: '2026-11-25T14:05:00.000Z',
  endedAt: null,
}

const SideMetrics = Type.Object(
  {
    requests: Type.Integer(),
    errors: Type.Integer(),
    errorRate: Type.Number({ description: 'Percent' }),
    avgLatencyMs: Type.Union([Type.Number(), Type.Null()]),
    p95LatencyMs: Type.Union([Type.Number(), Type.Null()]),
    p99LatencyMs: Type.Union([Type.Number(), Type.Null()]),
  },
  { $id: 'CanarySideMetrics', title: 'CanarySideMetrics' },
)

export const CanarySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    environment: EnvironmentKey,
    featureKey: FlagKey,
    version: Type.String({ description: 'The release under test (a build, tag or commit)' }),
    status: StringEnum(CANARY_STATUSES),
    percentage: Type.Number(),
    initialPercentage: Type.Number(),
    rollbackThreshold: Type.Number({ description: 'Percent: the error rate that rolls the canary back once it has minSampleSize requests' }),
    minSampleSize: Type.Integer(),
    steps: Type.Array(Type.Number(), { description: 'Automatic ramp; empty when the canary is ramped by hand' }),
    currentStep: Type.Union([Type.Integer(), Type.Null()], { description: 'Index into steps, or null without steps' }),
    analysis: AnalysisSchema,
    webhookUrl: Type.Union([Type.String(), Type.Null()]),
    ruleId: Type.Optional(Type.String({ description: 'The rule of a `rules` flag whose rollout this canary drives' })),
    startedAt: Timestamp,
    stepStartedAt: Timestamp,
    updatedAt: Timestamp,
    endedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'CanaryDeployment', title: 'CanaryDeployment', examples: [CANARY_EXAMPLE] },
)
export type CanaryView = Static<typeof CanarySchema>

export const CanaryDetailSchema = Type.Object(
  {
    ...CanarySchema.properties,
    metrics: Type.Object({ canary: ref(SideMetrics), baseline: ref(SideMetrics) }),
    verdict: Type.Object(
      {
        verdict: StringEnum(['rollback', 'healthy', 'insufficient_data'] as const),
        rule: Type.Optional(StringEnum(['error_threshold', 'sequential_error', 'recent_error', 'latency'] as const)),
        baseline: StringEnum(['reported', 'missing'] as const, {
          description:
            'missing: no baseline outcome was ever reported (e.g. only the Fastify plugin reports, and it counts the canary side), so the comparisons with baseline cannot run and only error_threshold can roll the canary back',
        }),
        awaitingTraffic: Type.Optional(
          Type.Boolean({
            description:
              'true while the current step (after a promotion or a manual increase) has too few requests of its own for the next automatic promotion; the verdict still judges everything the canary reported',
          }),
        ),
        message: Type.String(),
      },
      { description: 'What the analysis would decide on the current numbers' },
    ),
  },
  {
    $id: 'CanaryDeploymentDetail',
    title: 'CanaryDeploymentDetail',
    examples: [
      {
        ...CANARY_EXAMPLE,
        metrics: {
          canary: { requests: 1240, errors: 9, errorRate: 0.73, avgLatencyMs: 118.4, p95LatencyMs: 250, p99LatencyMs: 480 },
          baseline: { requests: 11020, errors: 71, errorRate: 0.64, avgLatencyMs: 109.9, p95LatencyMs: 240, p99LatencyMs: 450 },
        },
        verdict: { verdict: 'healthy', baseline: 'reported', message: 'healthy: canary 0.73% errors (9/1240), baseline 0.64% (71/11020)' },
      },
    ],
  },
)

export const CanaryEventSchema = Type.Object(
  {
    id: Type.Integer(),
    at: Timestamp,
    kind: Type.String({ examples: ['started', 'promoted', 'rolled_back', 'completed', 'paused', 'resumed', 'increased'] }),
    actor: Type.String(),
    message: Type.String({ description: 'Why, with the numbers of both sides for automatic decisions' }),
    detail: Type.Unknown(),
  },
  {
    $id: 'CanaryEvent',
    title: 'CanaryEvent',
    examples: [
      {
        id: 57,
        at: '2026-11-25T14:35:00.000Z',
        kind: 'promoted',
        actor: 'system',
        message: 'healthy at 10% for 300 s: canary 0.4% errors (2/480) against baseline 0.5% (22/4,320); promoted to 25%',
        detail: { from: 10, to: 25 },
      },
    ],
  },
)

export const canarySchemas = [SideMetrics, CanarySchema, CanaryDetailSchema, CanaryEventSchema]

const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why; kept with the rollback record', examples: ['High error rate detected'] })

export const StartCanaryBody = Type.Object(
  {
    featureKey: FlagKey,
    version: Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', examples: ['v2'] }),
    initialPercentage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: `Default 5, or the first step; ${TWO_DECIMALS}` })),
    rollbackThreshold: Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 5, description: `Percent, ${TWO_DECIMALS}` }),
    minSampleSize: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 100 }),
    steps: Type.Optional(
      Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: `Percent, ${TWO_DECIMALS}` }), {
        minItems: 1,
        maxItems: 20,
        description: 'Increasing percentages ending at 100, e.g. [5, 10, 25, 50, 100]; the scheduler promotes after each hold when the analysis passes',
      }),
    ),
    holdSeconds: Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600, default: 300, description: 'Minimum time at each step' }),
    alpha: Type.Number({ minimum: 0.0001, maximum: 0.2, default: 0.01 }),
    minSamplePerSide: Type.Integer({ minimum: 10, maximum: 1_000_000, default: 50 }),
    latencyGuard: Type.Optional(Type.Union([LatencyGuardSchema, Type.Null()], { description: 'Default { maxIncreasePercent: 50, minIncreaseMs: 20 }; null turns it off' })),
    ruleId: Type.Optional(
      Type.String({
        pattern: RULE_ID_PATTERN,
        description: 'For a `rules` flag (required there): the rule whose rollout the canary drives, so "5% of pro users in the EU" is one canary. Increase, rollback and complete change that rule\'s rollout.',
        examples: ['pro-eu'],
      }),
    ),
    webhookUrl: Type.Optional(
      Type.String({
        format: 'uri',
        // The scheme is case-insensitive (RFC 3986 §3.1); JSON Schema patterns take no flags.
        pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
        maxLength: 2000,
        description: 'An http:// or https:// URL (the scheme in any case) told about rollback and completion (HMAC-signed); overrides the global webhook',
      }),
    ),
  },
  {
    additionalProperties: false,
    // Names every defaulted field: the document lists them as required, though validation fills them in.
    examples: [{ featureKey: 'new_payment_flow', version: 'v2', rollbackThreshold: 5, minSampleSize: 100, steps: [5, 10, 25, 50, 100], holdSeconds: 300, alpha: 0.01, minSamplePerSide: 50 }],
  },
)
export type StartCanaryInput = Static<typeof StartCanaryBody>

const KeyParams = pathParams({ key: FlagKey })
const tags = ['canary-deployments']

export const listCanariesRoute = {
  operationId: 'listCanaryDeployments',
  summary: 'List canary deployments',
  tags,
  querystring: Type.Object({ ...EnvironmentQuery.properties, status: StringEnum<'active' | 'all'>(['active', 'all'], { default: 'active' }) }),
  response: { 200: Type.Array(ref(CanarySchema), { description: 'Active canaries, oldest first; with status=all the latest 1,000 of any status, newest first' }), ...errors(400, ...AUTH_ERRORS) },
}

export const startCanaryRoute = {
  operationId: 'startCanaryDeployment',
  summary: 'Start a canary deployment',
  description:
    'Sets the percentage flag to the initial percentage (and enables it) in the same transaction. For a `rules` flag, `ruleId` names the rule whose rollout the canary drives; 400 when the flag has no such rule or is not a rules flag.',
  tags,
  querystring: EnvironmentQuery,
  body: StartCanaryBody,
  response: { 201: described(ref(CanarySchema), 'Started: the flag is at the initial percentage'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const getCanaryRoute = {
  operationId: 'getCanaryDeployment',
  summary: 'A canary with live metrics',
  description: "The flag's active canary, or its most recent one, with both sides' metrics and the current verdict.",
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(CanaryDetailSchema), 'The canary, both sides and the verdict'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const canaryHistoryRoute = {
  operationId: 'getCanaryDeploymentHistory',
  summary: 'Every step and decision of a canary',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: Type.Array(ref(CanaryEventSchema), { description: 'Events, oldest first' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const increaseCanaryRoute = {
  operationId: 'increaseCanaryDeployment',
  summary: 'Raise the canary percentage',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  body: Type.Object({ percentage: Percentage('Above the current percentage, at most 100') }, { additionalProperties: false, examples: [{ percentage: 25 }] }),
  response: { 200: described(ref(CanarySchema), 'Raised'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackCanaryRoute = {
  operationId: 'rollbackCanaryDeployment',
  summary: 'Roll the canary back to 0%',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  body: Type.Object({ reason: Reason }, { additionalProperties: false, examples: [{ reason: 'Error rate 7% on v2 against 0.6% on v1' }] }),
  response: { 200: described(ref(CanarySchema), 'Rolled back: the flag is at 0%'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const completeCanaryRoute = {
  operationId: 'completeCanaryDeployment',
  summary: 'Complete the canary at 100%',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(CanarySchema), 'Completed: the flag is at 100%'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const pauseCanaryRoute = {
  operationId: 'pauseCanaryDeployment',
  summary: 'Pause automatic promotion',
  description: 'Automatic rollback stays armed while paused.',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(CanarySchema), 'Paused'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const resumeCanaryRoute = {
  operationId: 'resumeCanaryDeployment',
  summary: 'Resume automatic promotion',
  tags,
  params: KeyParams,
  querystring: EnvironmentQuery,
  response: { 200: described(ref(CanarySchema), 'Running again; the hold restarts'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export { Reason }
