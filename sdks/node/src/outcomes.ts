/**
 * Canary outcomes, counted in memory until the reporter sends them (docs/canaries.md).
 *
 * Two stages. The current window takes every `add()`: a Map lookup by flag and a few integer
 * increments, no allocation once the flag's window exists, because it runs once per request.
 * At each flush the window is sealed into the pending buffer, which holds what the control
 * plane has not accepted yet. Pending counts are merged per (flag, side, canary), so memory
 * is bounded by the number of canaried flags, not by how long the control plane is away: a
 * restart of a few seconds, or a few minutes, loses no counts. Distinct entries are still
 * capped (a long outage across many successive canaries), and beyond the cap the oldest are
 * dropped and counted.
 *
 * An item never carries more requests than the service accepts in one (10 000 000): a merge
 * that would pass it starts a new item for the same key.
 */
import { addToSketch, type CanarySide, type LatencySketch, MAX_ITEM_REQUESTS, MAX_LATENCY_MS, mergeSketch, type OutcomeReport } from '@sluice/core'

/** What this SDK sends per item: always a latency sketch (2% relative error) and the canary id. */
export interface OutcomeItem extends Omit<OutcomeReport, 'latencyBuckets'> {
  latencySketch: LatencySketch
  canaryId: string
}

/** A pending item and its place in the buffer. */
export interface PendingEntry {
  readonly id: number
  readonly key: string
  readonly item: OutcomeItem
}

interface FlagWindow {
  canaryId: string
  canary: OutcomeItem | undefined
  baseline: OutcomeItem | undefined
}

function newItem(flagKey: string, side: CanarySide, canaryId: string): OutcomeItem {
  return { flagKey, side, requests: 0, errors: 0, latencyMsSum: 0, latencySketch: {}, canaryId }
}

function addInto(target: OutcomeItem, source: OutcomeItem): void {
  target.requests += source.requests
  target.errors += source.errors
  target.latencyMsSum += source.latencyMsSum
  mergeSketch(target.latencySketch, source.latencySketch)
}

export interface DroppedOutcomes {
  requests: number
  entries: number
}

export class OutcomeAggregator {
  private readonly current = new Map<string, FlagWindow>()
  /** Insertion order is age: the first entry is the oldest, the one dropped first. */
  private readonly pending = new Map<number, PendingEntry>()
  /** The entry still taking merges for a (flag, side, canary) key. */
  private readonly open = new Map<string, PendingEntry>()
  private nextId = 0
  /** Requests counted and neither accepted by the control plane nor dropped. */
  pendingRequests = 0
  droppedRequests = 0

  constructor(private readonly maxEntries: number) {}

  /** Counts one request. The caller has checked its arguments (a finite latency, not negative); this never throws. */
  add(flagKey: string, canaryId: string, onCanarySide: boolean, success: boolean, latencyMs: number): void {
    let window = this.current.get(flagKey)
    if (window === undefined || window.canaryId !== canaryId) {
      // A new canary for the flag: what the old one collected waits in the buffer as it is.
      if (window !== undefined) this.retire(window)
      window = { canaryId, canary: undefined, baseline: undefined }
      this.current.set(flagKey, window)
    }
    let item = onCanarySide ? window.canary : window.baseline
    if (item === undefined || item.requests === MAX_ITEM_REQUESTS) {
      if (item !== undefined) this.merge(item)
      item = newItem(flagKey, onCanarySide ? 'canary' : 'baseline', canaryId)
      if (onCanarySide) window.canary = item
      else window.baseline = item
    }
    item.requests++
    if (!success) item.errors++
    // The service refuses a sum beyond an hour per request, and the batch it would refuse
    // carries every other flag's counts too: a runaway timer must cost at most its own latency.
    item.latencyMsSum += Math.min(latencyMs, MAX_LATENCY_MS)
    addToSketch(item.latencySketch, latencyMs)
    this.pendingRequests++
  }

  /**
   * Moves the current window into the pending buffer, then drops the oldest entries beyond
   * the cap. Returns what was dropped, so the caller can warn.
   */
  seal(): DroppedOutcomes {
    for (const window of this.current.values()) this.retire(window)
    this.current.clear()
    let requests = 0
    let entries = 0
    for (const entry of this.pending.values()) {
      if (this.pending.size <= this.maxEntries) break
      this.remove(entry)
      requests += entry.item.requests
      entries++
    }
    this.pendingRequests -= requests
    this.droppedRequests += requests
    return { requests, entries }
  }

  /** Every pending entry, oldest first. */
  entries(): PendingEntry[] {
    return [...this.pending.values()]
  }

  get pendingEntries(): number {
    return this.pending.size
  }

  /** The control plane took these. */
  accepted(entries: readonly PendingEntry[]): number {
    let requests = 0
    for (const entry of entries) if (this.remove(entry)) requests += entry.item.requests
    this.pendingRequests -= requests
    return requests
  }

  /** Whether `entry` still waits for delivery (it may have been dropped meanwhile). */
  isPending(entry: PendingEntry): boolean {
    return this.pending.has(entry.id)
  }

  /** These went out in a batch: they take no more counts, so a retry of the batch carries exactly what it carried. */
  freeze(entries: readonly PendingEntry[]): void {
    for (const entry of entries) if (this.open.get(entry.key) === entry) this.open.delete(entry.key)
  }

  /** These can never be delivered (the control plane rejected them as malformed). */
  drop(entries: readonly PendingEntry[]): number {
    let requests = 0
    for (const entry of entries) if (this.remove(entry)) requests += entry.item.requests
    this.pendingRequests -= requests
    this.droppedRequests += requests
    return requests
  }

  /** Seals and hands over everything, as if delivered: the offline client's `takeOutcomes()`. */
  take(): OutcomeItem[] {
    this.seal()
    const items = [...this.pending.values()].map((entry) => entry.item)
    this.accepted([...this.pending.values()])
    return items
  }

  private retire(window: FlagWindow): void {
    if (window.canary !== undefined) this.merge(window.canary)
    if (window.baseline !== undefined) this.merge(window.baseline)
  }

  private merge(item: OutcomeItem): void {
    const key = `${item.flagKey}\0${item.side}\0${item.canaryId}`
    const open = this.open.get(key)
    if (open !== undefined && open.item.requests + item.requests <= MAX_ITEM_REQUESTS) {
      addInto(open.item, item)
      return
    }
    const entry: PendingEntry = { id: this.nextId++, key, item }
    this.pending.set(entry.id, entry)
    this.open.set(key, entry)
  }

  private remove(entry: PendingEntry): boolean {
    if (!this.pending.delete(entry.id)) return false
    if (this.open.get(entry.key) === entry) this.open.delete(entry.key)
    return true
  }
}
