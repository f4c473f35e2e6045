import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyHistogram, latencyBucketOf, MAX_LATENCY_MS } from './latency-histogram.js'
import {
  addToSketch,
  isSketchIndex,
  type LatencySketch,
  mergeSketch,
  MIN_SKETCH_LATENCY_MS,
  SKETCH_MAX_BUCKETS,
  SKETCH_RELATIVE_ACCURACY,
  sketchCount,
  sketchFromHistogram,
  sketchIndexOf,
  sketchQuantile,
} from './latency-sketch.js'
import { histogramQuantile } from './test-support/histogram-quantile.js'

/** The exact quantile the sketch approximates: the latency of rank ⌊q·(n−1)⌋. */
function exactQuantile(latencies: number[], q: number): number {
  const sorted = [...latencies].sort((a, b) => a - b)
  return sorted[Math.floor(q * (sorted.length - 1))]!
}

const sketchOf = (latencies: number[]): LatencySketch => {
  const sketch: LatencySketch = {}
  for (const ms of latencies) addToSketch(sketch, ms)
  return sketch
}

/** Latencies anywhere in the range the sketch guarantees, spread over its whole log scale. */
const latency = fc.double({ min: Math.log(MIN_SKETCH_LATENCY_MS), max: Math.log(MAX_LATENCY_MS), noNaN: true }).map(Math.exp)
const quantile = fc.double({ min: 0, max: 1, noNaN: true })
// A hair above α for the floating point of log() at a bucket's edge.
const TOLERANCE = SKETCH_RELATIVE_ACCURACY * (1 + 1e-9)

describe('latency sketch', () => {
  it('answers every quantile within 2% of the true one, on any latencies', () => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 500 }), quantile, (latencies, q) => {
        const exact = exactQuantile(latencies, q)
        const estimate = sketchQuantile(sketchOf(latencies), q)!
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(TOLERANCE)
      }),
      { numRuns: 500 },
    )
  })

  it('merges by adding counts: the merge of two sketches is the sketch of both sets', () => {
    fc.assert(
      fc.property(fc.array(latency, { maxLength: 200 }), fc.array(latency, { maxLength: 200 }), (a, b) => {
        expect(mergeSketch(sketchOf(a), sketchOf(b))).toEqual(sketchOf([...a, ...b]))
      }),
    )
  })

  it('tells a 240 ms canary from a 110 ms baseline, which the fixed histogram put in one bucket', () => {
    const baseline = Array.from({ length: 1000 }, (_, i) => 100 + (i % 21))
    const canary = Array.from({ length: 1000 }, (_, i) => 230 + (i % 21))
    for (const latencies of [baseline, canary]) {
      const exact = exactQuantile(latencies, 0.95)
      expect(Math.abs(sketchQuantile(sketchOf(latencies), 0.95)! - exact) / exact).toBeLessThanOrEqual(TOLERANCE)
    }
    const old = (ms: number) => {
      const h = emptyHistogram()
      h[latencyBucketOf(ms)] = 1000
      return histogramQuantile(h, 0.95)
    }
    expect(old(110)).toBe(old(240))
  })

  it('stays within a bounded number of buckets whatever latencies it sees', () => {
    const sketch = sketchOf([0, -5, Number.NaN, 1e-9, MIN_SKETCH_LATENCY_MS, 1, 1e3, MAX_LATENCY_MS, 1e308, Number.POSITIVE_INFINITY])
    expect(sketchCount(sketch)).toBe(10)
    for (const key of Object.keys(sketch)) expect(isSketchIndex(key)).toBe(true)
    const everyBucket = sketchOf(Array.from({ length: 100_000 }, (_, i) => Math.exp(Math.log(MIN_SKETCH_LATENCY_MS) + (i / 100_000) * Math.log(MAX_LATENCY_MS / MIN_SKETCH_LATENCY_MS))))
    expect(Object.keys(everyBucket).length).toBeLessThanOrEqual(SKETCH_MAX_BUCKETS)
    expect(SKETCH_MAX_BUCKETS).toBeLessThan(600)
    expect(isSketchIndex(String(sketchIndexOf(MAX_LATENCY_MS) + 1))).toBe(false)
  })

  it('has no quantile without data', () => {
    expect(sketchQuantile({}, 0.95)).toBeUndefined()
    expect(sketchQuantile({ 12: 0 }, 0.95)).toBeUndefined()
  })

  it('reads an older SDK histogram as the quantiles that histogram gave, with the same count', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { minLength: 12, maxLength: 12 }), fc.double({ min: 0.05, max: 0.99, noNaN: true }), (buckets, q) => {
        const sketch = sketchFromHistogram(buckets)
        expect(sketchCount(sketch)).toBe(buckets.reduce((a, b) => a + b, 0))
        if (buckets.slice(0, 11).reduce((a, b) => a + b, 0) < 200) return
        const old = histogramQuantile(buckets, q)!
        const converted = sketchQuantile(sketch, q)!
        // Within a few of the sketch's buckets of what the histogram interpolated.
        expect(Math.abs(converted - old) / old).toBeLessThan(0.25)
      }),
    )
  })
})
