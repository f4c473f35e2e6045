/**
 * Errors the SDK raises or reports. Each has a stable `code` to match on; connection errors
 * also carry the HTTP status when there was one. None of them ever contains the SDK key.
 */
export class SluiceError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** A bad option passed to `createClient` (or a middleware factory); the message names it. */
export class InvalidOptionError extends TypeError {
  readonly code = 'SLUICE_INVALID_OPTION'

  constructor(message: string) {
    super(message)
    this.name = 'InvalidOptionError'
  }

  /** `<option> must be <expected>, got <what it got>`. */
  static expected(option: string, expected: string, got: unknown): InvalidOptionError {
    return new InvalidOptionError(`${option} must be ${expected}, got ${describe(got)}`)
  }
}

/** `ready()` gave up waiting. The client keeps trying: state may still arrive later. */
export class ReadyTimeoutError extends SluiceError {
  constructor(timeoutMs: number, detail: string) {
    super('SLUICE_READY_TIMEOUT', `Sluice client not ready after ${timeoutMs} ms: ${detail}`)
  }
}

export type ConnectionErrorCode =
  /** 401: the SDK key is unknown or revoked. */
  | 'SLUICE_UNAUTHORIZED'
  /** 403: the key's role may not read SDK state. */
  | 'SLUICE_FORBIDDEN'
  /** 429: too many connections for this key. */
  | 'SLUICE_RATE_LIMITED'
  /** Any other unexpected HTTP status. */
  | 'SLUICE_HTTP_ERROR'
  /** The request never got an answer: refused, reset, DNS, TLS... */
  | 'SLUICE_NETWORK_ERROR'
  /** No byte, not even a ping, within the read timeout. */
  | 'SLUICE_READ_TIMEOUT'
  /** The server ended an open stream. */
  | 'SLUICE_STREAM_ENDED'
  /** A 200 that is not what the contract says (wrong content type, unreadable JSON). */
  | 'SLUICE_BAD_RESPONSE'

/** A stream or state request failed; the client retries on its own. */
export class ConnectionError extends SluiceError {
  declare readonly code: ConnectionErrorCode
  /** The HTTP status, when the server answered. */
  readonly statusCode: number | undefined
  /** From a `Retry-After` header, when the server sent one. */
  readonly retryAfterMs: number | undefined

  constructor(
    code: ConnectionErrorCode,
    message: string,
    options: { statusCode?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause })
    this.statusCode = options.statusCode
    this.retryAfterMs = options.retryAfterMs
  }
}

/** A stream event, snapshot, bootstrap or cache file that does not have the contract's shape. */
export class InvalidStateError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SLUICE_INVALID_STATE', message, options)
  }
}

/** Writing or reading the cache file failed. */
export class CacheFileError extends SluiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SLUICE_CACHE_FILE', message, options)
  }
}

/** `ready()` was pending when the client was closed. */
export class ClientClosedError extends SluiceError {
  constructor() {
    super('SLUICE_CLOSED', 'Sluice client was closed before any state arrived')
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
