import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/database.js'
import { environmentOf } from '../environments/environment-resolver.js'
import type { EnvironmentScope } from '../environments/environment-service.js'
import { listAuditRoute } from './audit-schemas.js'
import { listAudit } from './audit-store.js'

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/admin/audit-log', { schema: listAuditRoute, config: { access: 'read' } }, async (request) => {
    const scope = request.principal as EnvironmentScope | undefined
    // Asked for: checked like any ?environment=. Not asked for: a token limited to some environments sees only theirs.
    const environment = request.query.environment ? await environmentOf(request) : (scope?.environments ?? undefined)
    const rows = await listAudit(db, { ...request.query, environment })
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }))
  })
}
