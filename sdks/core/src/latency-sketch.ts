/**
 * The latency sketch SDKs fill and the service sums: log-linear buckets with a bounded
 * relative error, after DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019).
 *
 * Bucket i holds the latencies x with γ^(i−1) < x ≤ γ^i, where γ = (1 + α) / (1 − α), and
 * reports 2γ^i / (γ + 1) for them: every latency in the bucket is within α of that value. So
 * any quantile read from the sketch is within α (2%) of the true quantile of the latencies
 * counted, however they are spread: a canary at 240 ms and a baseline at 110 ms never share a
 * bucket, as they did in the old fixed histogram (whose (100, 250] bucket made both read 242.5).
 *
 * The mapping is fixed by the protocol (α travels with no sketch), so sketches from any number
 * of processes merge by adding counts per index. Latencies are clamped to
 * [MIN_SKETCH_LATENCY_MS, MAX_LATENCY_MS], which bounds a sketch to SKETCH_MAX_BUCKETS indices.
 * On the wire and in the database a sketch is a JSON object from index (a decimal integer) to
 * count, holding only the buckets that have counts.
 */
import { emptyHistogram, LATENCY_BUCKETS_MS, latencyBucketOf, MAX_LATENCY_MS } from './latency-histogram.js'
import type { CanarySide } from './types.js'

/** Index → count, only indices with counts. */
export type LatencySketch = Record<string, number>

/** One item of `POST /api/v1/sdk/outcomes`: a flag's outcomes on one side since the last report. */
export interface OutcomeReport {
  flagKey: string
  side: CanarySide
  requests: number
  errors: number
  latencyMsSum: number
  latencySketch?: LatencySketch
  /** What SDKs before the sketch sent: counts per LATENCY_BUCKETS_MS bucket, then one for slower. */
  latencyBuckets?: number[]
  /** The canary the SDK attributed these to. */
  canaryId?: string
}

/** The most requests one outcome item may carry; SDKs start a new item beyond it. */
export const MAX_ITEM_REQUESTS = 10_000_000

/** The most outcome items (and chaos reports) one `POST /api/v1/sdk/outcomes` may carry. */
export const MAX_OUTCOME_BATCH_ITEMS = 1000

/** The form of a sketch's keys on the wire: a decimal integer of at most four digits (isSketchIndex says which are reachable). */
export const SKETCH_INDEX_PATTERN = '^-?[0-9]{1,4}$'
const SKETCH_INDEX = new RegExp(SKETCH_INDEX_PATTERN)

/** The sketch's relative accuracy α: every quantile is within 2% of the true one. */
export const SKETCH_RELATIVE_ACCURACY = 0.02

const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY)
const LOG_GAMMA = Math.log(GAMMA)

/** Faster latencies count as this one (a microsecond): nothing a canary decides on is faster. */
export const MIN_SKETCH_LATENCY_MS = 0.001

/** The lowest and highest index a latency can map to. */
export const SKETCH_MIN_INDEX = Math.ceil(Math.log(MIN_SKETCH_LATENCY_MS) / LOG_GAMMA)
export const SKETCH_MAX_INDEX = Math.ceil(Math.log(MAX_LATENCY_MS) / LOG_GAMMA)
/** The most buckets a sketch can hold (551 at α = 2%). */
export const SKETCH_MAX_BUCKETS = SKETCH_MAX_INDEX - SKETCH_MIN_INDEX + 1

/** The bucket of `latencyMs`; NaN and negative latencies count as the fastest. */
export function sketchIndexOf(latencyMs: number): number {
  if (!(latencyMs > MIN_SKETCH_LATENCY_MS)) return SKETCH_MIN_INDEX
  if (latencyMs >= MAX_LATENCY_MS) return SKETCH_MAX_INDEX
  return Math.ceil(Math.log(latencyMs) / LOG_GAMMA)
}

/** The latency bucket `index` reports: within α of every latency it holds. */
export function sketchValueOf(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1)
}

