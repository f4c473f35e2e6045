import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AttributeValue, EvaluationContext } from '@sluice/core'
import { actorOf } from '../auth/auth-hook.js'
import { BadRequestError } from '../errors.js'
import { checkAgainst, mergePatchWrite, requireMergePatch } from '../http/merge-patch.js'
import { etagOf, parseIfMatch, ifNoneMatches } from '../http/versioning.js'
import type { Counter } from 'prom-client'
import {
  archiveFlagRoute,
  checkFlagRoute,
  createFlagRoute,
  flagEnvironmentsRoute,
  flagHistoryRoute,
  getFlagRoute,
  listFlagsRoute,
  patchFlagRoute,
  promoteFlagRoute,
  restoreFlagRoute,
  UpdateFlagBody,
  updateFlagRoute,
  type UpdateFlagInput,
} from './flag-schemas.js'
import type { FlagService } from './flag-service.js'
import { environmentOf } from '../environments/environment-resolver.js'
import { scopeAllows, type EnvironmentScope } from '../environments/environment-service.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'

const ATTRIBUTE_PREFIX = 'attr.'

function parseAttributes(raw: string | undefined): Record<string, AttributeValue> | undefined {
  if (raw === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new BadRequestError('attributes: must be a JSON object, e.g. {"plan":"pro"}')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('attributes: must be a JSON object, e.g. {"plan":"pro"}')
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new BadRequestError(`attributes.${name}: must be a string, number or boolean`)
    }
  }
  return parsed as Record<string, AttributeValue>
}

/** `attr.<name>=<value>` parameters (the schema bounds them) over the JSON `attributes`. */
function withAttributeParams(attributes: Record<string, AttributeValue> | undefined, query: object): Record<string, AttributeValue> | undefined {
  let merged = attributes
  for (const [param, value] of Object.entries(query)) {
    if (param.startsWith(ATTRIBUTE_PREFIX) && typeof value === 'string') merged = { ...merged, [param.slice(ATTRIBUTE_PREFIX.length)]: value }
  }
  return merged
}

/** What these routes count; ops/metrics.ts's Metrics has it. */
export interface CheckMetrics {
  flagEvaluations: Pick<Counter<'reason'>, 'inc'>
}

export const flagRoutes: FastifyPluginAsyncTypebox<{ flags: FlagService; metrics: CheckMetrics }> = async (app, { flags, metrics }) => {
  const base = '/admin/feature-flags'

  app.get(base, { schema: listFlagsRoute, config: { access: 'read' } }, async (request) =>
    flags.list(await environmentOf(request), request.query.includeArchived, request.query.tag),
  )

  app.post(base, { schema: createFlagRoute, config: { access: 'admin' } }, async (request, reply) => {
    const flag = await flags.create(actorOf(request), await environmentOf(request), request.body)
    return reply.code(201).header('etag', etagOf(flag.version)).header('location', `/api/v1${base}/${flag.key}`).send(flag)
  })

  app.get(`${base}/:key`, { schema: getFlagRoute, config: { access: 'read' } }, async (request, reply) => {
    const flag = await flags.get(await environmentOf(request), request.params.key)
    reply.header('etag', etagOf(flag.version))
    if (ifNoneMatches(request.headers['if-none-match'], etagOf(flag.version))) return reply.code(304).send(null)
    return flag
  })

  app.put(`${base}/:key`, { schema: updateFlagRoute, config: { access: 'admin' } }, async (request, reply) => {
    const expected = parseIfMatch(request.headers['if-match'], 'flag')
    const flag = await flags.update(actorOf(request), await environmentOf(request), request.params.key, request.body, expected)
    return reply.header('etag', etagOf(flag.version)).send(flag)
  })

  app.patch(`${base}/:key`, { schema: patchFlagRoute, config: { access: 'admin' }, preValidation: requireMergePatch }, async (request, reply) => {
    const { key } = request.params
    const environment = await environmentOf(request)
    const flag = await mergePatchWrite({
      patch: request.body,
      expected: parseIfMatch(request.headers['if-match'], 'flag'),
      read: () => flags.get(environment, key),
      validate: checkAgainst(request, UpdateFlagBody),
      write: (update, expected) => flags.update(actorOf(request), environment, key, update as UpdateFlagInput, expected),
    })
    return reply.header('etag', etagOf(flag.version)).send(flag)
  })

  app.delete(`${base}/:key`, { schema: archiveFlagRoute, config: { access: 'admin' } }, async (request) =>
    flags.archive(actorOf(request), await environmentOf(request), request.params.key),
  )

  app.post(`${base}/:key/restore`, { schema: restoreFlagRoute, config: { access: 'admin' } }, async (request) =>
    flags.restore(actorOf(request), await environmentOf(request), request.params.key),
  )

  app.get(`${base}/:key/environments`, { schema: flagEnvironmentsRoute, config: { access: 'read' } }, async (request) => {
    const all = await flags.everywhere(request.params.key)
    const scope = request.principal as EnvironmentScope | undefined
    // A token limited to some environments sees only those.
    return scope ? all.filter((flag) => scopeAllows(scope, flag.environment)) : all
  })

  app.post(`${base}/:key/promote`, { schema: promoteFlagRoute, config: { access: 'admin' } }, async (request, reply) => {
    const { from, to, reason } = request.body
    // Both ends must exist and be within the token's scope, as if each were `?environment=`.
    await Promise.all([app.environments.resolve(from, request.principal as EnvironmentScope | undefined), app.environments.resolve(to, request.principal as EnvironmentScope | undefined)])
    const expected = parseIfMatch(request.headers['if-match'], 'flag')
    const flag = await flags.promote(actorOf(request), request.params.key, from, to, reason, expected)
    return reply.header('etag', etagOf(flag.version)).send(flag)
  })

  app.get(`${base}/:key/check`, { schema: checkFlagRoute, config: { access: 'evaluate' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request) => {
    const { userId, sessionId, ip, appName, contextEnvironment, currentTime, attributes } = request.query
    const environment = await environmentOf(request)
    const ctx: EvaluationContext = { userId, sessionId, ip, appName, environment: contextEnvironment ?? environment, currentTime, attributes: withAttributeParams(parseAttributes(attributes), request.query) }
    const result = await flags.check(environment, request.params.key, ctx)
    metrics.flagEvaluations.inc({ reason: result.reason })
    return result
  })

  app.get(`${base}/:key/history`, { schema: flagHistoryRoute, config: { access: 'read' } }, async (request) =>
    flags.history(await environmentOf(request), request.params.key, request.query.limit),
  )
}
