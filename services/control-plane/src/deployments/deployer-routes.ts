import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { configureDeployerRoute, listDeployersRoute, testDeployerRoute } from './deployment-schemas.js'
import type { DeploymentService } from './deployment-service.js'

export const deployerRoutes: FastifyPluginAsyncTypebox<{ deployments: DeploymentService }> = async (app, { deployments }) => {
  app.put('/admin/deployers/:service', { schema: configureDeployerRoute }, async (request) =>
    deployments.configureDeployer(actorOf(request), request.params.service, request.body),
  )

  app.get('/admin/deployers', { schema: listDeployersRoute, config: { access: 'read' } }, async () => deployments.listDeployers())

  app.post('/admin/deployers/:service/test', { schema: testDeployerRoute }, async (request) => deployments.testDeployer(actorOf(request), request.params.service))
}
