import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Redis } from 'ioredis'
import { ping, type Db } from '../db/database.js'
import { pendingMigrations } from '../db/migrator.js'
import type { Metrics } from './metrics.js'
import { healthRoute, metricsRoute, readyRoute } from './ops-schemas.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'
import { withDeadline } from '../platform/deadline.js'

/** A load balancer's health check gives up after a few seconds; the probe must answer first. */
const PROBE_DEADLINE_MS = 2_000

interface OpsOptions {
  db: Db
  redis?: Redis
  metrics: Metrics
}

export const opsRoutes: FastifyPluginAsyncTypebox<OpsOptions> = async (app, { db, redis, metrics }) => {
  app.get('/healthz', { schema: healthRoute, config: { access: 'public' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async () => ({ status: 'ok' as const }))

  app.get('/readyz', { schema: readyRoute, config: { access: 'public' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    const database = await withDeadline(ping(db), PROBE_DEADLINE_MS, 'the database').then(
      () => 'ok' as const,
      (err: unknown) => {
        request.log.warn({ err }, 'readiness: database unreachable')
        return 'error' as const
      },
    )
    const pending = database === 'ok' ? await withDeadline(pendingMigrations(db), PROBE_DEADLINE_MS, 'the database').catch(() => undefined) : undefined
    const migrations = pending === undefined ? ('error' as const) : pending.length > 0 ? ('pending' as const) : ('ok' as const)
    const redisState = !redis ? ('disabled' as const) : redis.status === 'ready' ? ('ok' as const) : ('degraded' as const)
    const ready = database === 'ok' && migrations === 'ok'
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      database,
      migrations,
      pendingMigrations: pending ?? [],
      redis: redisState,
    })
  })

  app.get('/metrics', { schema: metricsRoute, config: { access: 'public' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (_request, reply) => {
    reply.type(metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
