import { Type, type Static } from '@sinclair/typebox'
import { pathParams } from '../http/path-params.js'
import { AUTH_ERRORS, described, errors, LOCATION_HEADER, NoContent, ref, Timestamp, withHeaders } from '../schemas/common.js'
import { environmentKey } from '../schemas/environment-key.js'

export const EnvironmentKey = environmentKey()

/**
 * The `?environment=` every admin route that reads or changes environment state takes;
 * resolve it with `environmentOf(request)` (environment-resolver.ts), never by hand.
 */
export const EnvironmentQuery = Type.Object({
  environment: Type.Optional(environmentKey("The environment to read or change; absent = the server's DEFAULT_ENVIRONMENT (an sdk token's own)")),
})
export type EnvironmentQueryInput = Static<typeof EnvironmentQuery>

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['Staging'] })
const Production = Type.Boolean({ description: 'A production environment refuses chaos rules, whatever the server\'s settings' })
const SortOrder = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Lists show environments by this, then by key' })

export const EnvironmentSchema = Type.Object(
  { key: EnvironmentKey, name: Type.String(), production: Type.Boolean(), sortOrder: Type.Integer(), createdAt: Timestamp },
  {
    $id: 'Environment',
    title: 'Environment',
    examples: [{ key: 'staging', name: 'Staging', production: false, sortOrder: 20, createdAt: '2026-11-20T09:00:00.000Z' }],
  },
)
export type EnvironmentResponse = Static<typeof EnvironmentSchema>

export const CreateEnvironmentBody = Type.Object(
  { key: EnvironmentKey, name: Name, production: Type.Optional(Production), sortOrder: Type.Optional(SortOrder) },
  { additionalProperties: false, examples: [{ key: 'qa', name: 'QA', production: false, sortOrder: 15 }] },
)
export type CreateEnvironmentInput = Static<typeof CreateEnvironmentBody>

export const UpdateEnvironmentBody = Type.Object(
  { name: Type.Optional(Name), production: Type.Optional(Production), sortOrder: Type.Optional(SortOrder) },
  { additionalProperties: false, minProperties: 1, description: 'Only the fields to change', examples: [{ production: true }] },
)
export type UpdateEnvironmentInput = Static<typeof UpdateEnvironmentBody>

export const environmentSchemas = [EnvironmentSchema]

const KeyParams = pathParams({ key: EnvironmentKey })
const tags = ['environments']

export const listEnvironmentsRoute = {
  operationId: 'listEnvironments',
  summary: 'List environments',
  tags,
  response: { 200: Type.Array(ref(EnvironmentSchema), { description: 'The environments, by sort order' }), ...errors(...AUTH_ERRORS) },
}

export const createEnvironmentRoute = {
  operationId: 'createEnvironment',
  summary: 'Create an environment',
  description:
    'Every existing flag appears in the new environment with the default environment\'s configuration, disabled, at version 1.',
  tags,
  body: CreateEnvironmentBody,
  response: { 201: withHeaders(described(ref(EnvironmentSchema), 'Created'), LOCATION_HEADER), ...errors(400, ...AUTH_ERRORS, 409) },
}

export const updateEnvironmentRoute = {
  operationId: 'updateEnvironment',
  summary: 'Update an environment',
  tags,
  params: KeyParams,
  body: UpdateEnvironmentBody,
  response: { 200: described(ref(EnvironmentSchema), 'Updated'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const deleteEnvironmentRoute = {
  operationId: 'deleteEnvironment',
  summary: 'Delete an environment',
  description:
    '409 `SLUICE_ENVIRONMENT_IN_USE` while it holds state: a flag enabled or changed there, a canary, rollback, chaos rule or segment, a token bound to it, or when it is the server\'s DEFAULT_ENVIRONMENT.',
  tags,
  params: KeyParams,
  response: { 204: NoContent, ...errors(400, ...AUTH_ERRORS, 404, 409) },
}
