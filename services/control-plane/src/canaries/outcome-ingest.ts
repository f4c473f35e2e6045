/**
 * Outcome ingest by group commit. One writer writes groups back to back: the batches that
 * arrived while it wrote the last group are summed in memory and written together, one row per
 * (canary, side) appended to the outcome log (outcome-log-store.ts) in one statement that also
 * claims their idempotency keys and checks their deadline (no BEGIN, no COMMIT: two round trips
 * on Postgres). Each batch is answered only once the write that holds it has committed, so an
 * answered batch survives a kill -9, and one that was not answered is sent again by its SDK
 * (which retries network errors and 5xx).
 *
 * Under load a replica then makes one write per group instead of four statements per batch, and
 * the number of writes is set by how long one takes, not by the batches: the slower the
 * database, the larger the groups. A batch that finds the writer idle is written at once (after
 * the batches read in the same turn of the event loop), so a lone SDK's flush, or the one that
 * carries a canary's first failures, waits for nothing. Which canaries are active comes from
 * memory (ActiveCanaries); the analysis follows the write, throttled per canary
 * (AnalysisThrottle), and never delays the answer.
 *
 * A group is counted whole or not at all. When its write fails, its batches are written
 * again one by one: a batch that cannot be stored (a counter past the range of its column) is
 * refused alone, and the batches that came with it are still counted once.
 *
 * Each batch carries its request's write deadline (WRITE_DEADLINE_MS, as every write does, see
 * changes/mutator.ts). A request whose deadline passed was answered 503 and its SDK sends the
 * batch again, so a batch still queued at its deadline is dropped, never written; and a group's
 * write cannot commit after the earliest deadline among its batches (db/write-deadline.ts). When
 * that check refuses, the batches are written one by one, each under its own deadline.
 *
 * A batch may carry an idempotency key. The key is claimed in the write that counts the
 * batch (canaries/outcome-batch-store.ts); a batch whose key was committed before, or that
 * shares its key with an earlier batch of the same group, is not counted and gets the answer
 * the first one got. So counts acknowledged are counts stored, however often an SDK resends.
 * Replays are rare, so a group first tries the one statement that claims its keys as new and
 * appends its counts; only when a key was taken (or the group carries chaos injection counts) is
 * it written again in a transaction, claiming key by key.
 */
import { type CanarySide, type LatencySketch, mergeSketch, type OutcomeReport, sketchFromHistogram } from '@sluice/core'
import type { Db } from '../db/database.js'
import { DeadlinePassedError, guarded, type StatementDeadline } from '../db/write-deadline.js'
import { WriteDeadlineError } from '../errors.js'
import { Deadline } from '../platform/deadline.js'
import type { WriteDeadlineOptions } from '../changes/mutator.js'
import type { ActiveCanaries, ActiveCanary } from './active-canaries.js'
import type { AnalysisThrottle } from './analysis-throttle.js'
import { exceedsErrorThreshold } from './canary-analysis.js'
import type { CanaryCountEstimates } from './canary-count-estimates.js'
import { appendOutcomes, commitOutcomes, type OutcomeSum } from './outcome-log-store.js'
import { batchKeyId, claimBatchKeys, insertNewBatchKeys, isKeyTaken, type BatchAnswer, type BatchClaim } from './outcome-batch-store.js'

export interface InjectionReport {
  ruleId: string
  injected: number
}

/** Adds injection counts inside `tx`; returns the ids of the rules that exist (the others are dropped). */
export type RecordInjections = (tx: Db, reports: InjectionReport[]) => Promise<Set<string>>

export interface OutcomeBatch {
  environment: string
  items: readonly OutcomeReport[]
  injections?: readonly InjectionReport[]
  /** The SDK's key for this batch, the same on every retry of it; keys are per token. */
  idempotency?: { tokenId: string; key: string }
  /** By default WRITE_DEADLINE_MS from now. */
  deadline?: Deadline
}

export interface IngestResult extends BatchAnswer {
  /** The injection reports counted (those naming an existing rule). */
  injections: InjectionReport[]
  /** The key was committed before: nothing was counted now, and the answer is the first one's. */
  replayed: boolean
}

/** What a batch's commit tells it. */
interface Written {
  known: Set<string>
  replayed: BatchAnswer | undefined
}

/** At most this many batches go into one transaction; the rest wait for the next. */
const MAX_GROUP_BATCHES = 1000

interface Batch {
  deadline: Deadline
  claim: { tokenId: string; key: string } | undefined
  answer: BatchAnswer
  sums: OutcomeSum[]
  canaries: ActiveCanary[]
  injections: InjectionReport[]
  resolve(written: Written): void
  reject(error: unknown): void
}

