import { Type } from '@sinclair/typebox'
import { ref, StringEnum, described } from '../schemas/common.js'

const Check = StringEnum(['ok', 'error', 'degraded', 'disabled'] as const)

const Readiness = Type.Object(
  {
    status: StringEnum(['ready', 'not_ready'] as const),
    database: Check,
    migrations: StringEnum(['ok', 'pending', 'error'] as const),
    pendingMigrations: Type.Array(Type.String()),
    redis: Check,
  },
  {
    $id: 'Readiness',
    title: 'Readiness',
    examples: [{ status: 'ready', database: 'ok', migrations: 'ok', pendingMigrations: [], redis: 'ok' }],
  },
)

export const opsSchemas = [Readiness]

export const healthRoute = {
  operationId: 'getHealth',
  summary: 'Liveness',
  description: 'The process is up and serving HTTP.',
  tags: ['operations'],
  security: [],
  response: { 200: Type.Object({ status: Type.Literal('ok') }, { description: 'Alive', examples: [{ status: 'ok' }] }) },
}

export const readyRoute = {
  operationId: 'getReadiness',
  summary: 'Readiness',
  description:
    'Ready when the database answers and every migration of this build is applied. Redis is reported but never makes the service unready: without it the service degrades (slower fan-out, no shared cache), it does not stop.',
  tags: ['operations'],
  security: [],
  response: { 200: described(ref(Readiness), 'Ready to serve'), 503: described(ref(Readiness), 'Not ready: the database is unreachable or migrations are pending') },
}

export const metricsRoute = {
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  tags: ['operations'],
  security: [],
  produces: ['text/plain'],
  response: {
    200: Type.String({
      description: 'Prometheus text exposition format',
      examples: ['# HELP sluice_sse_clients Open SDK streams on this replica\n# TYPE sluice_sse_clients gauge\nsluice_sse_clients 412\n'],
    }),
  },
}
