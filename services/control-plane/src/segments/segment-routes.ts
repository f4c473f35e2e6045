import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { environmentOf } from '../environments/environment-resolver.js'
import { etagOf, ifNoneMatches, parseIfMatch } from '../http/versioning.js'
import { createSegmentRoute, deleteSegmentRoute, getSegmentRoute, listSegmentsRoute, updateSegmentRoute } from './segment-schemas.js'
import type { SegmentService } from './segment-service.js'

export const segmentRoutes: FastifyPluginAsyncTypebox<{ segments: SegmentService }> = async (app, { segments }) => {
  const base = '/admin/segments'

  app.get(base, { schema: listSegmentsRoute, config: { access: 'read' } }, async (request) => segments.list(await environmentOf(request)))

  app.post(base, { schema: createSegmentRoute, config: { access: 'admin' } }, async (request, reply) => {
    const segment = await segments.create(actorOf(request), await environmentOf(request), request.body)
    return reply.code(201).header('etag', etagOf(segment.version)).header('location', `/api/v1${base}/${segment.key}?environment=${segment.environment}`).send(segment)
  })

  app.get(`${base}/:key`, { schema: getSegmentRoute, config: { access: 'read' } }, async (request, reply) => {
    const segment = await segments.get(await environmentOf(request), request.params.key)
    reply.header('etag', etagOf(segment.version))
    if (ifNoneMatches(request.headers['if-none-match'], etagOf(segment.version))) return reply.code(304).send(null)
    return segment
  })

  app.put(`${base}/:key`, { schema: updateSegmentRoute, config: { access: 'admin' } }, async (request, reply) => {
    const expected = parseIfMatch(request.headers['if-match'], 'segment')
    const segment = await segments.update(actorOf(request), await environmentOf(request), request.params.key, request.body, expected)
    return reply.header('etag', etagOf(segment.version)).send(segment)
  })

  app.delete(`${base}/:key`, { schema: deleteSegmentRoute, config: { access: 'admin' } }, async (request, reply) => {
    await segments.delete(actorOf(request), await environmentOf(request), request.params.key, parseIfMatch(request.headers['if-match'], 'segment'))
    return reply.code(204).send(null)
  })
}
