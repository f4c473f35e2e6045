/**
 * What the stream and the state poller share: the endpoints, the request headers, and how an
 * HTTP answer or a network failure becomes a ConnectionError. The SDK key goes into the
 * Authorization header and nowhere else: no message, URL or log line ever carries it.
 */
import { ConnectionError } from './errors.js'

export const STREAM_PATH = '/api/v1/sdk/stream'
export const STATE_PATH = '/api/v1/sdk/state'

/** `base` without a trailing slash, so a URL with a path prefix keeps it. */
export function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`
}

export function authHeaders(sdkKey: string, accept: string): Record<string, string> {
  return { authorization: `Bearer ${sdkKey}`, accept, 'user-agent': 'sluice-node-sdk' }
}

/** Statuses that another attempt in a few seconds will not fix: they wait for an operator. */
export function needsOperator(error: ConnectionError): boolean {
  return error.statusCode === 401 || error.statusCode === 403 || error.statusCode === 404
}

/** `Retry-After` in delta-seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || value === '') return undefined
  if (/^[0-9]+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export function statusError(
  what: string,
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
): ConnectionError {
  const retryAfter = retryAfterMs(headers['retry-after'])
  const options = retryAfter === undefined ? { statusCode } : { statusCode, retryAfterMs: retryAfter }
  switch (statusCode) {
    case 401:
      return new ConnectionError('SLUICE_UNAUTHORIZED', `${what} answered 401: the SDK key is unknown or revoked`, options)
    case 403:
      return new ConnectionError('SLUICE_FORBIDDEN', `${what} answered 403: the token's role may not read SDK state (use an sdk token)`, options)
    case 429:
      return new ConnectionError('SLUICE_RATE_LIMITED', `${what} answered 429: too many connections for this SDK key`, options)
    default:
      return new ConnectionError('SLUICE_HTTP_ERROR', `${what} answered ${statusCode}`, options)
  }
}

/** A thrown request error as a ConnectionError; an abort keeps its reason when that already is one. */
export function networkError(what: string, error: unknown): ConnectionError {
  if (error instanceof ConnectionError) return error
  const code = (error as { code?: unknown } | null)?.code
  const detail = error instanceof Error ? error.message : String(error)
  return new ConnectionError('SLUICE_NETWORK_ERROR', `${what} failed: ${typeof code === 'string' ? `${code} ` : ''}${detail}`, {
    cause: error,
  })
}
