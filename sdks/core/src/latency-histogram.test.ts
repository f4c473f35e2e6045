import { describe, expect, it } from 'vitest'
import { emptyHistogram, LATENCY_BUCKET_COUNT, latencyBucketOf } from './latency-histogram.js'
import { histogramQuantile } from './test-support/histogram-quantile.js'

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it, and the slowest in the open last one', () => {
    expect(latencyBucketOf(0)).toBe(0)
    expect(latencyBucketOf(5)).toBe(0)
    expect(latencyBucketOf(5.1)).toBe(1)
    expect(latencyBucketOf(150)).toBe(5)
    expect(latencyBucketOf(10_000)).toBe(10)
    expect(latencyBucketOf(60_000)).toBe(LATENCY_BUCKET_COUNT - 1)
  })

  it('interpolates quantiles inside a bucket', () => {
    const h = emptyHistogram()
    h[latencyBucketOf(80)] = 100 // (50, 100]
    expect(histogramQuantile(h, 0.5)).toBe(75)
    expect(histogramQuantile(h, 0.95)).toBe(97.5)
  })

  it('finds p95 in the tail bucket when 5% of requests are slow', () => {
    const h = emptyHistogram()
    h[latencyBucketOf(20)] = 940
    h[latencyBucketOf(700)] = 60 // (500, 1000]
    expect(histogramQuantile(h, 0.5)).toBeLessThanOrEqual(25)
    const p95 = histogramQuantile(h, 0.95)!
    expect(p95).toBeGreaterThan(500)
    expect(p95).toBeLessThanOrEqual(1000)
  })

  it('has no quantile without data', () => {
    expect(histogramQuantile(emptyHistogram(), 0.95)).toBeUndefined()
  })
})
