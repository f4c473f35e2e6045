import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/database.js'
import type { ChangeFeed } from '../changes/change-feed.js'
import { ReadAfterWrite, seqFromIfNoneMatch } from '../stream/read-after-write.js'
import type { ReplicaState } from '../stream/replica-state.js'
import type { StreamHub } from '../stream/stream-hub.js'
import type { OutcomeIngest } from '../canaries/outcome-ingest.js'
import { etagOf, ifNoneMatches } from '../http/versioning.js'
import { submitOutcomes, type OutcomeMetrics } from './submit-outcomes.js'
import { outcomesRoute, stateRoute, streamRoute } from './sdk-schemas.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'
import { callerEnvironment } from '../environments/environment-resolver.js'

interface SdkRoutesOptions {
  db: Db
  hub: StreamHub
  feed: ChangeFeed
  state: ReplicaState
  outcomes: OutcomeIngest
  metrics: OutcomeMetrics
}

export const sdkRoutes: FastifyPluginAsyncTypebox<SdkRoutesOptions> = async (app, { db, hub, feed, state, outcomes, metrics }) => {
  const readAfterWrite = new ReadAfterWrite(db, feed, state)

  app.get('/sdk/stream', { schema: streamRoute, config: { access: 'sdk' } }, async (request, reply) => {
    // Resolved before the stream opens: an unknown or forbidden environment is a plain 404/403.
    await hub.connect(request, reply, request.principal!.tokenId, await callerEnvironment(request))
  })

  app.get('/sdk/state', { schema: stateRoute, config: { access: 'sdk' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    // From memory; only a client that has seen a newer seq than this replica waits for it.
    const ifNoneMatch = request.headers['if-none-match']
    await readAfterWrite.reach(Math.max(request.query.minSeq ?? 0, seqFromIfNoneMatch(ifNoneMatch)))
    const environment = await callerEnvironment(request)
    const snapshot = state.snapshot(environment)
    const etag = etagOf(snapshot.seq)
    reply.header('etag', etag).header('cache-control', 'no-cache')
    if (ifNoneMatches(ifNoneMatch, etag)) return reply.code(304).send(null)
    // Already serialised once for every stream client; sent as is.
    return reply.type('application/json; charset=utf-8').send(snapshot.json as never)
  })

  app.post('/sdk/outcomes', { schema: outcomesRoute, config: { access: 'sdk' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    const { items, chaos: injections } = request.body
    const key = request.headers['idempotency-key']
    const { accepted, ignored, replayed } = await submitOutcomes(outcomes, metrics, {
      environment: await callerEnvironment(request),
      items,
      ...(injections !== undefined ? { injections } : {}),
      ...(key !== undefined ? { idempotency: { tokenId: request.principal!.tokenId, key } } : {}),
    })
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(202).send({ accepted, ignored })
  })
}
