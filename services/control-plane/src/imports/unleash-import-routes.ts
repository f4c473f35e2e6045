import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf } from '../environments/environment-resolver.js'
import { importUnleashRoute } from './unleash-import-schemas.js'
import type { UnleashImportService } from './unleash-import-service.js'

/** A whole Unleash instance's flags is larger than any other body the API takes. */
export const IMPORT_BODY_LIMIT_BYTES = 16 * 1024 * 1024

export const importRoutes: FastifyPluginAsyncTypebox<{ imports: UnleashImportService }> = async (app, { imports }) => {
  app.post('/admin/import/unleash', { schema: importUnleashRoute, config: { access: 'admin' }, bodyLimit: IMPORT_BODY_LIMIT_BYTES }, async (request) =>
    imports.import(actorOf(request), await environmentOf(request), request.body, request.query.dryRun),
  )
}
