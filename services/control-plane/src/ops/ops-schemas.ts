import { Type } from '@sinclair/typebox'
import { ref, StringEnum } from '../schemas/common.js'

const Check = StringEnum(['ok', 'error', 'degraded', 'disabled'] as const)

const Readiness = Type.Object(
  {
    status: StringEnum(['ready', 'not_ready'] as const),
    database: Check,
    migrations: StringEnum(['ok', 'pending', 'error'] as const),
    pendingMigrations: Type.Array(Type.String()),
    redis: Check,
  },
  { $id: 'Readiness', title: 'Readiness' },
)

export const opsSchemas = [Readiness]

export const healthRoute = {
  operationId: 'getHealth',
  summary: 'Liveness',
  description: 'The process is up and serving HTTP.',
  tags: ['operations'],
  security: [],
  response: { 200: Type.Object({ status: Type.Literal('ok') }) },
}

export const readyRoute = {
  operationId: 'getReadiness',
  summary: 'Readiness',
  description:
    'Ready when the database answers and every migration of this build is applied. Redis is reported but never makes the service unready: without it the service degrades (slower fan-out, no shared cache), it does not stop.',
  tags: ['operations'],
  security: [],
  response: { 200: ref(Readiness), 503: ref(Readiness) },
}

export const metricsRoute = {
  operationId: 'getMetrics',
  summary: 'Prometheus metrics',
  tags: ['operations'],
  security: [],
  produces: ['text/plain'],
  response: { 200: Type.String({ description: 'Prometheus text exposition format' }) },
}
