import { LATENCY_BUCKET_COUNT, latencyBucketOf, type CanarySide, type LatencySketch, addToSketch } from '@sluice/core'

/** An outcome item as the SDK sends it, every request taking `latencyMs`. */
export function outcomeItem(flagKey: string, side: CanarySide, requests: number, errors: number, latencyMs = 20) {
  const latencySketch: LatencySketch = {}
  if (requests > 0) addToSketch(latencySketch, latencyMs, requests)
  return { flagKey, side, requests, errors, latencyMsSum: requests * latencyMs, latencySketch }
}

/** An outcome item as SDKs before the latency sketch sent it, with the fixed histogram. */
export function legacyOutcomeItem(flagKey: string, side: CanarySide, requests: number, errors: number, latencyMs = 20) {
  const latencyBuckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
  latencyBuckets[latencyBucketOf(latencyMs)] = requests
  return { flagKey, side, requests, errors, latencyMsSum: requests * latencyMs, latencyBuckets }
}
