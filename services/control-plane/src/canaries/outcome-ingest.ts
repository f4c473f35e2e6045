/**
 * Outcome ingest by group commit. Batches that arrive while a write is in flight (or within
 * the same turn of the event loop) are summed in memory and written together: one upsert of
 * the totals and one of the current window per (canary, side), plus the chaos injection
 * counts, in one transaction. Each batch is answered only once the transaction that holds it
 * has committed, so an answered batch survives a kill -9, and one that was not answered is
 * sent again by its SDK (which retries network errors and 5xx).
 *
 * Under load a replica then makes one statement per group instead of four per batch, and the
 * number of statements is set by the groups, not by the batches. On Postgres several groups
 * are written at once (`writers`), each into its own stripe of the counters. Which
 * canaries are active comes from memory (ActiveCanaries); the analysis follows the write,
 * throttled per canary (AnalysisThrottle), and never delays the answer.
 *
 * A group is counted whole or not at all. When its transaction fails, its batches are written
 * again one by one: a batch that cannot be stored (a counter past the range of its column) is
 * refused alone, and the batches that came with it are still counted once.
 */
import { type CanarySide, type LatencySketch, mergeSketch, type OutcomeReport, sketchFromHistogram } from '@sluice/core'
import type { Db } from '../db/database.js'
import type { ActiveCanaries, ActiveCanary } from './active-canaries.js'
import type { AnalysisThrottle } from './analysis-throttle.js'
import { addOutcomes, type OutcomeSum, type SideTotals } from './canary-metrics-store.js'

export type OutcomeItem = OutcomeReport

export interface InjectionReport {
  ruleId: string
  injected: number
}

/** Adds injection counts inside `tx`; returns the ids of the rules that exist (the others are dropped). */
export type RecordInjections = (tx: Db, reports: InjectionReport[]) => Promise<Set<string>>

export interface IngestResult {
  accepted: number
  ignored: number
  /** The injection reports counted (those naming an existing rule). */
  injections: InjectionReport[]
}

/** How long a group waits for more batches before its write starts. */
const GROUP_LINGER_MS = 2

/** At most this many batches go into one transaction; the rest wait for the next. */
const MAX_GROUP_BATCHES = 1000

interface Batch {
  sums: OutcomeSum[]
  canaries: ActiveCanary[]
  injections: InjectionReport[]
  resolve(known: Set<string>): void
  reject(error: unknown): void
}

function sketchOf(item: OutcomeItem): LatencySketch {
  const sketch = item.latencySketch ? { ...item.latencySketch } : {}
  return item.latencyBuckets ? mergeSketch(sketch, sketchFromHistogram(item.latencyBuckets)) : sketch
}

function addInto(sums: Map<string, OutcomeSum>, canaryId: string, side: CanarySide, counts: OutcomeSum['counts']): void {
  const key = `${canaryId}:${side}`
  const sum = sums.get(key)
  if (!sum) {
    sums.set(key, { canaryId, side, counts: { ...counts, latencySketch: { ...counts.latencySketch } } })
    return
  }
  sum.counts.requests += counts.requests
  sum.counts.errors += counts.errors
  sum.counts.latencyMsSum += counts.latencyMsSum
  mergeSketch(sum.counts.latencySketch, counts.latencySketch)
}

/** The seed rule's condition on a canary side's totals: worth analysing now, not in up to 100 ms. */
function crossesThreshold(totals: SideTotals, canary: ActiveCanary | undefined): boolean {
  if (!canary || totals.side !== 'canary' || totals.requests < canary.minSampleSize || totals.requests === 0) return false
  return (totals.errors / totals.requests) * 100 > canary.rollbackThreshold
}

export interface OutcomeIngestOptions {
  /**
   * Group writes in flight at once (default 1). Each adds to its own stripe of the counters,
   * so on Postgres they overlap instead of queueing on one row lock through each other's
   * commits; embedded PGlite runs one statement at a time and gains nothing from more.
   */
  writers?: number
}

export class OutcomeIngest {
  private queue: Batch[] = []
  /** Stripes no writer holds; a writer takes one for its life. */
  private readonly freeStripes: number[]
  private readonly writers = new Set<Promise<void>>()
  private scheduled = false

  constructor(
    private readonly db: Db,
    private readonly active: ActiveCanaries,
    private readonly recordInjections: RecordInjections,
    private readonly analysis: AnalysisThrottle,
    options: OutcomeIngestOptions = {},
  ) {
    this.freeStripes = Array.from({ length: Math.max(1, options.writers ?? 1) }, (_, i) => i)
  }

