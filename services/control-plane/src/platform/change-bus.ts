/**
 * The change bus only says "the change log has grown to seq N"; the change log itself is the
 * message. Losing a notification therefore costs latency, never data: every replica also
 * polls the log on a short timer (stream/change-feed.ts).
 */
import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import type { Logger } from './logger.js'

export type SeqListener = (seq: number) => void

export interface ChangeBus {
  publish(seq: number): Promise<void>
  subscribe(listener: SeqListener): () => void
  close(): Promise<void>
}

/** The bus of a single replica: no Redis, so nobody else to tell. */
export class MemoryBus implements ChangeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)

  async publish(seq: number): Promise<void> {
    this.emitter.emit('seq', seq)
  }

  subscribe(listener: SeqListener): () => void {
    this.emitter.on('seq', listener)
    return () => this.emitter.off('seq', listener)
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners()
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
      const seq = Number(message)
      if (channel === this.channel && Number.isSafeInteger(seq)) void this.local.publish(seq)
    })
    // Subscribing on every `ready` covers the first connection and each reconnect; with the
    // offline queue off, a subscribe issued before the connection is up would just fail.
    const subscribe = () =>
      subscriber.subscribe(channel).catch((err: Error) => log.warn({ err: err.message }, 'change bus subscribe failed; polling'))
    subscriber.on('ready', subscribe)
    if (subscriber.status === 'ready') void subscribe()
  }

  async publish(seq: number): Promise<void> {
    // This replica hears about its own change at once, not after a round trip through Redis.
    await this.local.publish(seq)
    try {
      await this.publisher.publish(this.channel, String(seq))
    } catch (err) {
      this.log.debug({ err, seq }, 'change bus publish failed; other replicas catch up by polling')
    }
  }

  subscribe(listener: SeqListener): () => void {
    return this.local.subscribe(listener)
  }

  async close(): Promise<void> {
    await this.local.close()
  }
}
