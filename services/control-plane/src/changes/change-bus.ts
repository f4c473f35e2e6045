/**
 * The change bus tells every replica "the change log has grown to seq N", carrying the
 * committed changes themselves when they are small, so replicas usually deliver them without
 * reading them back. The change log stays the truth: a replica that sees a gap, a missing
 * payload or nothing at all reads the log (on the next message, or on its poll timer), so a
 * lost message costs latency, never data.
 */
import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import type { ChangeRecord } from './change-log.js'
import type { Logger } from '../platform/logger.js'

export type SeqListener = (seq: number, changes?: ChangeRecord[]) => void

export interface ChangeBus {
  publish(seq: number, changes?: ChangeRecord[]): Promise<void>
  subscribe(listener: SeqListener): () => void
  close(): Promise<void>
}

/** Larger batches (a flag with a huge user list) travel as a bare seq and are read from the log. */
const MAX_INLINE_BYTES = 64 * 1024

/** The bus of a single replica: no Redis, so nobody else to tell. */
export class MemoryBus implements ChangeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)

  async publish(seq: number, changes?: ChangeRecord[]): Promise<void> {
    this.emitter.emit('seq', seq, changes)
  }

  subscribe(listener: SeqListener): () => void {
    this.emitter.on('seq', listener)
    return () => this.emitter.off('seq', listener)
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners()
  }
}

function decode(message: string): { seq: number; changes?: ChangeRecord[] } | undefined {
  try {
    const parsed = JSON.parse(message) as { seq?: unknown; changes?: Array<ChangeRecord & { at: string }> }
    if (typeof parsed.seq !== 'number' || !Number.isSafeInteger(parsed.seq)) return undefined
    const changes = Array.isArray(parsed.changes) ? parsed.changes.map((c) => ({ ...c, at: new Date(c.at) })) : undefined
    return { seq: parsed.seq, changes }
  } catch {
    return undefined
  }
}

export class RedisBus implements ChangeBus {
  private readonly local = new MemoryBus()

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly log: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return
      const decoded = decode(message)
      if (decoded) void this.local.publish(decoded.seq, decoded.changes)
    })
    // Subscribing on every `ready` covers the first connection and each reconnect (ioredis's
    // own resubscribe is off, see redis.ts); with the offline queue off, a subscribe issued
    // before the connection is up would just fail.
    const subscribe = () =>
      subscriber.subscribe(channel).catch((err: Error) => log.warn({ err: err.message }, 'change bus subscribe failed; polling'))
    subscriber.on('ready', subscribe)
    if (subscriber.status === 'ready') void subscribe()
  }

  async publish(seq: number, changes?: ChangeRecord[]): Promise<void> {
    // This replica hears about its own change at once, not after a round trip through Redis.
    await this.local.publish(seq, changes)
    const inline = changes ? JSON.stringify({ seq, changes }) : undefined
    const message = inline && inline.length <= MAX_INLINE_BYTES ? inline : JSON.stringify({ seq })
    // Not awaited: the writer's answer must not wait on Redis, and a lost message costs the
    // other replicas one poll interval, nothing more.
    this.publisher.publish(this.channel, message).catch((err: unknown) => {
      this.log.debug({ err, seq }, 'change bus publish failed; other replicas catch up by polling')
    })
  }

  subscribe(listener: SeqListener): () => void {
    return this.local.subscribe(listener)
  }

  async close(): Promise<void> {
    await this.local.close()
  }
}
