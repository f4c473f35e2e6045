import { LATENCY_BUCKET_COUNT, latencyBucketOf, type CanarySide } from '@sluice/core'

/** An outcome item as an SDK sends it, every request taking `latencyMs`. */
export function outcomeItem(flagKey: string, side: CanarySide, requests: number, errors: number, latencyMs = 20) {
  const latencyBuckets = new Array<number>(LATENCY_BUCKET_COUNT).fill(0)
  latencyBuckets[latencyBucketOf(latencyMs)] = requests
  return { flagKey, side, requests, errors, latencyMsSum: requests * latencyMs, latencyBuckets }
}
