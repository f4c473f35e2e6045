import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { createEnvironmentRoute, deleteEnvironmentRoute, listEnvironmentsRoute, updateEnvironmentRoute } from './environment-schemas.js'
import type { EnvironmentService } from './environment-service.js'

export const environmentRoutes: FastifyPluginAsyncTypebox<{ environments: EnvironmentService }> = async (app, { environments }) => {
  const base = '/admin/environments'

  app.get(base, { schema: listEnvironmentsRoute, config: { access: 'read' } }, async () => environments.list())

  app.post(base, { schema: createEnvironmentRoute, config: { access: 'admin' } }, async (request, reply) => {
    const environment = await environments.create(actorOf(request), request.body)
    return reply.code(201).header('location', `/api/v1${base}/${environment.key}`).send(environment)
  })

  app.put(`${base}/:key`, { schema: updateEnvironmentRoute, config: { access: 'admin' } }, async (request) =>
    environments.update(actorOf(request), request.params.key, request.body),
  )

  app.delete(`${base}/:key`, { schema: deleteEnvironmentRoute, config: { access: 'admin' } }, async (request, reply) => {
    await environments.delete(actorOf(request), request.params.key)
    return reply.code(204).send(null)
  })
}
