import { STATUS_CODES } from 'node:http'
import type { components } from './schema.js'

/** The service's error body: Fastify's shape plus a stable `code`, one of a closed set (docs/api.md). */
export type ErrorCode = components['schemas']['Error']['code']
/** `code` is optional here: a proxy in front of the service answers without one. */
export type ErrorBody = Omit<components['schemas']['Error'], 'code'> & { code?: ErrorCode }

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ErrorBody).statusCode === 'number' &&
  typeof (value as ErrorBody).message === 'string'

/**
 * A non-2xx answer from the control plane, carrying the server's `{ statusCode, error, code,
 * message }` unchanged so callers can match on `code` (`SLUICE_FLAG_NOT_FOUND`) rather than
 * on message text.
 */
export class ApiError extends Error {
  readonly statusCode: number
  readonly error: string
  readonly code: ErrorCode | undefined
  /** The body exactly as the server sent it (an ErrorBody, or text from something in between). */
  readonly body: unknown

  constructor(body: ErrorBody, raw: unknown = body) {
    super(body.message)
    this.name = 'ApiError'
    this.statusCode = body.statusCode
    this.error = body.error
    this.code = body.code
    this.body = raw
  }

  /**
   * From whatever a failed response carried. A proxy or load balancer in front of the service
   * may answer with HTML or nothing; the status still tells the caller what happened.
   */
  static from(response: Response, body: unknown): ApiError {
    if (isErrorBody(body)) return new ApiError(body)
    const error = STATUS_CODES[response.status] ?? 'Error'
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : ''
    return new ApiError({ statusCode: response.status, error, message: text || `${response.status} ${error}` }, body)
  }

  toJSON(): ErrorBody {
    return { statusCode: this.statusCode, error: this.error, ...(this.code ? { code: this.code } : {}), message: this.message }
  }
}

/** What every openapi-fetch call resolves to, as far as unwrap() needs it. */
interface Result<Data> {
  data?: Data
  error?: unknown
  response: Response
}

/**
 * The data of a successful call, or an ApiError for any other answer:
 * `const flag = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}', { params }))`.
 */
export async function unwrap<Data>(call: Promise<Result<Data>> | Result<Data>): Promise<Data> {
  const { data, error, response } = await call
  if (!response.ok) throw ApiError.from(response, error)
  return data as Data
}
