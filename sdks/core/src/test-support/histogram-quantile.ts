/**
 * How the service read a quantile from the fixed histogram before the sketch: the reference
 * the sketch's conversion of an older SDK's histogram is checked against. Nothing ships it.
 *
 * The q-quantile (0 < q < 1) interpolated linearly inside its bucket; the open last bucket
 * reports its lower bound. Undefined for an empty histogram.
 */
import { LATENCY_BUCKETS_MS } from '../latency-histogram.js'

export function histogramQuantile(buckets: readonly number[], q: number): number | undefined {
  const total = buckets.reduce((sum, n) => sum + n, 0)
  if (total === 0) return undefined
  const rank = q * total
  let seen = 0
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i]!
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!
      const upper = LATENCY_BUCKETS_MS[i]
      if (upper === undefined) return lower
      return lower + ((upper - lower) * (rank - seen)) / count
    }
    seen += count
  }
  return LATENCY_BUCKETS_MS.at(-1)
}
