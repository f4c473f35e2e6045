import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf } from '../environments/environment-resolver.js'
import type { EnvironmentScope } from '../environments/environment-service.js'
import { BadRequestError, UnauthorizedError } from '../errors.js'
import type { DeploymentRollbackService } from './deployment-rollback-service.js'
import {
  getDeploymentRoute,
  listDeploymentsRoute,
  recordDeploymentRoute,
  reportDeploymentStatusRoute,
  rollbackDeploymentRoute,
  rollbackMigrationRoute,
} from './deployment-schemas.js'
import type { DeploymentService } from './deployment-service.js'

/** A deployment names its environment itself: the token must be allowed there (403 otherwise). */
function scopeOf(request: FastifyRequest): EnvironmentScope {
  if (!request.principal) throw new UnauthorizedError('no authenticated principal on this request')
  return request.principal
}

export const deploymentRoutes: FastifyPluginAsyncTypebox<{ deployments: DeploymentService; rollbacks: DeploymentRollbackService }> = async (app, { deployments, rollbacks }) => {
  app.post('/admin/deployments', { schema: recordDeploymentRoute }, async (request, reply) => {
    const { environment } = request.body
    if (environment !== undefined && request.query.environment !== undefined && environment !== request.query.environment) {
      throw new BadRequestError(`environment: the body names "${environment}" and ?environment= "${request.query.environment}"; give one`)
    }
    const key = environment === undefined ? await environmentOf(request) : (await app.environments.resolve(environment, scopeOf(request))).key
    return reply.code(201).send(await deployments.record(actorOf(request), key, request.body))
  })

  app.get('/admin/deployments', { schema: listDeploymentsRoute, config: { access: 'read' } }, async (request) =>
    deployments.list({ ...request.query, environment: await environmentOf(request) }),
  )

  app.get('/admin/deployments/:id', { schema: getDeploymentRoute, config: { access: 'read' } }, async (request) => rollbacks.detail(request.params.id, scopeOf(request)))

  app.post('/admin/deployments/:id/status', { schema: reportDeploymentStatusRoute, config: { access: 'deployerStatus' } }, async (request) =>
    rollbacks.acknowledge(actorOf(request), scopeOf(request), request.params.id, request.body),
  )

  app.post('/admin/rollbacks/deployment', { schema: rollbackDeploymentRoute, config: { access: 'operate' } }, async (request, reply) => {
    const startedAt = performance.now()
    const { deploymentId, reason } = request.body
    return reply.code(201).send(await rollbacks.rollBack(actorOf(request), scopeOf(request), { kind: 'deployment', deploymentId, reason }, startedAt))
  })

  app.post('/admin/rollbacks/database-migration', { schema: rollbackMigrationRoute, config: { access: 'operate' } }, async (request, reply) => {
    const startedAt = performance.now()
    const { deploymentId, migrations, reason } = request.body
    return reply.code(201).send(await rollbacks.rollBack(actorOf(request), scopeOf(request), { kind: 'database_migration', deploymentId, migrations, reason }, startedAt))
  })
}