function sketchOf(item: OutcomeReport): LatencySketch {
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


export interface OutcomeIngestOptions {
  /**
   * Each batch's deadline, and how a group's write keeps to it: the guard of a transaction, and
   * the deadline a group written as one statement checks itself (db/write-deadline.ts).
   */
  writes: WriteDeadlineOptions & { statementDeadline: StatementDeadline }
}

export class OutcomeIngest {
  private queue: Batch[] = []
  private writer: Promise<void> | undefined

  constructor(
    private readonly db: Db,
    private readonly active: ActiveCanaries,
    private readonly recordInjections: RecordInjections,
    private readonly analysis: AnalysisThrottle,
    private readonly estimates: CanaryCountEstimates,
    private readonly options: OutcomeIngestOptions,
  ) {}

  /**
   * Counts a batch reported from its environment; resolves once it is committed, or rejects
   * with a WriteDeadlineError when its deadline passes before it could be. Items for flags
   * without an active canary there (or for another canary) are ignored.
   */
  async submit({ environment, items, injections: reports = [], idempotency, deadline = new Deadline(this.options.writes.deadlineMs) }: OutcomeBatch): Promise<IngestResult> {
    const sums = new Map<string, OutcomeSum>()
    const canaries = new Map<string, ActiveCanary>()
    let ignored = 0
    for (const item of items) {
      // Synchronous on the hot path: only a canary this replica has not heard of costs a lookup.
      const cached = this.active.cached(environment, item.flagKey, item.canaryId)
      const canary = cached === undefined ? await this.active.resolve(environment, item.flagKey, item.canaryId) : cached
      // Outcomes from before this canary (or for a flag with none) say nothing about it.
      if (!canary) {
        ignored++
        continue
      }
      canaries.set(canary.id, canary)
      addInto(sums, canary.id, item.side, { requests: item.requests, errors: item.errors, latencyMsSum: item.latencyMsSum, latencySketch: sketchOf(item) })
    }
    const injections = reports.filter((r) => r.injected > 0)
    const answer = { accepted: items.length - ignored, ignored }
    if (sums.size === 0 && injections.length === 0) return { ...answer, injections: [], replayed: false }
    const written = await new Promise<Written>((resolve, reject) => {
      this.queue.push({ deadline, claim: idempotency, answer, sums: [...sums.values()], canaries: [...canaries.values()], injections, resolve, reject })
      this.schedule()
    })
    if (written.replayed) return { ...written.replayed, injections: [], replayed: true }
    return { ...answer, injections: injections.filter((r) => written.known.has(r.ruleId)), replayed: false }
  }

  /** Waits for every batch submitted so far to be written (for a graceful close). */
  async drained(): Promise<void> {
    while (this.writer) await this.writer
  }

  /** Starts the writer when a batch finds it idle; setImmediate lets the batches read in the same turn join the group. */
  private schedule(): void {
    if (this.writer || this.queue.length === 0) return
    this.writer = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.writer = undefined
        // A batch queued between the drain's last look and now would wait for the next one.
        this.schedule()
      })
  }

  /** Writes groups until nothing is waiting: what arrived during one write is the next group. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP_BATCHES).filter((batch) => this.inTime(batch))
      if (group.length === 0 || (await this.commit(group))) continue
      // One batch may be what the database refused: each alone, so only that one fails.
      for (const batch of group) if (this.inTime(batch)) await this.commit([batch])
    }
  }

  /** False, and the batch answered 503, once its deadline has passed: its SDK sends it again. */
  private inTime(batch: Batch): boolean {
    if (!batch.deadline.expired) return true
    batch.reject(new WriteDeadlineError(this.options.writes.deadlineMs))
    return false
  }

  /** Writes `group` and answers its batches; false when it failed with more than one batch (none is answered then). */
  private async commit(group: Batch[]): Promise<boolean> {
    let written: GroupWritten
    try {
      written = await this.write(group)
    } catch (error) {
      if (group.length > 1) return false
      group[0]!.reject(error instanceof DeadlinePassedError ? new WriteDeadlineError(this.options.writes.deadlineMs) : error)
      return true
    }
    for (const batch of group) batch.resolve({ known: written.known, replayed: written.replayed.get(batch) })
    for (const sum of written.sums) this.analysis.touch(sum.canaryId, this.crossesThreshold(sum, written.canaries.get(sum.canaryId)))
    return true
  }

  /** Whether the seed rule now fires on the canary side, by this replica's estimate: worth analysing now, not in up to 100 ms. */
  private crossesThreshold(sum: OutcomeSum, canary: ActiveCanary | undefined): boolean {
    if (sum.side !== 'canary' || !canary) return false
    return exceedsErrorThreshold(this.estimates.added(sum.canaryId, sum.counts), canary)
  }

  /**
   * Commits `group`: in the usual case (distinct keys, none seen before, no chaos counts) in
   * one statement that claims the keys and appends the counts; when a key turns out to be
   * taken, or the group needs more, by claiming first and counting what was not replayed.
   */
  private async write(group: Batch[]): Promise<GroupWritten> {
    const claimants = distinctClaims(group)
    const keysDistinct = claimants.size === group.filter((batch) => batch.claim).length
    if (keysDistinct && group.every((batch) => batch.injections.length === 0)) {
      try {
        return await this.writeNew(group, [...claimants.values()])
      } catch (error) {
        if (!isKeyTaken(error)) throw error
      }
    }
    return this.writeClaiming(group)
  }

  private async writeNew(group: Batch[], claimants: Batch[]): Promise<GroupWritten> {
    const { sums, canaries } = summed(group)
    const deadlineMs = await this.options.writes.statementDeadline(this.db, earliest(group))
    await commitOutcomes(this.db, sums, insertNewBatchKeys(claimants.map(claimOf)), deadlineMs)
    return { sums, known: new Set(), canaries, replayed: new Map() }
  }

  private async writeClaiming(group: Batch[]): Promise<GroupWritten> {
    return this.transaction(group, async (tx) => {
      const replayed = await claimKeys(tx, group)
      const counted = group.filter((batch) => !replayed.has(batch))
      const { sums, canaries } = summed(counted)
      const injections = counted.flatMap((batch) => batch.injections)
      await appendOutcomes(tx, sums)
      const known = injections.length > 0 ? await this.recordInjections(tx, injections) : new Set<string>()
      return { sums, known, canaries, replayed }
    })
  }

  /** Runs `work` in a transaction that commits before the earliest deadline among `group`'s batches, or not at all. */
  private async transaction<T>(group: Batch[], work: (tx: Db) => Promise<T>): Promise<T> {
    const guard = this.options.writes.guard(earliest(group))
    return this.db.transaction((tx) => guarded(tx, guard, () => work(tx)))
  }
}

