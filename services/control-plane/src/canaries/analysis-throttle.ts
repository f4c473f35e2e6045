/**
 * When canaries are analysed after outcomes arrive: each at most once per interval (100 ms),
 * however many batches it receives, and at once when a batch makes the seed rule fire.
 *
 * Analysing after every batch cost three reads per batch, more than counting it; at one flush
 * a second per application instance a canary's outcomes arrive in many small batches, and the
 * verdict cannot change much within 100 ms. A canary touched while its interval runs is
 * analysed when it ends, so the last batch is always analysed. Canaries due together are
 * analysed in one run (one read of their rows, counters and windows), one run at a time.
 * A canary's first batch after a quiet interval is analysed at once, so a lone SDK flushing
 * once a second sees no delay at all.
 */
import type { Logger } from '../platform/logger.js'

export const ANALYSIS_INTERVAL_MS = 100

export type AnalyseCanaries = (canaryIds: string[]) => Promise<void>

export class AnalysisThrottle {
  private readonly lastRun = new Map<string, number>()
  private readonly due = new Set<string>()
  private readonly urgent = new Set<string>()
  private running: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    private readonly analyse: AnalyseCanaries,
    private readonly log: Logger,
    private readonly intervalMs = ANALYSIS_INTERVAL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Outcomes for `canaryId` were stored; `urgent` when they crossed a rule that must act now. */
  touch(canaryId: string, urgent = false): void {
    if (this.stopped) return
    this.due.add(canaryId)
    if (urgent) this.urgent.add(canaryId)
    this.pump()
  }

  /** Waits for a run in flight and runs nothing more. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  /** Resolves when nothing is due or running: for tests that read a verdict after a report. */
  async settled(): Promise<void> {
    while (this.running || this.due.size > 0) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, this.intervalMs / 4)))
    }
  }

  private pump(): void {
    if (this.running || this.stopped) return
    const now = this.clock()
    const ready: string[] = []
    let wait = Number.POSITIVE_INFINITY
    for (const id of this.due) {
      const left = (this.lastRun.get(id) ?? Number.NEGATIVE_INFINITY) + this.intervalMs - now
      if (left <= 0 || this.urgent.has(id)) ready.push(id)
      else wait = Math.min(wait, left)
    }
    if (ready.length === 0) {
      if (Number.isFinite(wait) && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.pump()
        }, Math.ceil(wait))
        this.timer.unref()
      }
      return
    }
    for (const id of ready) {
      this.due.delete(id)
      this.urgent.delete(id)
      this.lastRun.set(id, now)
    }
    this.running = this.analyse(ready)
      .catch((err: unknown) => this.log.error({ err, canaryIds: ready }, 'analysing canaries after outcomes failed; the next scheduler tick analyses them'))
      .finally(() => {
        this.running = undefined
        this.forgetIdle(now)
        this.pump()
      })
  }

  /** Canaries quiet for a while need no memory of their last run: the next one is due at once anyway. */
  private forgetIdle(now: number): void {
    if (this.lastRun.size < 1000) return
    for (const [id, at] of this.lastRun) if (now - at > this.intervalMs && !this.due.has(id)) this.lastRun.delete(id)
  }
}
