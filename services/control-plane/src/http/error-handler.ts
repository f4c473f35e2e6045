/**
 * One place turns every failure into Fastify's `{ statusCode, error, message }`. Client
 * mistakes keep their 4xx and message; anything unexpected is a 500 whose details stay in
 * the log, because an internal message can carry SQL or secrets.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance } from 'fastify'
import { SluiceError } from '../errors.js'

interface ErrorBody {
  statusCode: number
  error: string
  code?: string
  message: string
}

function body(statusCode: number, message: string, code?: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', ...(code ? { code } : {}), message }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof SluiceError) {
      return reply.code(error.statusCode).headers(error.headers).send(body(error.statusCode, error.message, error.code))
    }
    if (error.validation) {
      return reply.code(400).send(body(400, error.message, 'SLUICE_VALIDATION'))
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
