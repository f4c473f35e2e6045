import { Type } from '@sinclair/typebox'
import { Reason } from '../canaries/canary-schemas.js'
import { RollbackPhasesSchema } from '../audit/rollback-phase-schemas.js'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { FLAG_KEY_PATTERN, FlagKey } from '../flags/flag-schemas.js'
import { AUTH_ERRORS, errors, Limit, ref, StringEnum, Timestamp, MAX_INT32, described } from '../schemas/common.js'

const ROLLBACK_TYPES = ['feature_flag', 'canary', 'flag_version', 'deployment', 'database_migration'] as const

export const RollbackSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: StringEnum(ROLLBACK_TYPES),
    environment: EnvironmentKey,
    targetKey: Type.String({ description: 'The flag key; for deployment and database_migration rollbacks, the service' }),
    reason: Type.String(),
    actor: Type.String({ description: 'The token name, or `system` for automatic rollbacks' }),
    automatic: Type.Boolean(),
    previousState: Type.Unknown(),
    newState: Type.Unknown(),
    createdAt: Timestamp,
    durationMs: Type.Number({ description: 'From the request (or the detection) to the rollback being written' }),
    phases: Type.Optional(ref(RollbackPhasesSchema)),
  },
  {
    $id: 'Rollback',
    title: 'Rollback',
    examples: [
      {
        id: '5f0c1d2e-8a7b-4c3d-9e6f-1a2b3c4d5e6f',
        type: 'canary',
        environment: 'production',
        targetKey: 'new_payment_flow',
        reason: 'Error rate 7% on v2 against 0.6% on v1',
        actor: 'oncall-cli',
        automatic: false,
        previousState: { canary: { status: 'running', percentage: 25 }, flag: { key: 'new_payment_flow', percentage: 25, version: 6 } },
        newState: { canary: { status: 'rolled_back', percentage: 0 }, flag: { key: 'new_payment_flow', percentage: 0, version: 7 } },
        createdAt: '2026-11-25T14:42:10.000Z',
        durationMs: 4.2,
      },
    ],
  },
)

export const rollbackSchemas = [RollbackPhasesSchema, RollbackSchema]
const tags = ['rollbacks']

export const listRollbacksRoute = {
  operationId: 'listRollbacks',
  summary: 'List rollbacks, newest first',
  tags,
  querystring: Type.Object({
    ...EnvironmentQuery.properties,
    type: Type.Optional(StringEnum(ROLLBACK_TYPES)),
    targetKey: Type.Optional(Type.String({ pattern: FLAG_KEY_PATTERN, maxLength: 128, description: 'A flag key, or a service for deployment rollbacks', examples: ['new_payment_flow'] })),
    limit: Limit(100, 1000),
  }),
  response: { 200: Type.Array(ref(RollbackSchema), { description: 'Rollbacks, newest first' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const rollbackFlagRoute = {
  operationId: 'rollbackFeatureFlag',
  summary: 'Disable a flag now',
  description: 'The flag is disabled everywhere within milliseconds; an active canary on it ends as rolled back.',
  tags,
  querystring: EnvironmentQuery,
  body: Type.Object({ featureKey: FlagKey, reason: Reason }, { additionalProperties: false, examples: [{ featureKey: 'new_payment_flow', reason: 'Checkout errors after the 14:30 deploy' }] }),
  response: { 201: described(ref(RollbackSchema), 'Done: the flag is disabled'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackCanaryRoute = {
  operationId: 'rollbackCanary',
  summary: "Drop a flag's canary to 0% now",
  tags,
  querystring: EnvironmentQuery,
  body: Type.Object({ featureKey: FlagKey, reason: Reason }, { additionalProperties: false, examples: [{ featureKey: 'new_payment_flow', reason: 'Error rate 7% on v2 against 0.6% on v1' }] }),
  response: { 201: described(ref(RollbackSchema), 'Done: the canary is at 0% and rolled back'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackFlagVersionRoute = {
  operationId: 'rollbackFlagVersion',
  summary: 'Revert a flag to an earlier version',
  description: 'The flag gets the rules it had at that version, as a new version.',
  tags,
  querystring: EnvironmentQuery,
  body: Type.Object(
    { featureKey: FlagKey, version: Type.Integer({ minimum: 1, maximum: MAX_INT32 }), reason: Reason },
    { additionalProperties: false, examples: [{ featureKey: 'new_payment_flow', version: 3, reason: 'Version 4 targeted the wrong users' }] },
  ),
  response: { 201: described(ref(RollbackSchema), 'Done: the flag has the old rules, as a new version'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}
