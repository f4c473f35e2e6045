import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { OutcomeIngest } from '../canaries/outcome-ingest.js'
import { callerEnvironment } from '../environments/environment-resolver.js'
import { jsonBodyParser } from '../http/content-types.js'
import type { OutcomeMetrics } from '../sdk-api/submit-outcomes.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'
import { submitOutcomes } from '../sdk-api/submit-outcomes.js'
import { clientOutcomesRoute, clientStreamRoute } from './client-schemas.js'
import type { ClientStreamHub } from './client-stream.js'
import type { ClientRateLimiter } from './rate-limit.js'

interface ClientRoutesOptions {
  hub: ClientStreamHub
  outcomes: OutcomeIngest
  metrics: OutcomeMetrics
  limiter: ClientRateLimiter
}

/** What browsers call besides OFREP: change notifications and canary outcomes. */
export const clientRoutes: FastifyPluginAsyncTypebox<ClientRoutesOptions> = async (app, { hub, outcomes, metrics, limiter }) => {
  // navigator.sendBeacon sends a string body as text/plain, the one type a page may send
  // cross-origin without a preflight; here it is JSON like any other body.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, jsonBodyParser(app))

  app.get('/client/stream', { schema: clientStreamRoute, config: { access: 'client' }, onRequest: limiter.hook }, async (request, reply) => {
    hub.connect(request, reply, await callerEnvironment(request), request.principal!.tokenId)
  })

  app.post('/client/outcomes', { schema: clientOutcomesRoute, config: { access: 'client' }, onRequest: limiter.hook, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    const { accepted, ignored } = await submitOutcomes(outcomes, metrics, { environment: await callerEnvironment(request), items: request.body.items })
    return reply.code(202).send({ accepted, ignored })
  })
}
