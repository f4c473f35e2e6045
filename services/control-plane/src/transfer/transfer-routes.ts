import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf, environmentRecordOf } from '../environments/environment-resolver.js'
import { IMPORT_BODY_LIMIT_BYTES } from '../imports/unleash-import-routes.js'
import { exportRoute, importRoute } from './transfer-schemas.js'
import type { TransferService } from './transfer-service.js'

export const transferRoutes: FastifyPluginAsyncTypebox<{ transfer: TransferService }> = async (app, { transfer }) => {
  app.get('/admin/export', { schema: exportRoute, config: { access: 'read' } }, async (request) => transfer.export(await environmentOf(request)))
  app.post('/admin/import', { schema: importRoute, config: { access: 'admin' }, bodyLimit: IMPORT_BODY_LIMIT_BYTES }, async (request) =>
    transfer.import(actorOf(request), await environmentRecordOf(request), request.body, request.query.dryRun),
  )
}
