/**
 * Each replica tails the change log by seq and hands every committed change, in order and
 * exactly once, to its in-process listeners (the SSE hub, the token cache). A bus message
 * wakes it at once, usually with the changes themselves; a short timer wakes it anyway, so a
 * lost message or a Redis outage delays delivery by at most one interval and never skips or
 * duplicates a change.
 */
import type { Db } from '../db/database.js'
import type { ChangeBus } from '../platform/change-bus.js'
import type { Logger } from '../platform/logger.js'
import { changesAfter, latestSeq, type ChangeRecord } from './change-log.js'

export type ChangeListener = (change: ChangeRecord) => void

export interface ChangeFeedOptions {
  /** Unset: no timer (one replica on an in-process bus cannot miss a notification). */
  pollIntervalMs?: number
  batchSize?: number
}

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>()
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

  async start(): Promise<void> {
    this.lastSeq = await latestSeq(this.db)
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
    await this.running
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
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
        for (const change of changes) this.deliver(change)
        if (changes.length < this.batchSize) return
      }
    } catch (err) {
      this.log.warn({ err }, 'reading the change log failed; retrying on the next tick')
    }
  }

  private deliver(change: ChangeRecord): void {
    if (change.seq <= this.lastSeq) return
    this.lastSeq = change.seq
    for (const listener of this.listeners) {
      try {
        listener(change)
      } catch (err) {
        this.log.error({ err, seq: change.seq }, 'change listener failed')
      }
    }
  }
}
