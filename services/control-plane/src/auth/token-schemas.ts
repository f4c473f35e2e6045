import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, errors, NoContent, ref, StringEnum, Timestamp } from '../schemas/common.js'
import { ROLES } from './roles.js'

export const Role = StringEnum(ROLES, {
  description: 'admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check',
})

export const ApiToken = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    role: Role,
    source: StringEnum(['api', 'env', 'generated'] as const, {
      description: 'api: created through this API; env: seeded from ADMIN_TOKEN; generated: created at first start',
    }),
    createdBy: Type.String(),
    createdAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ApiToken', title: 'ApiToken', description: 'An API token; the secret itself is never returned after creation' },
)

export const CreatedApiToken = Type.Object(
  {
    ...ApiToken.properties,
    token: Type.String({ description: 'The bearer token. Shown this once; store it now.', examples: ['sluice_sdk_3q2+7w...'] }),
  },
  { $id: 'CreatedApiToken', title: 'CreatedApiToken' },
)

const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['checkout-service'] }),
    role: Role,
  },
  { additionalProperties: false, examples: [{ name: 'checkout-service', role: 'sdk' }] },
)

const TokenParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const tokenSchemas = [ApiToken, CreatedApiToken]

export const createTokenRoute = {
  operationId: 'createApiToken',
  summary: 'Create an API token',
  description: 'Creates a token with a role and returns it once. Only its hash is stored.',
  tags: ['tokens'],
  body: CreateTokenBody,
  response: { 201: ref(CreatedApiToken), ...errors(400, ...AUTH_ERRORS) },
}

export const listTokensRoute = {
  operationId: 'listApiTokens',
  summary: 'List API tokens',
  tags: ['tokens'],
  querystring: Type.Object({
    includeRevoked: Type.Boolean({ default: false, description: 'Include revoked tokens' }),
  }),
  response: { 200: Type.Array(ref(ApiToken)), ...errors(400, ...AUTH_ERRORS) },
}

export const revokeTokenRoute = {
  operationId: 'revokeApiToken',
  summary: 'Revoke an API token',
  description: 'The token stops working at once on every replica. The last active admin token cannot be revoked.',
  tags: ['tokens'],
  params: TokenParams,
  response: { 204: NoContent, ...errors(400, ...AUTH_ERRORS, 404, 409) },
}
