import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { importUnleashRoute } from './unleash-import-schemas.js'
import type { UnleashImportService } from './unleash-import-service.js'

export const importRoutes: FastifyPluginAsyncTypebox<{ imports: UnleashImportService }> = async (app, { imports }) => {
  app.post('/admin/import/unleash', { schema: importUnleashRoute, config: { access: 'admin' } }, async (request) =>
    imports.import(actorOf(request), request.body, request.query.dryRun),
  )
}
