/**
 * Errors the service raises on purpose. Each has a stable `code` clients can match on and the
 * HTTP status it maps to; the error handler turns them into Fastify's
 * `{ statusCode, error, message }` shape. Anything else that escapes a route is a bug and
 * answers 500 without leaking its message.
 */

/**
 * Every `code` an error response can carry: a closed set, published as an enum in the OpenAPI
 * document, so clients can switch on it. Errors Fastify raises itself are mapped onto it
 * (http/error-handler.ts).
 */
export const ERROR_CODES = [
  'SLUICE_BAD_REQUEST',
  'SLUICE_VALIDATION',
  'SLUICE_OUT_OF_RANGE',
  'SLUICE_INVALID_FLAG',
  'SLUICE_INVALID_CHAOS_RULE',
  'SLUICE_NOT_EARLIER',
  'SLUICE_UNAUTHORIZED',
  'SLUICE_FORBIDDEN',
  'SLUICE_CHAOS_FORBIDDEN',
  'SLUICE_NOT_FOUND',
  'SLUICE_ROUTE_NOT_FOUND',
  'SLUICE_FLAG_NOT_FOUND',
  'SLUICE_FLAG_VERSION_NOT_FOUND',
  'SLUICE_CANARY_NOT_FOUND',
  'SLUICE_CHAOS_RULE_NOT_FOUND',
  'SLUICE_TOKEN_NOT_FOUND',
  'SLUICE_CONFLICT',
  'SLUICE_FLAG_EXISTS',
  'SLUICE_FLAG_ARCHIVED',
  'SLUICE_FLAG_NOT_ARCHIVED',
  'SLUICE_FLAG_NOT_PERCENTAGE',
  'SLUICE_FLAG_UNDER_CANARY',
  'SLUICE_CANARY_ACTIVE',
  'SLUICE_CANARY_NOT_ACTIVE',
  'SLUICE_CANARY_STATE',
  'SLUICE_LAST_ADMIN',
  'SLUICE_VERSION_CONFLICT',
  'SLUICE_BODY_TOO_LARGE',
  'SLUICE_UNSUPPORTED_MEDIA_TYPE',
  'SLUICE_TOO_MANY_STREAMS',
  'SLUICE_TOO_MANY_REQUESTS',
  'SLUICE_INTERNAL',
  'SLUICE_UNAVAILABLE',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export function isErrorCode(code: unknown): code is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code)
}

export class SluiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    message: string,
    /** Response headers that tell the client what to do next (WWW-Authenticate, Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class BadRequestError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_BAD_REQUEST') {
    super(code, 400, message)
  }
}

export class UnauthorizedError extends SluiceError {
  constructor(message: string) {
    super('SLUICE_UNAUTHORIZED', 401, message, { 'www-authenticate': 'Bearer realm="sluice"' })
  }
}

export class ForbiddenError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_FORBIDDEN') {
    super(code, 403, message)
  }
}

export class NotFoundError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_NOT_FOUND') {
    super(code, 404, message)
  }
}

export class ConflictError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_CONFLICT') {
    super(code, 409, message)
  }
}

/** RFC 9110 §13.1.1: the entity is no longer at the version the client's If-Match names. */
export class PreconditionFailedError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_VERSION_CONFLICT') {
    super(code, 412, message)
  }
}

export class ServiceUnavailableError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_UNAVAILABLE') {
    super(code, 503, message)
  }
}

export interface ErrorLike {
  code?: unknown
  message?: unknown
  path?: unknown
  cause?: unknown
}

/**
 * The error and those it wraps through `cause`, outermost first: drivers and drizzle wrap the
 * socket's or the server's error (the one with the code worth reading) in their own.
 */
export function* causeChain(err: unknown, maxDepth = 4): Generator<ErrorLike> {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < maxDepth; e = (e as ErrorLike).cause, depth++) {
    yield e as ErrorLike
  }
}
