/**
 * Schema pieces every capability uses. Shared object schemas carry an `$id`, are registered
 * once on the root instance (app.ts) and referenced with `ref()`, so the OpenAPI document
 * names them as components instead of repeating them inline.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ERROR_CODES } from '../errors.js'

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer({ examples: [400] }),
    error: Type.String({ description: 'The HTTP reason phrase', examples: ['Bad Request'] }),
    code: StringEnum(ERROR_CODES, { description: 'A stable machine-readable code: switch on it, not on the message' }),
    message: Type.String({ description: 'What was wrong, naming the field or the entity', examples: ['rules[2].constraints[0].value: not a semantic version'] }),
  },
  { $id: 'Error', title: 'Error', description: "Every error, in Fastify's shape." },
)

/** A typed reference to a shared schema: validation and types from the schema, `$ref` in the document. */
export function ref<T extends TSchema>(schema: T) {
  if (!schema.$id) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id))
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed; the message names the field',
  401: 'Missing, unknown or revoked bearer token',
  403: "The token's role may not do this, or the environment forbids it",
  404: 'No such entity',
  409: 'Conflicts with the current state (duplicate key, in use, already active)',
  412: 'If-Match names a version that is no longer current: read the entity again and reapply the change',
  413: 'The body is larger than the limit',
  415: 'The body is not in a media type this route takes (PATCH takes application/merge-patch+json)',
  429: 'Too many requests or open streams for this token',
  503: 'The database is unavailable or did not answer in time; nothing was applied, retry after Retry-After seconds',
}

/** A response schema with the description the document shows for that status. */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description }
}

type HeaderSchemas = Record<string, { type: 'string'; description: string }>

/**
 * A response schema that also names the headers it carries; @fastify/swagger turns `headers`
 * into the response's OpenAPI headers, so generated clients know to read them.
 */
export function withHeaders<T extends TSchema>(schema: T, headers: HeaderSchemas): T {
  return { ...schema, headers }
}

export const ETAG_HEADER: HeaderSchemas = {
  etag: { type: 'string', description: 'The version (for the SDK state, the seq), quoted, e.g. "3"; send it back in If-None-Match, or If-Match on an update' },
}

export const LOCATION_HEADER: HeaderSchemas = {
  location: { type: 'string', description: 'The path of the created entity' },
}

const ERROR_HEADERS: Record<number, HeaderSchemas> = {
  401: { 'www-authenticate': { type: 'string', description: 'Bearer realm="sluice"' } },
  429: { 'retry-after': { type: 'string', description: 'Seconds to wait before trying again' } },
  503: { 'retry-after': { type: 'string', description: 'Seconds to wait before trying again' } },
}

/** What each error looks like, for the document (see ops/openapi-corrections.ts). */
export const ERROR_EXAMPLES: Record<number, Static<typeof ErrorResponse>> = {
  400: { statusCode: 400, error: 'Bad Request', code: 'SLUICE_VALIDATION', message: 'percentage: must be ≤ 100' },
  401: { statusCode: 401, error: 'Unauthorized', code: 'SLUICE_UNAUTHORIZED', message: 'missing bearer token' },
  403: { statusCode: 403, error: 'Forbidden', code: 'SLUICE_FORBIDDEN', message: 'role viewer may not do this' },
  404: { statusCode: 404, error: 'Not Found', code: 'SLUICE_FLAG_NOT_FOUND', message: 'no feature flag with key "new_payment_flow"' },
  409: { statusCode: 409, error: 'Conflict', code: 'SLUICE_FLAG_EXISTS', message: 'a feature flag with key "new_payment_flow" already exists' },
  412: { statusCode: 412, error: 'Precondition Failed', code: 'SLUICE_VERSION_CONFLICT', message: 'the flag "new_payment_flow" is at version 5, not 4; read it again and reapply your change' },
  415: { statusCode: 415, error: 'Unsupported Media Type', code: 'SLUICE_UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type text/plain is not supported: send the body as JSON with Content-Type: application/json' },
  413: { statusCode: 413, error: 'Payload Too Large', code: 'SLUICE_BODY_TOO_LARGE', message: 'Request body is too large' },
  429: { statusCode: 429, error: 'Too Many Requests', code: 'SLUICE_TOO_MANY_STREAMS', message: 'this token already has 5000 open streams on this replica; close some or use another token' },
  503: { statusCode: 503, error: 'Service Unavailable', code: 'SLUICE_DATABASE_UNAVAILABLE', message: 'database unavailable: connection refused (ECONNREFUSED)' },
}

/** Error responses for a route, by status code. */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(
    codes.map((code) => {
      const schema = { ...ref(ErrorResponse), description: ERROR_DESCRIPTIONS[code] ?? 'Error' }
      const headers = ERROR_HEADERS[code]
      return [code, headers ? withHeaders(schema, headers) : schema]
    }),
  )
}

/** The errors any authenticated route can answer; checking a token, like the route's work, may need the database. */
export const AUTH_ERRORS = [401, 403, 503] as const

/** A string enum as JSON Schema `enum`: one clear 400 message and one clean OpenAPI entry. */
export function StringEnum<T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })
}

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' })

/** Bounds of the columns ids and versions are stored in: a larger number is a 400, not an overflow in Postgres. */
export const MAX_INT32 = 2_147_483_647
export const MAX_BIGSERIAL = Number.MAX_SAFE_INTEGER

export const Limit = (fallback: number, max: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: fallback, description: `At most this many (default ${fallback}, max ${max})` })

/** For GETs answering 304 when the client already has the current version. */
export const ConditionalHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'The ETag you hold; 304 when it is still current', examples: ['"3"'] })),
})

/** For updates: a stale version is a 412 instead of a silent overwrite. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The version you read, e.g. `3` or `"3"`', examples: ['"4"'] })),
})

export const NoContent = Type.Null({ description: 'No content' })

export const NotModified = withHeaders(Type.Null({ description: 'Not modified' }), ETAG_HEADER)
