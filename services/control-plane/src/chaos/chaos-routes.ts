import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/auth-hook.js'
import { checkAgainst, mergePatchWrite, requireMergePatch } from '../http/merge-patch.js'
import { environmentOf, environmentRecordOf } from '../environments/environment-resolver.js'
import { etagOf, parseIfMatch, ifNoneMatches } from '../http/versioning.js'
import {
  createChaosRuleRoute,
  deleteChaosRuleRoute,
  getChaosRuleRoute,
  haltChaosRoute,
  listChaosRulesRoute,
  patchChaosRuleRoute,
  UpdateChaosRuleBody,
  updateChaosRuleRoute,
  type UpdateChaosRuleInput,
} from './chaos-schemas.js'
import type { ChaosService } from './chaos-service.js'

export const chaosRoutes: FastifyPluginAsyncTypebox<{ chaos: ChaosService }> = async (app, { chaos }) => {
  const base = '/admin/chaos-rules'

  app.get(base, { schema: listChaosRulesRoute, config: { access: 'read' } }, async (request) => chaos.list(await environmentOf(request)))

  app.post(base, { schema: createChaosRuleRoute, config: { access: 'admin' } }, async (request, reply) => {
    const rule = await chaos.create(actorOf(request), await environmentRecordOf(request), request.body)
    return reply.code(201).header('etag', etagOf(rule.version)).header('location', `/api/v1${base}/${rule.id}?environment=${rule.environment}`).send(rule)
  })

  // Operators may stop chaos; only admins may start it.
  app.post(
    `${base}/halt`,
    {
      schema: haltChaosRoute,
      config: { access: 'operate' },
      // The body is optional: `curl -X POST .../halt` with nothing else must work mid-incident.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request) => chaos.halt(actorOf(request), request.body.reason),
  )

  app.get(`${base}/:id`, { schema: getChaosRuleRoute, config: { access: 'read' } }, async (request, reply) => {
    const rule = await chaos.get(await environmentOf(request), request.params.id)
    reply.header('etag', etagOf(rule.version))
    if (ifNoneMatches(request.headers['if-none-match'], etagOf(rule.version))) return reply.code(304).send(null)
    return rule
  })

  app.put(`${base}/:id`, { schema: updateChaosRuleRoute, config: { access: 'admin' } }, async (request, reply) => {
    const expected = parseIfMatch(request.headers['if-match'], 'rule')
    const rule = await chaos.update(actorOf(request), await environmentRecordOf(request), request.params.id, request.body, expected)
    return reply.header('etag', etagOf(rule.version)).send(rule)
  })

  app.patch(`${base}/:id`, { schema: patchChaosRuleRoute, config: { access: 'admin' }, preValidation: requireMergePatch }, async (request, reply) => {
    const { id } = request.params
    const environment = await environmentRecordOf(request)
    const rule = await mergePatchWrite({
      patch: request.body,
      expected: parseIfMatch(request.headers['if-match'], 'rule'),
      read: () => chaos.get(environment.key, id),
      // As with PUT, a new type's config starts from that type's defaults, not the old type's fields.
      base: (current) => (request.body.type !== undefined && request.body.type !== current.type ? { ...current, config: {} } : current),
      validate: checkAgainst(request, UpdateChaosRuleBody),
      write: (update, expected) => chaos.update(actorOf(request), environment, id, update as UpdateChaosRuleInput, expected),
    })
    return reply.header('etag', etagOf(rule.version)).send(rule)
  })

  app.delete(`${base}/:id`, { schema: deleteChaosRuleRoute, config: { access: 'admin' } }, async (request, reply) => {
    await chaos.delete(actorOf(request), await environmentOf(request), request.params.id)
    return reply.code(204).send(null)
  })
}
