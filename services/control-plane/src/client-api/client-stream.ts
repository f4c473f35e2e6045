/**
 * GET /api/v1/client/stream: tells browsers that their environment changed, and nothing else
 * (DESIGN §15). Each event is `id: <seq>` and `data: {"type":"refetchEvaluation","seq":N}` —
 * OFREP's change notification (its ADR 0008), so the page re-fetches its bulk evaluation with
 * its ETag. Rules, user lists and answers never go out here: a client token could not be told
 * more than its own bulk evaluation says.
 *
 * A change is announced when it moved the environment's state (replica-state.ts applies it
 * first, as the feed's consumer), so a change elsewhere costs these clients nothing. On
 * connect the current seq is sent at once: a page that reconnects after missing events
 * compares it with the seq of its last answer and re-fetches only if they differ.
 */
import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ChangeFeed } from '../changes/change-feed.js'
import type { ReplicaState } from '../stream/replica-state.js'
import { SSE_HEADERS, SSE_PING, sseRetry } from '../stream/sse.js'
import { TooManyStreamsError } from '../stream/stream-hub.js'

export interface ClientStreamOptions {
  pingIntervalMs: number
  retryMs: number
  /** STREAM_MAX_PER_REPLICA: client streams count against it with the SDKs'. Not per token: every visitor of a site shares one. */
  maxConnections: number
  /** A reader this far behind is dropped; it reconnects and re-fetches. */
  maxBufferedBytes: number
}

function changedEvent(seq: number): string {
  return `id: ${seq}\ndata: {"type":"refetchEvaluation","seq":${seq}}\n\n`
}

export class ClientStreamHub {
  private readonly byEnvironment = new Map<string, Set<ServerResponse>>()
  /** Each open stream's client token, so a revocation can end what the token opened. */
  private readonly tokenOf = new Map<ServerResponse, string>()
  private readonly pinger: NodeJS.Timeout
  private size = 0

  constructor(
    feed: ChangeFeed,
    private readonly state: ReplicaState,
    private readonly options: ClientStreamOptions,
    /** Open SDK streams on this replica, which share the per-replica limit. */
    private readonly sdkStreams: () => number,
  ) {
    feed.onChange((change) => {
      if (change.environment == null) return
      const clients = this.byEnvironment.get(change.environment)
      if (!clients || this.state.evaluationState(change.environment).seq !== change.seq) return
      const frame = changedEvent(change.seq)
      for (const raw of clients) this.write(raw, frame)
    })
    this.pinger = setInterval(() => {
      for (const clients of this.byEnvironment.values()) for (const raw of clients) this.write(raw, SSE_PING)
    }, options.pingIntervalMs).unref()
  }

  connect(request: FastifyRequest, reply: FastifyReply, environment: string, tokenId: string): void {
    if (this.size + this.sdkStreams() >= this.options.maxConnections) throw new TooManyStreamsError('per_replica', this.options.maxConnections)
    reply.hijack()
    const raw = reply.raw
    request.raw.socket.setTimeout(0)
    request.raw.socket.setNoDelay(true)
    // Hijacked: the headers set so far (CORS, the request id) are written here or not at all.
    raw.writeHead(200, { ...reply.getHeaders(), ...SSE_HEADERS, 'x-request-id': request.id } as Record<string, string>)
    raw.write(sseRetry(this.options.retryMs) + changedEvent(this.state.evaluationState(environment).seq))
    let clients = this.byEnvironment.get(environment)
    if (!clients) this.byEnvironment.set(environment, (clients = new Set()))
    clients.add(raw)
    this.tokenOf.set(raw, tokenId)
    this.size++
    raw.on('close', () => {
      this.tokenOf.delete(raw)
      if (clients.delete(raw)) this.size--
      if (clients.size === 0 && this.byEnvironment.get(environment) === clients) this.byEnvironment.delete(environment)
    })
  }

  close(): void {
    clearInterval(this.pinger)
    for (const clients of this.byEnvironment.values()) for (const raw of clients) raw.end()
  }

  /** Ends the streams a revoked client token holds open: the page's reconnect is then refused (401). */
  endStreamsOf(tokenId: string): void {
    for (const [raw, holder] of this.tokenOf) if (holder === tokenId) raw.end()
  }

  private write(raw: ServerResponse, frame: string): void {
    if (raw.writableLength > this.options.maxBufferedBytes) {
      raw.destroy()
      return
    }
    raw.write(frame)
  }
}
