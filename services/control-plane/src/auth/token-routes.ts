import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from './auth-hook.js'
import { createTokenRoute, listTokensRoute, revokeTokenRoute, whoAmIRoute } from './token-schemas.js'
import type { TokenService } from './token-service.js'
import { tokenScope } from './token-scope.js'

export const tokenRoutes: FastifyPluginAsyncTypebox<{ tokens: TokenService }> = async (app, { tokens }) => {
  app.post('/admin/api-tokens', { schema: createTokenRoute, config: { access: 'admin' } }, async (request, reply) => {
    const { name, role } = request.body
    const scope = await tokenScope(app.environments, request.principal!, request.body)
    const created = await tokens.create(actorOf(request), { name, role, ...scope })
    return reply.code(201).send(created)
  })

  app.get('/admin/whoami', { schema: whoAmIRoute, config: { access: 'read' } }, async (request) => {
    const { name, role, environment, environments } = request.principal!
    return { name, role, environment, environments: environments ? [...environments] : null, defaultEnvironment: app.environments.defaultEnvironment }
  })

  app.get('/admin/api-tokens', { schema: listTokensRoute, config: { access: 'admin' } }, async (request) =>
    tokens.list(request.query.includeRevoked),
  )

  app.delete('/admin/api-tokens/:id', { schema: revokeTokenRoute, config: { access: 'admin' } }, async (request, reply) => {
    await tokens.revoke(actorOf(request), request.params.id)
    return reply.code(204).send(null)
  })
}
