/**
 * One place turns every failure into Fastify's `{ statusCode, error, message }`. Client
 * mistakes keep their 4xx and message; a database that cannot be reached is a 503 with
 * Retry-After (nothing was applied; retry); anything unexpected is a 500 whose details stay
 * in the log, because an internal message can carry SQL or secrets.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance } from 'fastify'
import { postgresErrorCode } from '../db/database.js'
import { databaseUnavailableReason } from '../db/unavailable.js'
import { DatabaseUnavailableError, SluiceError } from '../errors.js'

/** SQLSTATE 22003: a value beyond its column's type (a bigint counter past 2^63, a double past 1.8e308). */
const NUMERIC_VALUE_OUT_OF_RANGE = '22003'

interface ErrorBody {
  statusCode: number
  error: string
  code?: string
  message: string
}

function body(statusCode: number, message: string, code?: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', ...(code ? { code } : {}), message }
}

function databaseUnavailable(error: unknown): DatabaseUnavailableError | undefined {
  const reason = databaseUnavailableReason(error)
  return reason === undefined ? undefined : new DatabaseUnavailableError(reason)
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof SluiceError ? error : databaseUnavailable(error)
    if (known) {
      if (known.statusCode >= 500) request.log.warn({ err: error }, 'a dependency could not serve the request')
      return reply.code(known.statusCode).headers(known.headers).send(body(known.statusCode, known.message, known.code))
    }
    if (error.validation) {
      return reply.code(400).send(body(400, error.message, 'SLUICE_VALIDATION'))
    }
    if (postgresErrorCode(error) === NUMERIC_VALUE_OUT_OF_RANGE) {
      // A backstop: schemas bound the numbers, so reaching here means a bound is missing. The
      // same request would fail again, so it is the client's 400 (no retry), not a 500.
      request.log.warn({ err: error }, 'a value left the range of its database column')
      return reply.code(400).send(body(400, 'a number in the request does not fit what the service stores', 'SLUICE_OUT_OF_RANGE'))
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      return reply.code(status).send(body(status, error.message, error.code))
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(status >= 500 ? status : 500).send(body(status >= 500 ? status : 500, 'Internal Server Error'))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body(404, `Route ${request.method} ${request.url.split('?')[0]} not found`, 'SLUICE_ROUTE_NOT_FOUND'))
  })
}
