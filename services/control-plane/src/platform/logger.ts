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
