import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, errors, NoContent, ref, StringEnum, Timestamp, described } from '../schemas/common.js'
import { pathParams } from '../http/path-params.js'
import { ROLES } from './roles.js'
import { environmentKey } from '../schemas/environment-key.js'

export const Role = StringEnum(ROLES, {
  description: 'admin: everything; operator: read, rollbacks, canary rollback/complete, chaos halt; viewer: read; sdk: stream, state, outcomes, check, OFREP; client: OFREP evaluation, the client stream and outcomes only (safe to ship in a web page); deployer: report the outcome of a deployment rollback (POST /admin/deployments/{id}/status), nothing else',
})

const TOKEN_EXAMPLE = {
  id: '5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93',
  name: 'checkout-service',
  role: 'sdk',
  environment: 'production',
  environments: null,
  source: 'api',
  createdBy: 'admin (ADMIN_TOKEN)',
  createdAt: '2026-11-20T09:00:00.000Z',
  revokedAt: null,
}

export const ApiToken = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    role: Role,
    environment: Type.Union([environmentKey('The one environment an sdk or client token sees'), Type.Null()], {
      description: 'The one environment an sdk or client token sees; null for the other roles',
    }),
    environments: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description: 'The environments an admin/operator/viewer token may touch; null = every environment',
    }),
    source: StringEnum(['api', 'env', 'generated'] as const, {
      description: 'api: created through this API; env: seeded from ADMIN_TOKEN; generated: created at first start',
    }),
    createdBy: Type.String(),
    createdAt: Timestamp,
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  {
    $id: 'ApiToken',
    title: 'ApiToken',
    description: 'An API token; the secret itself is never returned after creation',
    examples: [TOKEN_EXAMPLE],
  },
)

export const CreatedApiToken = Type.Object(
  {
    ...ApiToken.properties,
    token: Type.String({ description: 'The bearer token. Shown this once; store it now.' }),
  },
  { $id: 'CreatedApiToken', title: 'CreatedApiToken', examples: [{ ...TOKEN_EXAMPLE, token: 'sluice_sdk_Qm9vZ2xlIGRvZXMgbm90IGtub3cgdGhpcyB0b2tlbg' }] },
)

const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', examples: ['checkout-service'] }),
    role: Role,
    environment: Type.Optional(environmentKey("sdk and client tokens only: the one environment the token sees; absent = the server's DEFAULT_ENVIRONMENT")),
    environments: Type.Optional(
      Type.Array(environmentKey(), {
        minItems: 1,
        maxItems: 100,
        description: 'admin/operator/viewer tokens only: the environments the token may touch; absent = every environment',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      { name: 'checkout-service', role: 'sdk', environment: 'staging' },
      { name: 'storefront-web', role: 'client', environment: 'production' },
      { name: 'prod-oncall', role: 'operator', environments: ['production'] },
    ],
  },
)

const TokenParams = pathParams({ id: Type.String({ format: 'uuid', maxLength: 36, examples: ['5f0c2a4e-8d1b-4c3f-9a7e-2b6d8e1f0a93'] }) })

export const WhoAmI = Type.Object(
  {
    name: Type.String(),
    role: Role,
    environment: ApiToken.properties.environment,
    environments: ApiToken.properties.environments,
    defaultEnvironment: environmentKey("The server's DEFAULT_ENVIRONMENT: what a route without `?environment=` addresses"),
  },
  {
    $id: 'WhoAmI',
    title: 'WhoAmI',
    description: 'The token that made the request, with the environments it may touch',
    examples: [
      { name: 'admin (ADMIN_TOKEN)', role: 'admin', environment: null, environments: null, defaultEnvironment: 'production' },
      { name: 'staging-oncall', role: 'operator', environment: null, environments: ['development', 'staging'], defaultEnvironment: 'production' },
    ],
  },
)

export const tokenSchemas = [ApiToken, CreatedApiToken, WhoAmI]

export const whoAmIRoute = {
  operationId: 'whoAmI',
  summary: 'The calling token',
  description: 'The name, role and environment scope of the bearer token, so a client (the console) shows only what the token allows.',
  tags: ['tokens'],
  response: { 200: ref(WhoAmI), ...errors(...AUTH_ERRORS) },
}

export const createTokenRoute = {
  operationId: 'createApiToken',
  summary: 'Create an API token',
  description:
    "Creates a token with a role and returns it once. Only its hash is stored. An sdk or client token is bound to one environment (`environment`, default DEFAULT_ENVIRONMENT); an admin/operator/viewer token may be limited to `environments` (absent = every environment) and then gets 403 SLUICE_ENVIRONMENT_FORBIDDEN naming any other environment it addresses. A token is never wider than the token creating it.",
  tags: ['tokens'],
  body: CreateTokenBody,
  response: { 201: described(ref(CreatedApiToken), 'Created; `token` is shown this once'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const listTokensRoute = {
  operationId: 'listApiTokens',
  summary: 'List API tokens',
  tags: ['tokens'],
  querystring: Type.Object({
    includeRevoked: Type.Boolean({ default: false, description: 'Include revoked tokens' }),
  }),
  response: { 200: Type.Array(ref(ApiToken), { description: 'The tokens, without their secrets' }), ...errors(400, ...AUTH_ERRORS) },
}

export const revokeTokenRoute = {
  operationId: 'revokeApiToken',
  summary: 'Revoke an API token',
  description: 'The token stops working at once on every replica. The last active admin token cannot be revoked.',
  tags: ['tokens'],
  params: TokenParams,
  response: { 204: described(NoContent, 'Revoked: the token stops working at once'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}
