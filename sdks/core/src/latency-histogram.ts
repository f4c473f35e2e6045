/**
 * The fixed latency histogram SDKs before the sketch (latency-sketch.ts) reported, and the
 * service stored: 11 bucket bounds, so a quantile is only known to within its bucket (a
 * canary at 240 ms and a baseline at 110 ms both read (100, 250]). The service still accepts
 * it from older SDKs and converts it with sketchFromHistogram.
 */

/** Upper bounds in ms; one more bucket after the last holds everything slower. */
export const LATENCY_BUCKETS_MS: readonly number[] = Object.freeze([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000])

export const LATENCY_BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1

/**
 * The longest latency one request may report: an hour. SDKs clamp to it and the service
 * refuses sums beyond it, so the latency sums it adds up can never leave a double's range.
 */
export const MAX_LATENCY_MS = 3_600_000

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
}

export function latencyBucketOf(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (latencyMs <= LATENCY_BUCKETS_MS[i]!) return i
  return LATENCY_BUCKETS_MS.length
}
