/**
 * The SSE side of one replica: every open SDK stream, fed from the change feed.
 *
 * Clients are held per environment: a change is projected to its SDK view and serialised once,
 * then written to the clients of its environment only (a global change, to every client), so
 * a change in staging costs production's clients nothing — not a write, not a wake-up.
 * A connecting client gets either the changes after its Last-Event-ID — from the frames this
 * replica keeps in memory, else from the change log, so any replica can resume any client —
 * or the snapshot the replica holds in memory, then goes live; see StreamClient for why that
 * has no gap. A Last-Event-ID ahead of this replica (the client was on a replica that had
 * seen more) waits briefly for the feed to catch up rather than go back in time.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Counter, Gauge } from 'prom-client'
import type { Db } from '../db/database.js'
import { SluiceError } from '../errors.js'
import type { Logger } from '../platform/logger.js'
import type { ChangeFeed } from '../changes/change-feed.js'
import { changesAfter, latestSeq, oldestSeq, type ChangeRecord } from '../changes/change-log.js'
import type { ReplicaState } from './replica-state.js'
import { ReplayBuffer } from './replay-buffer.js'
import { sdkPayload } from './sdk-views.js'
import { SSE_HEADERS, SSE_PING, sseEvent, sseRetry } from './sse.js'
import { StreamClient } from './stream-client.js'

const PING_BYTES = Buffer.from(SSE_PING)

/** What the hub counts; ops/metrics.ts's Metrics has it. */
export interface StreamMetrics {
  sseClients: Pick<Gauge, 'inc' | 'dec'>
  sseEvents: Pick<Counter<'type'>, 'inc'>
  sseRefused: Pick<Counter<'limit'>, 'inc'>
  sseDropped: Pick<Counter, 'inc'>
}

export interface StreamOptions {
  pingIntervalMs: number
  retryMs: number
  /** STREAM_MAX_PER_TOKEN: open streams one token may hold on one replica. */
  maxConnectionsPerToken: number
  /** STREAM_MAX_PER_REPLICA: open streams on one replica, whatever the token. */
  maxConnections: number
  maxBufferedBytes: number
  /** A resume further behind than this many changes gets a snapshot instead of a replay. */
  maxReplay: number
  /** Recent frames kept in memory for resumes without a query. */
  replayBufferBytes: number
  /** How long a resume from a seq this replica has not reached yet waits for its feed. */
  catchUpMs: number
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  pingIntervalMs: 15_000,
  retryMs: 2_000,
  maxConnectionsPerToken: 5_000,
  maxConnections: 20_000,
  maxBufferedBytes: 512 * 1024,
  maxReplay: 5_000,
  replayBufferBytes: 16 * 1024 * 1024,
  catchUpMs: 2_000,
}

/** Streams end when their clients leave, which no clock predicts; this paces reconnect loops. */
const TOO_MANY_STREAMS_RETRY_AFTER_S = 30

export type StreamLimit = 'per_token' | 'per_replica'

export class TooManyStreamsError extends SluiceError {
  constructor(
    readonly limit: StreamLimit,
    max: number,
  ) {
    const message =
      limit === 'per_token'
        ? `this token already has ${max} open streams on this replica (STREAM_MAX_PER_TOKEN=${max}); close some, use another token, or raise the limit`
        : `this replica already serves ${max} open streams (STREAM_MAX_PER_REPLICA=${max}); retry later (another replica may take it) or raise the limit`
    super('SLUICE_TOO_MANY_STREAMS', 429, message, { 'retry-after': String(TOO_MANY_STREAMS_RETRY_AFTER_S) })
  }
}

/** The SSE frame of a change, or undefined when the change is not for SDKs. */
function frameOf(change: ChangeRecord): string | undefined {
  const payload = sdkPayload(change.type, change.payload)
  return payload && sseEvent(change.type, change.seq, JSON.stringify({ seq: change.seq, ...payload }))
}

/** Last-Event-ID as a seq, or undefined when absent or not ours. */
export function parseLastEventId(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header.trim())) return undefined
  return Number(header.trim())
}

interface FirstState {
  text: string | Buffer
  seq: number
}

/** The changes a client of `environment` is sent: its environment's and the global ones. */
const isFor = (change: ChangeRecord, environment: string) => change.environment == null || change.environment === environment

export class StreamHub {
  private readonly clients = new Set<StreamClient>()
  private readonly byEnvironment = new Map<string, Set<StreamClient>>()
  private readonly perToken = new Map<string, number>()
  private readonly pinger: NodeJS.Timeout
  private readonly recent: ReplayBuffer

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly state: ReplicaState,
    private readonly metrics: StreamMetrics,
    private readonly log: Logger,
    private readonly options: StreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {
    this.recent = new ReplayBuffer(feed.seq, options.maxReplay, options.replayBufferBytes)
    feed.onChange((change) => {
      const text = frameOf(change)
      if (text === undefined) return
      // Encoded once: writing a string would encode it again for each of thousands of sockets.
      const frame = Buffer.from(text)
      const environment = change.environment ?? null
      this.recent.append(change.seq, environment, frame)
      const clients = environment === null ? this.clients : this.byEnvironment.get(environment)
      if (!clients) return
      for (const client of clients) client.event(change.seq, frame)
      this.metrics.sseEvents.inc({ type: change.type }, clients.size)
    })
    feed.onResync(() => {
      // The log skipped changes these clients never saw: they reconnect and get a snapshot.
      this.recent.reset(feed.seq)
      for (const client of this.clients) client.close()
    })
    this.pinger = setInterval(() => {
      for (const client of this.clients) client.comment(PING_BYTES)
    }, options.pingIntervalMs).unref()
  }

