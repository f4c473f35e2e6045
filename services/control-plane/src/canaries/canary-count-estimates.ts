/**
 * A replica's estimate of each canary's canary-side totals between two analyses: what the last
 * analysis read, plus what this replica committed since. Ingest asks it whether a commit made
 * the seed rule fire, to analyse at once rather than within the throttle's interval. It never
 * decides a verdict (the analysis reads the stored counts): counts another replica committed
 * meanwhile, which it misses, only delay that shortcut until the next analysis.
 */
export interface Counts {
  requests: number
  errors: number
}

/** Canaries remembered at most; the one estimated longest ago goes first. */
const MAX_CANARIES = 10_000

export class CanaryCountEstimates {
  private readonly canaries = new Map<string, Counts>()

  /** The analysis read these canary-side totals. */
  analysed(canaryId: string, counts: Counts): void {
    this.remember(canaryId, { requests: counts.requests, errors: counts.errors })
  }

  /** This replica committed `counts` to the canary side; returns its estimated totals. */
  added(canaryId: string, counts: Counts): Counts {
    const totals = this.canaries.get(canaryId) ?? { requests: 0, errors: 0 }
    totals.requests += counts.requests
    totals.errors += counts.errors
    this.remember(canaryId, totals)
    return totals
  }

  private remember(canaryId: string, totals: Counts): void {
    this.canaries.delete(canaryId)
    this.canaries.set(canaryId, totals)
    if (this.canaries.size > MAX_CANARIES) this.canaries.delete(this.canaries.keys().next().value!)
  }
}
