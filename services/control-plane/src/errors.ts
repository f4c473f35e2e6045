/**
 * Errors the service raises on purpose. Each has a stable `code` clients can match on and the
 * HTTP status it maps to; the error handler turns them into Fastify's
 * `{ statusCode, error, message }` shape. Anything else that escapes a route is a bug and
 * answers 500 without leaking its message.
 */
export class SluiceError extends Error {
  constructor(
    readonly code: string,
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
  constructor(message: string, code = 'SLUICE_BAD_REQUEST') {
    super(code, 400, message)
  }
}

export class UnauthorizedError extends SluiceError {
  constructor(message: string) {
    super('SLUICE_UNAUTHORIZED', 401, message, { 'www-authenticate': 'Bearer realm="sluice"' })
  }
}

export class ForbiddenError extends SluiceError {
  constructor(message: string, code = 'SLUICE_FORBIDDEN') {
    super(code, 403, message)
  }
}

export class NotFoundError extends SluiceError {
  constructor(message: string, code = 'SLUICE_NOT_FOUND') {
    super(code, 404, message)
  }
}

export class ConflictError extends SluiceError {
  constructor(message: string, code = 'SLUICE_CONFLICT') {
    super(code, 409, message)
  }
}

/** RFC 9110 §13.1.1: the entity is no longer at the version the client's If-Match names. */
export class PreconditionFailedError extends SluiceError {
  constructor(message: string, code = 'SLUICE_VERSION_CONFLICT') {
    super(code, 412, message)
  }
}

export class ServiceUnavailableError extends SluiceError {
  constructor(message: string, code = 'SLUICE_UNAVAILABLE') {
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
