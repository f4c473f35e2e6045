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
  'SLUICE_INVALID_SEGMENT',
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
  'SLUICE_SEGMENT_NOT_FOUND',
  'SLUICE_CONFLICT',
  'SLUICE_FLAG_EXISTS',
  'SLUICE_SEGMENT_EXISTS',
  'SLUICE_SEGMENT_IN_USE',
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
  'SLUICE_DATABASE_UNAVAILABLE',
  'SLUICE_AUTH_UNAVAILABLE',
  'SLUICE_REPLICA_BEHIND',
  'SLUICE_WRITE_DEADLINE',
  'SLUICE_WRITE_OUTCOME_UNKNOWN',
  'SLUICE_ENVIRONMENT_EXISTS',
  'SLUICE_ENVIRONMENT_FORBIDDEN',
  'SLUICE_ENVIRONMENT_IN_USE',
  'SLUICE_ENVIRONMENT_NOT_FOUND',
  'SLUICE_TOKEN_SCOPE_INVALID',
  'SLUICE_DEPLOYMENT_NOT_FOUND',
  'SLUICE_DEPLOYER_NOT_FOUND',
  'SLUICE_DEPLOYMENT_ROLLBACK_PENDING',
  'SLUICE_DEPLOYMENT_ROLLED_BACK',
  'SLUICE_NO_PREVIOUS_VERSION',
  'SLUICE_NO_ROLLBACK_PENDING',
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

/** How long a client should wait before retrying a request a dependency could not serve. */
export const RETRY_AFTER_SECONDS = 2

/** A dependency is down or did not answer in time. The request was not applied; retrying is safe. */
export class ServiceUnavailableError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'SLUICE_UNAVAILABLE') {
    super(code, 503, message, { 'retry-after': String(RETRY_AFTER_SECONDS) })
  }
}

/** The message names the database and why, never the URL (it may carry a password). */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  constructor(reason: string) {
    super(`database unavailable: ${reason}`, 'SLUICE_DATABASE_UNAVAILABLE')
  }
}

/**
 * A write whose COMMIT was on its way to the database when WRITE_DEADLINE_MS ran out: it
 * committed before the deadline or not at all, and the service cannot tell which. Not a 503,
 * which promises nothing was applied (load balancers retry those): read before retrying.
 */
export class WriteOutcomeUnknownError extends SluiceError {
  constructor(deadlineMs: number) {
    super(
      'SLUICE_WRITE_OUTCOME_UNKNOWN',
      504,
      `database unavailable: the write's commit was under way at its ${deadlineMs} ms deadline; it was applied before the deadline or not at all, read it before retrying`,
    )
  }
}

/**
 * A write that did not commit within WRITE_DEADLINE_MS. The database refuses its commit from
 * then on (db/write-deadline.ts), so it can never land after a later write.
 */
export class WriteDeadlineError extends ServiceUnavailableError {
  constructor(deadlineMs: number) {
    super(`database unavailable: the write did not finish within its ${deadlineMs} ms deadline, and cannot commit after it`, 'SLUICE_WRITE_DEADLINE')
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
