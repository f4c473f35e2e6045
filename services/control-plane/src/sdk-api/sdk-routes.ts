import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/database.js'
import type { ChangeFeed } from '../changes/change-feed.js'
import { ReadAfterWrite, seqFromIfNoneMatch } from '../stream/read-after-write.js'
import type { ReplicaState } from '../stream/replica-state.js'
import type { StreamHub } from '../stream/stream-hub.js'
import type { OutcomeIngest } from '../canaries/outcome-ingest.js'
import type { Counter } from 'prom-client'
import { etagOf, ifNoneMatches } from '../http/versioning.js'
import { checkOutcomeItems } from './outcome-validation.js'
import { outcomesRoute, stateRoute, streamRoute } from './sdk-schemas.js'
import { HOT_ROUTE_LOG_LEVEL } from '../platform/logger.js'
import { environmentOf } from '../environments/environment-resolver.js'

/** What these routes count; ops/metrics.ts's Metrics has it. */
export interface OutcomeMetrics {
  outcomeBatches: Pick<Counter, 'inc'>
  outcomeItems: Pick<Counter<'result'>, 'inc'>
  chaosInjections: Pick<Counter<'rule'>, 'inc'>
}

interface SdkRoutesOptions {
  db: Db
  hub: StreamHub
  feed: ChangeFeed
  state: ReplicaState
  outcomes: OutcomeIngest
  metrics: OutcomeMetrics
}

/**
 * The environment an SDK request reads. An sdk token's own needs no lookup — it cannot be
 * deleted while a token names it — so /sdk/state stays a memory read, even during an outage.
 */
async function sdkEnvironment(request: FastifyRequest): Promise<string> {
  const requested = (request.query as { environment?: string }).environment
  const bound = request.principal?.environment
  if (bound && (requested === undefined || requested === bound)) return bound
  return environmentOf(request)
}

export const sdkRoutes: FastifyPluginAsyncTypebox<SdkRoutesOptions> = async (app, { db, hub, feed, state, outcomes, metrics }) => {
  const readAfterWrite = new ReadAfterWrite(db, feed, state)

  app.get('/sdk/stream', { schema: streamRoute, config: { access: 'sdk' } }, async (request, reply) => {
    // Resolved before the stream opens: an unknown or forbidden environment is a plain 404/403.
    await hub.connect(request, reply, request.principal!.tokenId, await sdkEnvironment(request))
  })

  app.get('/sdk/state', { schema: stateRoute, config: { access: 'sdk' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    // From memory; only a client that has seen a newer seq than this replica waits for it.
    const ifNoneMatch = request.headers['if-none-match']
    await readAfterWrite.reach(Math.max(request.query.minSeq ?? 0, seqFromIfNoneMatch(ifNoneMatch)))
    const environment = await sdkEnvironment(request)
    const snapshot = state.snapshot(environment)
    const etag = etagOf(snapshot.seq)
    reply.header('etag', etag).header('cache-control', 'no-cache')
    if (ifNoneMatches(ifNoneMatch, etag)) return reply.code(304).send(null)
    // Already serialised once for every stream client; sent as is.
    return reply.type('application/json; charset=utf-8').send(snapshot.json as never)
  })

  app.post('/sdk/outcomes', { schema: outcomesRoute, config: { access: 'sdk' }, logLevel: HOT_ROUTE_LOG_LEVEL }, async (request, reply) => {
    const { items, chaos: injections = [] } = request.body
    checkOutcomeItems(items)
    const key = request.headers['idempotency-key']
    // Answered once the group commit holding this batch has committed (canaries/outcome-ingest.ts).
    const { accepted, ignored, injections: counted, replayed } = await outcomes.submit({
      environment: await sdkEnvironment(request),
      items,
      injections,
      ...(key !== undefined ? { idempotency: { tokenId: request.principal!.tokenId, key } } : {}),
    })
    if (replayed) return reply.code(202).header('idempotent-replayed', 'true').send({ accepted, ignored })
    metrics.outcomeBatches.inc()
    metrics.outcomeItems.inc({ result: 'accepted' }, accepted)
    metrics.outcomeItems.inc({ result: 'ignored' }, ignored)
    for (const { ruleId, injected } of counted) metrics.chaosInjections.inc({ rule: ruleId }, injected)
    return reply.code(202).send({ accepted, ignored })
  })
}
