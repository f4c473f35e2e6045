import { Type } from '@sinclair/typebox'
import { Reason } from '../canaries/canary-schemas.js'
import { FlagKey } from '../flags/flag-schemas.js'
import { AUTH_ERRORS, errors, Limit, ref, StringEnum, Timestamp } from '../schemas/common.js'

const ROLLBACK_TYPES = ['feature_flag', 'canary', 'flag_version'] as const

export const RollbackSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: StringEnum(ROLLBACK_TYPES),
    targetKey: Type.String({ description: 'The flag key' }),
    reason: Type.String(),
    actor: Type.String({ description: 'The token name, or `system` for automatic rollbacks' }),
    automatic: Type.Boolean(),
    previousState: Type.Unknown(),
    newState: Type.Unknown(),
    createdAt: Timestamp,
    durationMs: Type.Number({ description: 'From the request (or the detection) to the rollback being written' }),
  },
  { $id: 'Rollback', title: 'Rollback' },
)

export const rollbackSchemas = [RollbackSchema]
const tags = ['rollbacks']

export const listRollbacksRoute = {
  operationId: 'listRollbacks',
  summary: 'List rollbacks, newest first',
  tags,
  querystring: Type.Object({
    type: Type.Optional(StringEnum(ROLLBACK_TYPES)),
    targetKey: Type.Optional(FlagKey),
    limit: Limit(100, 1000),
  }),
  response: { 200: Type.Array(ref(RollbackSchema)), ...errors(400, ...AUTH_ERRORS) },
}

export const rollbackFlagRoute = {
  operationId: 'rollbackFeatureFlag',
  summary: 'Disable a flag now',
  description: 'The flag is disabled everywhere within milliseconds; an active canary on it ends as rolled back.',
  tags,
  body: Type.Object({ featureKey: FlagKey, reason: Reason }, { additionalProperties: false }),
  response: { 201: ref(RollbackSchema), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackCanaryRoute = {
  operationId: 'rollbackCanary',
  summary: "Drop a flag's canary to 0% now",
  tags,
  body: Type.Object({ featureKey: FlagKey, reason: Reason }, { additionalProperties: false }),
  response: { 201: ref(RollbackSchema), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackFlagVersionRoute = {
  operationId: 'rollbackFlagVersion',
  summary: 'Revert a flag to an earlier version',
  description: 'The flag gets the rules it had at that version, as a new version.',
  tags,
  body: Type.Object({ featureKey: FlagKey, version: Type.Integer({ minimum: 1 }), reason: Reason }, { additionalProperties: false }),
  response: { 201: ref(RollbackSchema), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}
