import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/database.js'
import { latestSeq } from '../stream/change-log.js'
import type { SnapshotCache } from '../stream/snapshot.js'
import type { StreamHub } from '../stream/stream-hub.js'
import { stateRoute, streamRoute } from './sdk-schemas.js'

interface SdkRoutesOptions {
  db: Db
  hub: StreamHub
  snapshots: SnapshotCache
}

export const sdkRoutes: FastifyPluginAsyncTypebox<SdkRoutesOptions> = async (app, { db, hub, snapshots }) => {
  app.get('/sdk/stream', { schema: streamRoute, config: { access: 'sdk' } }, async (request, reply) => {
    await hub.connect(request, reply, request.principal!.tokenId)
  })

  app.get('/sdk/state', { schema: stateRoute, config: { access: 'sdk' } }, async (request, reply) => {
    // The log's head, not this replica's feed position: a poller reading right after a write sees it.
    const snapshot = await snapshots.get(await latestSeq(db))
    const etag = `"${snapshot.seq}"`
    reply.header('etag', etag).header('cache-control', 'no-cache')
    if (request.headers['if-none-match'] === etag) return reply.code(304).send(null)
    // Already serialised once for every stream client; sent as is.
    return reply.type('application/json; charset=utf-8').send(snapshot.json as never)
  })
}
