import { LATENCY_BUCKET_COUNT, latencyBucketOf, type CanarySide, type LatencySketch, addToSketch } from '@sluice/core'
import { expect } from 'vitest'
import type { TestApp } from './test-app.js'

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

/** A running canary on a new percentage flag that no rule can roll back, so every outcome counts; returns its id. */
export async function unendingCanary(t: TestApp, key: string): Promise<string> {
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
  const started = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2', minSampleSize: 10_000_000, latencyGuard: null } })
  expect(started.statusCode, started.body).toBe(201)
  return started.json().id
}
