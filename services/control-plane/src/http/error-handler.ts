/**
 * One place turns every failure into Fastify's `{ statusCode, error, message }`. Client
 * mistakes keep their 4xx and message; a database that cannot be reached is a 503 with
 * Retry-After (nothing was applied; retry); anything unexpected is a 500 whose details stay
 * in the log, because an internal message can carry SQL or secrets.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { postgresErrorCode } from '../db/database.js'
import { databaseUnavailableReason } from '../db/unavailable.js'
import { DatabaseUnavailableError, isErrorCode, SluiceError, type ErrorCode } from '../errors.js'

/** SQLSTATE 22003: a value beyond its column's type (a bigint counter past 2^63, a double past 1.8e308). */
const NUMERIC_VALUE_OUT_OF_RANGE = '22003'

interface ErrorBody {
  statusCode: number
  error: string
  code: ErrorCode
  message: string
}

/** Fastify's own 4xx codes (FST_ERR_*), mapped onto the closed set the document publishes. */
function codeFor(status: number, code: unknown): ErrorCode {
  if (isErrorCode(code)) return code
  if (status === 413) return 'SLUICE_BODY_TOO_LARGE'
  if (status === 415) return 'SLUICE_UNSUPPORTED_MEDIA_TYPE'
  if (status === 429) return 'SLUICE_TOO_MANY_REQUESTS'
  if (status === 503) return 'SLUICE_UNAVAILABLE'
  return status >= 500 ? 'SLUICE_INTERNAL' : 'SLUICE_BAD_REQUEST'
}

function body(statusCode: number, message: string, code: unknown): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code: codeFor(statusCode, code), message }
}

/**
 * The request's own log line says why it was refused, so a 401, a 409 or a validation failure
 * can be diagnosed from the logs alone. Auth refusals and throttling are warnings: on the hot
 * routes (HOT_ROUTE_LOG_LEVEL) only those reach the log, and they are what an operator looks for.
 */
function logRefusal(request: FastifyRequest, sent: ErrorBody): void {
  const level = sent.statusCode === 401 || sent.statusCode === 403 || sent.statusCode === 429 ? 'warn' : 'info'
  request.log[level]({ statusCode: sent.statusCode, code: sent.code, reason: sent.message }, 'request refused')
}

function databaseUnavailable(error: unknown): DatabaseUnavailableError | undefined {
  const reason = databaseUnavailableReason(error)
  return reason === undefined ? undefined : new DatabaseUnavailableError(reason)
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refuse = (status: number, message: string, code: unknown, headers: Record<string, string> = {}) => {
      const sent = body(status, message, code)
      logRefusal(request, sent)
      return reply.code(status).headers(headers).send(sent)
    }
    const known = error instanceof SluiceError ? error : databaseUnavailable(error)
    if (known) {
      if (known.statusCode >= 500) request.log.warn({ err: error }, 'a dependency could not serve the request')
      return refuse(known.statusCode, known.message, known.code, known.headers)
    }
    if (error.validation) return refuse(400, error.message, 'SLUICE_VALIDATION')
    if (postgresErrorCode(error) === NUMERIC_VALUE_OUT_OF_RANGE) {
      // A backstop: schemas bound the numbers, so reaching here means a bound is missing. The
      // same request would fail again, so it is the client's 400 (no retry), not a 500.
      request.log.warn({ err: error }, 'a value left the range of its database column')
      return refuse(400, 'a number in the request does not fit what the service stores', 'SLUICE_OUT_OF_RANGE')
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) return refuse(status, error.message, error.code)
    request.log.error({ err: error }, 'request failed')
    const code = status >= 500 ? status : 500
    return reply.code(code).send(body(code, 'Internal Server Error', undefined))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body(404, `Route ${request.method} ${request.url.split('?')[0]} not found`, 'SLUICE_ROUTE_NOT_FOUND'))
  })
}
