import type { FastifyBaseLogger } from 'fastify'

export type Logger = FastifyBaseLogger

/** Never let a credential reach the logs, whatever a serializer decides to include. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
]

/**
 * Routes called many times a second (evaluation, SDK polling and reports, probes) log their
 * requests only when something goes wrong; two info lines per /check would drown the rest.
 */
export const HOT_ROUTE_LOG_LEVEL = 'warn'
