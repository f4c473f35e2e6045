/**
 * Each replica tails the change log by seq and hands every committed change, in order and
 * exactly once, to its in-process consumers (the replica's state, the token cache) and then
 * to its listeners (the SSE hub, the flag cache). A bus message wakes it at once, usually with
 * the changes themselves; a short timer wakes it anyway, so a lost message or a Redis outage
 * delays delivery by at most one interval and never skips or duplicates a change.
 *
 * Consumers hold state read from the database: they load it at start, each at the seq it
 * read, and the feed begins at the lowest of those seqs (a consumer skips what it already
 * holds). When the log has been pruned past the feed's position (the replica could not read
 * it for longer than the retention), the gap cannot be filled from the log: every consumer
 * loads again and the resync listeners (the hub, whose clients missed changes) are told.
 */
import type { Db } from '../db/database.js'
import type { ChangeBus } from './change-bus.js'
import type { Logger } from '../platform/logger.js'
import { changesAfter, latestSeq, oldestSeq, type ChangeRecord } from './change-log.js'

export type ChangeListener = (change: ChangeRecord) => void

export interface FeedConsumer {
  /** Reads this consumer's state from the database; resolves with the seq it is at. */
  load(): Promise<number>
  apply(change: ChangeRecord): void
}

export interface ChangeFeedOptions {
  /** Unset: no timer (one replica on an in-process bus cannot miss a notification). */
  pollIntervalMs?: number
  batchSize?: number
}

/** While a reader waits for a seq, the log is read this often (a bus message may have been lost). */
const WAIT_POLL_MS = 100

export class ChangeFeed {
  private readonly consumers: FeedConsumer[] = []
  private readonly listeners = new Set<ChangeListener>()
  private readonly resyncListeners = new Set<() => void>()
  private readonly waiters = new Set<{ seq: number; resolve: (reached: boolean) => void }>()
  private lastSeq = 0
  private running: Promise<void> | undefined
  private again = false
  private timer: NodeJS.Timeout | undefined
  private unsubscribe: (() => void) | undefined
  private readonly pollIntervalMs: number | undefined
  private readonly batchSize: number

  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly log: Logger,
    options: ChangeFeedOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs
    this.batchSize = options.batchSize ?? 500
  }

  /** The seq of the last change delivered to listeners. */
  get seq(): number {
    return this.lastSeq
  }

  /** Registers a consumer; call before `start()`. */
  follow(consumer: FeedConsumer): void {
    this.consumers.push(consumer)
  }

  async start(): Promise<void> {
    this.lastSeq = await this.loadConsumers()
    this.unsubscribe = this.bus.subscribe((seq, changes) => {
      if (seq <= this.lastSeq) return
      if (changes) this.offer(changes)
      else void this.poll()
    })
    if (this.pollIntervalMs !== undefined) this.timer = setInterval(() => void this.poll(), this.pollIntervalMs).unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.unsubscribe?.()
    for (const waiter of this.waiters) waiter.resolve(false)
    await this.running
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Told after consumers reloaded over a gap: changes were skipped, not delivered. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener)
    return () => this.resyncListeners.delete(listener)
  }

  /**
   * Resolves true once the feed has delivered `seq`, reading the log meanwhile, or false after
   * `timeoutMs`. For readers that must not be served a state older than one they have seen.
   */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.lastSeq >= seq) return Promise.resolve(true)
    return new Promise((resolve) => {
      const poller = setInterval(() => void this.poll(), WAIT_POLL_MS)
      const waiter = {
        seq,
        resolve: (reached: boolean) => {
          clearInterval(poller)
          clearTimeout(timeout)
          this.waiters.delete(waiter)
          resolve(reached)
        },
      }
      const timeout = setTimeout(() => waiter.resolve(false), timeoutMs)
      this.waiters.add(waiter)
      void this.poll()
    })
  }

  /**
   * Committed changes that came with a bus message, delivered without reading them back when
   * they are the very next ones; otherwise (a gap, or a read in flight) the log is read instead.
   */
  private offer(changes: ChangeRecord[]): void {
    if (this.running || changes[0]?.seq !== this.lastSeq + 1) {
      void this.poll()
      return
    }
    for (const change of changes) this.deliver(change)
  }

  /** Reads everything after the last delivered seq. Concurrent calls coalesce into one more pass. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.drain().finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        void this.poll()
      }
    })
    return this.running
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const changes = await changesAfter(this.db, this.lastSeq, this.batchSize)
        // Seqs have holes (a transaction that drew one and rolled back), so a jump alone is no gap.
        if (changes.length > 0 && changes[0]!.seq > this.lastSeq + 1 && (await oldestSeq(this.db)) > this.lastSeq + 1) {
          await this.resync()
          continue
        }
        for (const change of changes) this.deliver(change)
        if (changes.length < this.batchSize) return
      }
    } catch (err) {
      this.log.warn({ err }, 'reading the change log failed; retrying on the next tick')
    }
  }

  private async resync(): Promise<void> {
    this.log.warn({ seq: this.lastSeq }, 'the change log was pruned past this replica; reloading the state')
    this.lastSeq = await this.loadConsumers()
    for (const listener of this.resyncListeners) listener()
    this.settleWaiters()
  }

  private async loadConsumers(): Promise<number> {
    if (this.consumers.length === 0) return latestSeq(this.db)
    const seqs = await Promise.all(this.consumers.map((consumer) => consumer.load()))
    return Math.min(...seqs)
  }

  private deliver(change: ChangeRecord): void {
    if (change.seq <= this.lastSeq) return
    this.lastSeq = change.seq
    for (const consumer of this.consumers) this.safely(change, () => consumer.apply(change))
    for (const listener of this.listeners) this.safely(change, () => listener(change))
    this.settleWaiters()
  }

  private safely(change: ChangeRecord, work: () => void): void {
    try {
      work()
    } catch (err) {
      this.log.error({ err, seq: change.seq }, 'change listener failed')
    }
  }

  private settleWaiters(): void {
    if (this.waiters.size === 0) return
    for (const waiter of this.waiters) if (this.lastSeq >= waiter.seq) waiter.resolve(true)
  }
}
