/**
 * The SSE side of one replica: every open SDK stream, fed from the change feed.
 *
 * A change is serialised once and written to every client. A connecting client gets either
 * the changes after its Last-Event-ID (read from the change log, so any replica can resume
 * any client) or a snapshot, then goes live; see StreamClient for why that has no gap.
 */
import { STREAM_EVENT_TYPES } from '@sluice/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.js'
import { SluiceError } from '../errors.js'
import type { Logger } from '../platform/logger.js'
import type { Metrics } from '../ops/metrics.js'
import type { ChangeFeed } from './change-feed.js'
import { changesAfter, latestSeq, oldestSeq, type ChangeRecord } from './change-log.js'
import type { SnapshotCache } from './snapshot.js'
import { SSE_HEADERS, SSE_PING, sseEvent, sseRetry } from './sse.js'
import { StreamClient } from './stream-client.js'

const PUBLIC_TYPES = new Set<string>(STREAM_EVENT_TYPES)
const PING_BYTES = Buffer.from(SSE_PING)

export interface StreamOptions {
  pingIntervalMs: number
  retryMs: number
  maxConnectionsPerToken: number
  maxBufferedBytes: number
  /** A resume further behind than this many changes gets a snapshot instead of a replay. */
  maxReplay: number
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  pingIntervalMs: 15_000,
  retryMs: 2_000,
  maxConnectionsPerToken: 5_000,
  maxBufferedBytes: 512 * 1024,
  maxReplay: 5_000,
}

/** Streams end when their clients leave, which no clock predicts; this paces reconnect loops. */
const TOO_MANY_STREAMS_RETRY_AFTER_S = 30

export class TooManyStreamsError extends SluiceError {
  constructor(limit: number) {
    super('SLUICE_TOO_MANY_STREAMS', 429, `this token already has ${limit} open streams on this replica; close some or use another token`, {
      'retry-after': String(TOO_MANY_STREAMS_RETRY_AFTER_S),
    })
  }
}

function frameOf(change: ChangeRecord): string {
  return sseEvent(change.type, change.seq, JSON.stringify({ seq: change.seq, ...(change.payload as object) }))
}

/** Last-Event-ID as a seq, or undefined when absent or not ours. */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header.trim())) return undefined
  return Number(header.trim())
}

export class StreamHub {
  private readonly clients = new Set<StreamClient>()
  private readonly perToken = new Map<string, number>()
  private readonly pinger: NodeJS.Timeout

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly snapshots: SnapshotCache,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly options: StreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    feed.onChange((change) => {
      if (!PUBLIC_TYPES.has(change.type)) return
      // Encoded once: writing a string would encode it again for each of thousands of sockets.
      const frame = Buffer.from(frameOf(change))
      for (const client of this.clients) client.event(change.seq, frame)
      this.metrics.sseEvents.inc({ type: change.type }, this.clients.size)
    })
    this.pinger = setInterval(() => {
      for (const client of this.clients) client.comment(PING_BYTES)
    }, options.pingIntervalMs).unref()
  }

  get size(): number {
    return this.clients.size
  }

  async connect(request: FastifyRequest, reply: FastifyReply, tokenId: string): Promise<void> {
    const open = this.perToken.get(tokenId) ?? 0
    if (open >= this.options.maxConnectionsPerToken) throw new TooManyStreamsError(this.options.maxConnectionsPerToken)

    reply.hijack()
    const raw = reply.raw
    request.raw.socket.setTimeout(0)
    request.raw.socket.setNoDelay(true)
    raw.writeHead(200, { ...SSE_HEADERS, 'x-request-id': request.id })
    raw.write(sseRetry(this.options.retryMs))

    const client = new StreamClient(raw, tokenId, this.options.maxBufferedBytes, (slow) => {
      request.log.warn({ tokenId, buffered: raw.writableLength }, 'stream client too slow; dropping it (it will resume from its last event)')
      this.metrics.sseDropped.inc()
      slow.close()
    })
    const registeredAt = this.feed.seq
    this.add(client)
    raw.on('close', () => this.remove(client))

    try {
      const first = await this.firstState(parseLastEventId(request.headers['last-event-id']), registeredAt)
      client.start(first.text, first.seq)
    } catch (err) {
      request.log.warn({ err }, 'could not prepare a stream; closing it so the client retries')
      client.close()
    }
  }

  close(): void {
    clearInterval(this.pinger)
    for (const client of this.clients) client.close()
  }

  /** The changes after `lastEventId` when they are all still in the log, else a snapshot. */
  private async firstState(lastEventId: number | undefined, registeredAt: number): Promise<{ text: string; seq: number }> {
    if (lastEventId !== undefined) {
      const replay = await this.replay(lastEventId)
      if (replay) return replay
    }
    const snapshot = await this.snapshots.get(registeredAt)
    return { text: sseEvent('snapshot', snapshot.seq, snapshot.json), seq: snapshot.seq }
  }

  private async replay(after: number): Promise<{ text: string; seq: number } | undefined> {
    const [oldest, latest] = await Promise.all([oldestSeq(this.db), latestSeq(this.db)])
    // Pruned past it, or a seq this log never reached (another database): start over.
    if (after > latest || (oldest > 0 && after < oldest - 1)) return undefined
    const changes = await changesAfter(this.db, after, this.options.maxReplay + 1)
    if (changes.length > this.options.maxReplay) return undefined
    const text = changes.filter((c) => PUBLIC_TYPES.has(c.type)).map(frameOf).join('')
    return { text, seq: changes.at(-1)?.seq ?? after }
  }

  private add(client: StreamClient): void {
    this.clients.add(client)
    this.perToken.set(client.tokenId, (this.perToken.get(client.tokenId) ?? 0) + 1)
    this.metrics.sseClients.inc()
  }

  private remove(client: StreamClient): void {
    if (!this.clients.delete(client)) return
    const left = (this.perToken.get(client.tokenId) ?? 1) - 1
    if (left > 0) this.perToken.set(client.tokenId, left)
    else this.perToken.delete(client.tokenId)
    this.metrics.sseClients.dec()
    client.close()
  }
}
