import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf } from '../environments/environment-resolver.js'
import { listRollbacksRoute, rollbackCanaryRoute, rollbackFlagRoute, rollbackFlagVersionRoute } from './rollback-schemas.js'
import type { RollbackService } from './rollback-service.js'

export const rollbackRoutes: FastifyPluginAsyncTypebox<{ rollbacks: RollbackService }> = async (app, { rollbacks }) => {
  app.get('/admin/rollbacks', { schema: listRollbacksRoute, config: { access: 'read' } }, async (request) =>
    rollbacks.list({ ...request.query, environment: await environmentOf(request) }),
  )

  app.post('/admin/rollbacks/feature-flag', { schema: rollbackFlagRoute, config: { access: 'operate' } }, async (request, reply) => {
    const startedAt = performance.now()
    const { featureKey, reason } = request.body
    return reply.code(201).send(await rollbacks.featureFlag(actorOf(request), await environmentOf(request), featureKey, reason, startedAt))
  })

  app.post('/admin/rollbacks/canary', { schema: rollbackCanaryRoute, config: { access: 'operate' } }, async (request, reply) => {
    const startedAt = performance.now()
    const { featureKey, reason } = request.body
    return reply.code(201).send(await rollbacks.canary(actorOf(request), await environmentOf(request), featureKey, reason, startedAt))
  })

  app.post('/admin/rollbacks/flag-version', { schema: rollbackFlagVersionRoute, config: { access: 'operate' } }, async (request, reply) => {
    const startedAt = performance.now()
    const { featureKey, version, reason } = request.body
    return reply.code(201).send(await rollbacks.flagVersion(actorOf(request), await environmentOf(request), featureKey, version, reason, startedAt))
  })
}