  /**
   * Counts a batch reported from `environment`; resolves once it is committed. Items for flags
   * without an active canary there (or for another canary) are ignored.
   */
  async submit(environment: string, items: readonly OutcomeItem[], reports: readonly InjectionReport[] = []): Promise<IngestResult> {
    const sums = new Map<string, OutcomeSum>()
    const canaries = new Map<string, ActiveCanary>()
    let ignored = 0
    for (const item of items) {
      const known = this.active.byFlagKey(environment, item.flagKey)
      const canary = known && (!item.canaryId || known.id === item.canaryId) ? known : await this.active.resolve(environment, item.flagKey, item.canaryId)
      // Outcomes from before this canary (or for a flag with none) say nothing about it.
      if (!canary) {
        ignored++
        continue
      }
      canaries.set(canary.id, canary)
      addInto(sums, canary.id, item.side, { requests: item.requests, errors: item.errors, latencyMsSum: item.latencyMsSum, latencySketch: sketchOf(item) })
    }
    const injections = reports.filter((r) => r.injected > 0)
    const result = { accepted: items.length - ignored, ignored }
    if (sums.size === 0 && injections.length === 0) return { ...result, injections: [] }
    const known = await new Promise<Set<string>>((resolve, reject) => {
      this.queue.push({ sums: [...sums.values()], canaries: [...canaries.values()], injections, resolve, reject })
      this.schedule()
    })
    return { ...result, injections: injections.filter((r) => known.has(r.ruleId)) }
  }

  /** Waits for every batch submitted so far to be written (for a graceful close). */
  async drained(): Promise<void> {
    while (this.writers.size > 0 || this.queue.length > 0) {
      await (this.writers.size > 0 ? Promise.all(this.writers) : new Promise((resolve) => setTimeout(resolve, GROUP_LINGER_MS)))
    }
  }

  /**
   * Starts a writer GROUP_LINGER_MS after a batch finds one free, so the batches arriving in
   * those milliseconds share its first write (a lone SDK flushing once a second waits that much
   * longer for its 202). A busy writer takes what arrived during its write as its next group.
   */
  private schedule(): void {
    if (this.scheduled || this.freeStripes.length === 0 || this.queue.length === 0) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      // The lowest free stripe: a replica that is not busy keeps adding to stripe 0.
      this.freeStripes.sort((a, b) => a - b)
      const stripe = this.freeStripes.shift()
      if (stripe === undefined || this.queue.length === 0) {
        if (stripe !== undefined) this.freeStripes.unshift(stripe)
        return
      }
      const writer = this.drain(stripe).finally(() => {
        this.writers.delete(writer)
        this.freeStripes.push(stripe)
        this.schedule()
      })
      this.writers.add(writer)
    }, GROUP_LINGER_MS)
  }

  /** Writes groups until nothing is waiting: what arrived during one write is the next group. */
  private async drain(stripe: number): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP_BATCHES)
      if (await this.commit(group, stripe)) continue
      // One batch may be what the database refused: each alone, so only that one fails.
      for (const batch of group) await this.commit([batch], stripe)
    }
  }

  /** Writes `group` and answers its batches; false when it failed with more than one batch (none is answered then). */
  private async commit(group: Batch[], stripe: number): Promise<boolean> {
    let written: Awaited<ReturnType<OutcomeIngest['write']>>
    try {
      written = await this.write(group, stripe)
    } catch (error) {
      if (group.length > 1) return false
      group[0]!.reject(error)
      return true
    }
    for (const batch of group) batch.resolve(written.known)
    for (const side of written.totals) this.analysis.touch(side.canaryId, crossesThreshold(side, written.canaries.get(side.canaryId)))
    return true
  }

  private async write(group: Batch[], stripe: number) {
    const sums = new Map<string, OutcomeSum>()
    const canaries = new Map<string, ActiveCanary>()
    const injections: InjectionReport[] = []
    for (const batch of group) {
      for (const sum of batch.sums) addInto(sums, sum.canaryId, sum.side, sum.counts)
      for (const canary of batch.canaries) canaries.set(canary.id, canary)
      injections.push(...batch.injections)
    }
    // Outcomes alone are one statement, atomic by itself; chaos counts join them in a transaction.
    if (injections.length === 0) return { totals: await addOutcomes(this.db, [...sums.values()], stripe), known: new Set<string>(), canaries }
    const { totals, known } = await this.db.transaction(async (tx) => ({
      totals: await addOutcomes(tx, [...sums.values()], stripe),
      known: await this.recordInjections(tx, injections),
    }))
    return { totals, known, canaries }
  }
}
