/**
 * OFREP's two endpoints (ofrep-schemas.ts). Answers come from this replica's memory through
 * @sluice/core, as an SDK would compute them, and are serialised with JSON.stringify: a bulk
 * answer is an array of small objects whose `value` may be any JSON, which a schema-driven
 * serialiser would check branch by branch for no gain.
 */
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { fromOpenFeatureContext } from '@sluice/core'
import { callerEnvironment } from '../environments/environment-resolver.js'
import { SluiceError } from '../errors.js'
import { ifNoneMatches } from '../http/versioning.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'
import type { EvaluationIndex } from './evaluation-index.js'
import { isFailure, notFound, ofrepAnswer, type OfrepErrorCode } from './ofrep-answer.js'
import { evaluateFlagRoute, evaluateFlagsRoute } from './ofrep-schemas.js'
import type { ClientRateLimiter } from './rate-limit.js'

interface OfrepRoutesOptions {
  index: EvaluationIndex
  limiter: ClientRateLimiter
}

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * Names the environment's state and the context, so a page whose context changed never gets
 * a 304 for another context's answers. The state part is the environment's seq: every change
 * that can move an answer (a flag, a segment, a canary step) moves it.
 */
function bulkEtag(environment: string, seq: number, context: unknown): string {
  const digest = createHash('sha256').update(environment).update('\0').update(JSON.stringify(context)).digest('base64url').slice(0, 22)
  return `"${seq}-${digest}"`
}

/**
 * A body OFREP callers can read when the request itself is wrong: PARSE_ERROR for a body
 * that is not JSON, INVALID_CONTEXT for one whose context is not what OFREP defines. Every
 * other refusal (a bad path or query parameter, 401, 403, 404 of an environment, 429, 503)
 * keeps the service's error body.
 */
function ofrepErrors(fallback: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void) {
  return function (this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const invalidBody = error.validationContext === 'body'
    const unreadable = error.validation === undefined && (error instanceof SluiceError ? error.code === 'SLUICE_UNSUPPORTED_MEDIA_TYPE' : error.statusCode === 400)
    // A bad path or query parameter is not the context's fault: the service's usual 400 names it.
    if (!invalidBody && !unreadable) return fallback.call(this, error, request, reply)
    const errorCode: OfrepErrorCode = invalidBody ? 'INVALID_CONTEXT' : 'PARSE_ERROR'
    const key = (request.params as { key?: string } | undefined)?.key
    request.log.info({ statusCode: 400, errorCode, reason: error.message }, 'request refused')
    return reply.code(400).send({ ...(key === undefined ? {} : { key }), errorCode, errorDetails: error.message })
  }
}

export const ofrepRoutes: FastifyPluginAsyncTypebox<OfrepRoutesOptions> = async (app, { index, limiter }) => {
  const errorHandler = ofrepErrors(app.errorHandler)
  const route = { config: { access: 'client' as const }, onRequest: limiter.hook, errorHandler, logLevel: HOT_ROUTE_LOG_LEVEL } as const

  app.post('/ofrep/v1/evaluate/flags/:key', { ...route, schema: evaluateFlagRoute }, async (request, reply) => {
    const environment = await callerEnvironment(request)
    const compiled = index.of(environment).flags.get(request.params.key)
    if (!compiled) return reply.code(404).send(notFound(request.params.key, environment))
    const answer = ofrepAnswer(compiled, fromOpenFeatureContext(request.body.context))
    // OFREP's single evaluation answers 200 with a value only; a flag that cannot be answered for this context is its 400.
    return reply.code(isFailure(answer) ? 400 : 200).type(JSON_TYPE).send(JSON.stringify(answer) as never)
  })

  app.post('/ofrep/v1/evaluate/flags', { ...route, schema: evaluateFlagsRoute }, async (request, reply) => {
    const environment = await callerEnvironment(request)
    const { seq, live } = index.of(environment)
    const etag = bulkEtag(environment, seq, request.body.context)
    reply.header('etag', etag).header('cache-control', 'no-cache')
    if (ifNoneMatches(request.headers['if-none-match'], etag)) return reply.code(304).send(null)
    const ctx = fromOpenFeatureContext(request.body.context)
    const body = { flags: live.map((compiled) => ofrepAnswer(compiled, ctx)), metadata: { environment, seq } }
    return reply.type(JSON_TYPE).send(JSON.stringify(body) as never)
  })
}