export function addToSketch(sketch: LatencySketch, latencyMs: number, count = 1): void {
  const index = sketchIndexOf(latencyMs)
  sketch[index] = (sketch[index] ?? 0) + count
}

/** Adds `from`'s counts into `into`. */
export function mergeSketch(into: LatencySketch, from: Readonly<LatencySketch>): LatencySketch {
  for (const index in from) into[index] = (into[index] ?? 0) + from[index]!
  return into
}

export function sketchCount(sketch: Readonly<LatencySketch>): number {
  let total = 0
  for (const index in sketch) total += sketch[index]!
  return total
}

/** Whether `key` names a bucket a latency can map to. */
export function isSketchIndex(key: string): boolean {
  if (!SKETCH_INDEX.test(key)) return false
  const index = Number(key)
  return index >= SKETCH_MIN_INDEX && index <= SKETCH_MAX_INDEX
}

/**
 * The q-quantile (0 ≤ q ≤ 1) as DDSketch defines it: the value of the bucket holding the
 * latency of rank ⌊q·(n−1)⌋ (from 0, fastest first). Undefined for an empty sketch.
 */
export function sketchQuantile(sketch: Readonly<LatencySketch>, q: number): number | undefined {
  const buckets = Object.keys(sketch)
    .map((key) => [Number(key), sketch[key]!] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0])
  const total = buckets.reduce((sum, [, count]) => sum + count, 0)
  if (total === 0) return undefined
  const rank = Math.floor(q * (total - 1))
  let seen = 0
  for (const [index, count] of buckets) {
    seen += count
    if (seen > rank) return sketchValueOf(index)
  }
  return sketchValueOf(buckets.at(-1)![0])
}

/**
 * The sketch closest to what an older SDK's fixed histogram (latency-histogram.ts) says: each
 * bucket's count spread evenly over its range, as that histogram's own quantiles assume, and
 * the open last bucket at its lower bound. Counts stay whole and add up to the histogram's.
 */
export function sketchFromHistogram(buckets: readonly number[]): LatencySketch {
  const sketch: LatencySketch = {}
  buckets.forEach((count, i) => {
    if (!(count > 0)) return
    const lower = i === 0 ? MIN_SKETCH_LATENCY_MS : LATENCY_BUCKETS_MS[i - 1]!
    const upper = LATENCY_BUCKETS_MS[i]
    if (upper === undefined) {
      addToSketch(sketch, lower, count)
      return
    }
    spread(sketch, lower, upper, count)
  })
  return sketch
}

/** Adds `count` latencies spread evenly over (lower, upper], in whole counts (largest remainders). */
function spread(sketch: LatencySketch, lower: number, upper: number, count: number): void {
  const first = sketchIndexOf(lower)
  const last = sketchIndexOf(upper)
  const shares: Array<{ index: number; whole: number; rest: number }> = []
  let given = 0
  for (let index = first; index <= last; index++) {
    const from = Math.max(lower, Math.pow(GAMMA, index - 1))
    const to = Math.min(upper, Math.pow(GAMMA, index))
    if (to <= from) continue
    const exact = (count * (to - from)) / (upper - lower)
    const whole = Math.floor(exact)
    shares.push({ index, whole, rest: exact - whole })
    given += whole
  }
  shares.sort((a, b) => b.rest - a.rest)
  // Counts beyond 2^53 are not exact in a double: whatever is left after one round goes to one bucket.
  let left = count - given
  for (const share of shares) {
    if (left < 1) break
    share.whole++
    left--
  }
  if (left >= 1 && shares.length > 0) shares[0]!.whole += left
  for (const { index, whole } of shares) if (whole > 0) sketch[index] = (sketch[index] ?? 0) + whole
}

/** The old fixed histogram a sketch falls in: for a control plane that predates the sketch. */
export function histogramFromSketch(sketch: Readonly<LatencySketch>): number[] {
  const buckets = emptyHistogram()
  for (const index in sketch) buckets[latencyBucketOf(sketchValueOf(Number(index)))]! += sketch[index]!
  return buckets
}