interface GroupWritten {
  sums: OutcomeSum[]
  known: Set<string>
  canaries: Map<string, ActiveCanary>
  replayed: Map<Batch, BatchAnswer>
}

/** The batches' counts summed per canary and side, and the canaries they name. */
function summed(batches: Batch[]): { sums: OutcomeSum[]; canaries: Map<string, ActiveCanary> } {
  const sums = new Map<string, OutcomeSum>()
  const canaries = new Map<string, ActiveCanary>()
  for (const batch of batches) {
    for (const sum of batch.sums) addInto(sums, sum.canaryId, sum.side, sum.counts)
    for (const canary of batch.canaries) canaries.set(canary.id, canary)
  }
  return { sums: [...sums.values()], canaries }
}

const claimOf = (batch: Batch): BatchClaim => ({ ...batch.claim!, ...batch.answer })

/** The first batch holding each key in `group`, by key. */
function distinctClaims(group: Batch[]): Map<string, Batch> {
  const claimants = new Map<string, Batch>()
  for (const batch of group) if (batch.claim && !claimants.has(batchKeyId(batch.claim))) claimants.set(batchKeyId(batch.claim), batch)
  return claimants
}

/** The deadline of the group's batch that has the least time left: the group commits by then or not at all. */
function earliest(group: Batch[]): Deadline {
  return group.reduce((first, batch) => (batch.deadline.remainingMs() < first.remainingMs() ? batch.deadline : first), group[0]!.deadline)
}

/**
 * Claims the keys of the group's batches inside `tx`; returns the batches not to count, with
 * the answer to give them: a key committed before, or one an earlier batch of this group holds.
 */
async function claimKeys(tx: Db, group: Batch[]): Promise<Map<Batch, BatchAnswer>> {
  const claimants = distinctClaims(group)
  const taken = await claimBatchKeys(tx, [...claimants.values()].map(claimOf))
  const replayed = new Map<Batch, BatchAnswer>()
  for (const batch of group) {
    if (!batch.claim) continue
    const id = batchKeyId(batch.claim)
    const claimant = claimants.get(id)!
    const answer = taken.get(id) ?? (claimant === batch ? undefined : claimant.answer)
    if (answer) replayed.set(batch, answer)
  }
  return replayed
}
