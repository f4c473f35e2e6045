import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/database.js'
import { listAuditRoute } from './audit-schemas.js'
import { listAudit } from './audit-store.js'

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/admin/audit-log', { schema: listAuditRoute, config: { access: 'read' } }, async (request) => {
    const rows = await listAudit(db, request.query)
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }))
  })
}
