import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf } from '../environments/environment-resolver.js'
import {
  canaryHistoryRoute,
  completeCanaryRoute,
  getCanaryRoute,
  increaseCanaryRoute,
  listCanariesRoute,
  pauseCanaryRoute,
  resumeCanaryRoute,
  rollbackCanaryRoute,
  startCanaryRoute,
} from './canary-schemas.js'
import type { CanaryLifecycle } from './canary-lifecycle.js'
import type { ManualCanaryRollback } from './canary-manual-rollback.js'

export const canaryRoutes: FastifyPluginAsyncTypebox<{ canaries: CanaryLifecycle; manualRollback: ManualCanaryRollback }> = async (app, { canaries, manualRollback }) => {
  const base = '/admin/canary-deployments'

  app.get(base, { schema: listCanariesRoute, config: { access: 'read' } }, async (request) => canaries.list(await environmentOf(request), request.query.status))

  app.post(base, { schema: startCanaryRoute, config: { access: 'admin' } }, async (request, reply) =>
    reply.code(201).send(await canaries.start(actorOf(request), await environmentOf(request), request.body)),
  )

  app.get(`${base}/:key`, { schema: getCanaryRoute, config: { access: 'read' } }, async (request) => canaries.detail(await environmentOf(request), request.params.key))

  app.get(`${base}/:key/history`, { schema: canaryHistoryRoute, config: { access: 'read' } }, async (request) =>
    canaries.history(await environmentOf(request), request.params.key),
  )

  app.put(`${base}/:key/increase`, { schema: increaseCanaryRoute, config: { access: 'admin' } }, async (request) =>
    canaries.increase(actorOf(request), await environmentOf(request), request.params.key, request.body.percentage),
  )

  app.post(`${base}/:key/rollback`, { schema: rollbackCanaryRoute, config: { access: 'operate' } }, async (request) => {
    const startedAt = performance.now()
    return (await manualRollback.rollback(actorOf(request), await environmentOf(request), request.params.key, request.body.reason, startedAt)).canary
  })

  app.post(`${base}/:key/complete`, { schema: completeCanaryRoute, config: { access: 'operate' } }, async (request) =>
    canaries.complete(actorOf(request), await environmentOf(request), request.params.key),
  )

  app.post(`${base}/:key/pause`, { schema: pauseCanaryRoute, config: { access: 'operate' } }, async (request) =>
    canaries.pause(actorOf(request), await environmentOf(request), request.params.key),
  )

  app.post(`${base}/:key/resume`, { schema: resumeCanaryRoute, config: { access: 'admin' } }, async (request) =>
    canaries.resume(actorOf(request), await environmentOf(request), request.params.key),
  )
}