  get size(): number {
    return this.clients.size
  }

  /** Open streams of one environment on this replica. */
  sizeOf(environment: string): number {
    return this.byEnvironment.get(environment)?.size ?? 0
  }

  async connect(request: FastifyRequest, reply: FastifyReply, tokenId: string, environment: string): Promise<void> {
    this.admit(tokenId)

    reply.hijack()
    const raw = reply.raw
    request.raw.socket.setTimeout(0)
    request.raw.socket.setNoDelay(true)
    raw.writeHead(200, { ...SSE_HEADERS, 'x-request-id': request.id })
    raw.write(sseRetry(this.options.retryMs))

    const client = new StreamClient(raw, tokenId, environment, this.options.maxBufferedBytes, (slow) => {
      request.log.warn({ tokenId, buffered: raw.writableLength }, 'stream client too slow; dropping it (it will resume from its last event)')
      this.metrics.sseDropped.inc()
      slow.close()
    })
    this.add(client)
    raw.on('close', () => this.remove(client))

    try {
      const first = await this.firstState(environment, parseLastEventId(request.headers['last-event-id']))
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

  /** Ends the streams a revoked token holds open: its reconnect is then refused (401). */
  endStreamsOf(tokenId: string): void {
    for (const client of this.clients) if (client.tokenId === tokenId) client.close()
  }

  private admit(tokenId: string): void {
    const { maxConnections, maxConnectionsPerToken } = this.options
    let refused: TooManyStreamsError | undefined
    if (this.clients.size >= maxConnections) refused = new TooManyStreamsError('per_replica', maxConnections)
    else if ((this.perToken.get(tokenId) ?? 0) >= maxConnectionsPerToken) refused = new TooManyStreamsError('per_token', maxConnectionsPerToken)
    if (!refused) return
    this.metrics.sseRefused.inc({ limit: refused.limit })
    throw refused
  }

  /** The changes after `lastEventId` when they can all be had, else the snapshot in memory. */
  private async firstState(environment: string, lastEventId: number | undefined): Promise<FirstState> {
    if (lastEventId !== undefined) {
      if (lastEventId > this.feed.seq) await this.feed.waitFor(lastEventId, this.options.catchUpMs)
      const replay = this.replayFromMemory(environment, lastEventId) ?? (await this.replayFromLog(environment, lastEventId))
      if (replay) return replay
    }
    const snapshot = this.state.snapshot(environment)
    return { text: sseEvent('snapshot', snapshot.seq, snapshot.json), seq: snapshot.seq }
  }

  /** Synchronous with the feed: the frames held run exactly up to the feed's position. */
  private replayFromMemory(environment: string, after: number): FirstState | undefined {
    if (after > this.feed.seq) return undefined
    const frames = this.recent.after(after, environment)
    return frames && { text: Buffer.concat(frames), seq: this.feed.seq }
  }

  private async replayFromLog(environment: string, after: number): Promise<FirstState | undefined> {
    const [oldest, latest] = await Promise.all([oldestSeq(this.db), latestSeq(this.db)])
    // Pruned past it, or a seq this log never reached (another database): start over.
    if (after > latest || (oldest > 0 && after < oldest - 1)) return undefined
    const changes = await changesAfter(this.db, after, this.options.maxReplay + 1)
    if (changes.length > this.options.maxReplay) return undefined
    const text = changes
      .filter((change) => isFor(change, environment))
      .map(frameOf)
      .filter((frame) => frame !== undefined)
      .join('')
    return { text, seq: changes.at(-1)?.seq ?? after }
  }

  private add(client: StreamClient): void {
    this.clients.add(client)
    let peers = this.byEnvironment.get(client.environment)
    if (!peers) this.byEnvironment.set(client.environment, (peers = new Set()))
    peers.add(client)
    this.perToken.set(client.tokenId, (this.perToken.get(client.tokenId) ?? 0) + 1)
    this.metrics.sseClients.inc()
  }

  private remove(client: StreamClient): void {
    if (!this.clients.delete(client)) return
    const peers = this.byEnvironment.get(client.environment)!
    peers.delete(client)
    if (peers.size === 0) this.byEnvironment.delete(client.environment)
    const left = (this.perToken.get(client.tokenId) ?? 1) - 1
    if (left > 0) this.perToken.set(client.tokenId, left)
    else this.perToken.delete(client.tokenId)
    this.metrics.sseClients.dec()
    client.close()
  }
}
