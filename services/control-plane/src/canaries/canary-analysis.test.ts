import { addToSketch, emptyHistogram, latencyBucketOf, sketchFromHistogram, type LatencySketch } from '@sluice/core'
import { describe, expect, it } from 'vitest'
import { analyse, DEFAULT_ANALYSIS, recentAlpha, type AnalysisSettings, type RecentCounts, type SideCounts } from './canary-analysis.js'

const settings: AnalysisSettings = { rollbackThreshold: 5, minSampleSize: 100, ...DEFAULT_ANALYSIS }

function side(requests: number, errors: number, latencyMs = 20): SideCounts {
  const latencySketch: LatencySketch = {}
  addToSketch(latencySketch, latencyMs, requests)
  return { requests, errors, latencyMsSum: requests * latencyMs, latencySketch }
}

/** A side whose requests take `meanMs` on average, spread evenly ±10% around it. */
function spreadSide(requests: number, meanMs: number): SideCounts {
  const latencySketch: LatencySketch = {}
  let latencyMsSum = 0
  for (let i = 0; i < requests; i++) {
    const ms = meanMs * (0.9 + (0.2 * i) / (requests - 1))
    addToSketch(latencySketch, ms)
    latencyMsSum += ms
  }
  return { requests, errors: 0, latencyMsSum, latencySketch }
}

/** A small deterministic PRNG (mulberry32), so simulations give the same answer every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Simulates a canary at 5% of traffic, analysed after every batch; returns canary requests at rollback, or undefined. */
function simulate(random: () => number, canaryErrorRate: number, baselineErrorRate: number, maxCanaryRequests: number, s = settings): number | undefined {
  const canary = side(0, 0)
  const baseline = side(0, 0)
  while (canary.requests < maxCanaryRequests) {
    for (let i = 0; i < 400; i++) {
      const target = random() < 0.05 ? canary : baseline
      target.requests++
      addToSketch(target.latencySketch, 20)
      target.latencyMsSum += 20
      if (random() < (target === canary ? canaryErrorRate : baselineErrorRate)) target.errors++
    }
    if (analyse(canary, baseline, s).verdict === 'rollback') return canary.requests
  }
  return undefined
}

describe('the seed rule (hard ceiling)', () => {
  it('rolls back once the canary has minSampleSize requests and errs above the threshold', () => {
    const result = analyse(side(100, 6), side(2000, 120), settings)
    expect(result).toMatchObject({ verdict: 'rollback', rule: 'error_threshold' })
    expect(result.message).toContain('canary 6% errors (6/100), baseline 6% (120/2000)')
  })

  it('waits for minSampleSize and does not fire at exactly the threshold', () => {
    expect(analyse(side(99, 20), side(99, 20), settings).verdict).toBe('insufficient_data')
    expect(analyse(side(100, 5), side(100, 5), settings).verdict).toBe('healthy')
  })
})

describe('the sequential test (canary against baseline)', () => {
  it('rolls a clear regression back within tens of canary requests, before the seed rule could', () => {
    const random = prng(1)
    const detections = Array.from({ length: 50 }, () => simulate(random, 0.2, 0.01, 2_000)!)
    expect(detections.every((n) => n !== undefined)).toBe(true)
    const median = detections.sort((a, b) => a - b)[25]!
    expect(median).toBeLessThan(100)
    expect(analyse(side(60, 12), side(1140, 11), settings)).toMatchObject({ verdict: 'rollback', rule: 'sequential_error' })
  })

  it('does not fire when baseline and canary are equally noisy, however often it looks', () => {
    const random = prng(2)
    const settingsNoCeiling = { ...settings, rollbackThreshold: 100 }
    const alarms = Array.from({ length: 200 }, () => simulate(random, 0.04, 0.04, 3_000, settingsNoCeiling)).filter((n) => n !== undefined)
    // α = 1%: Ville's inequality bounds the chance of ever crossing; allow sampling slack.
    expect(alarms.length / 200).toBeLessThanOrEqual(0.03)
  })

  it('keeps its false-alarm rate near α across error rates while looking after every batch', () => {
    const random = prng(3)
    const settingsNoCeiling = { ...settings, rollbackThreshold: 100 }
    for (const rate of [0.002, 0.005, 0.02, 0.1]) {
      const alarms = Array.from({ length: 200 }, () => simulate(random, rate, rate, 2_000, settingsNoCeiling)).filter((n) => n !== undefined)
      expect(alarms.length / 200, `error rate ${rate}`).toBeLessThanOrEqual(0.03)
    }
  })

  it('needs minSamplePerSide on both sides first', () => {
    expect(analyse(side(20, 10), side(1000, 0), settings).verdict).toBe('insufficient_data')
  })

  it('ignores a canary that errs less than baseline', () => {
    expect(analyse(side(500, 0), side(10_000, 800), { ...settings, rollbackThreshold: 100 }).verdict).toBe('healthy')
  })
})

describe('the latency guard', () => {
  it('rolls back when canary p95 exceeds baseline p95 by more than the allowed increase', () => {
    const result = analyse(side(200, 0, 400), side(4000, 0, 40), settings)
    expect(result).toMatchObject({ verdict: 'rollback', rule: 'latency' })
    expect(result.message).toMatch(/canary p95 latency \d+(\.\d+)? ms exceeds baseline p95/)
  })

  it('rolls a 110 → 240 ms regression back, which the old histogram read as equal, and lets 110 → 115 ms pass', () => {
    const baseline = spreadSide(4000, 110)
    const slow = analyse(spreadSide(200, 240), baseline, settings)
    expect(slow).toMatchObject({ verdict: 'rollback', rule: 'latency' })
    expect(slow.canary.p95LatencyMs).toBeGreaterThan(255)
    expect(slow.baseline.p95LatencyMs).toBeLessThan(125)
    expect(analyse(spreadSide(200, 115), baseline, settings).verdict).toBe('healthy')

    // The same traffic as the fixed histogram reported it: both p95 read 242.5 ms, and the guard saw nothing.
    const histogram = (requests: number, ms: number) => {
      const buckets = emptyHistogram()
      buckets[latencyBucketOf(ms)] = requests
      return { requests, errors: 0, latencyMsSum: requests * ms, latencySketch: sketchFromHistogram(buckets) }
    }
    const old = analyse(histogram(200, 240), histogram(4000, 110), settings)
    expect(old.canary.p95LatencyMs).toBeCloseTo(old.baseline.p95LatencyMs!, -1)
  })

  it('tolerates small absolute differences and can be switched off', () => {
    expect(analyse(side(200, 0, 8), side(4000, 0, 4), settings).verdict).toBe('healthy')
    expect(analyse(side(200, 0, 400), side(4000, 0, 40), { ...settings, latencyGuard: null }).verdict).toBe('healthy')
  })
})

describe('the recent test (a canary that turns bad late)', () => {
  const longHealthy = () => [side(100_000, 1_000), side(1_900_000, 19_000)] as const

  it('rolls back on the recent windows when the whole history would dilute the regression', () => {
    const [canary, baseline] = longHealthy()
    canary.requests += 60
    canary.errors += 18
    baseline.requests += 1140
    baseline.errors += 11
    const recent: RecentCounts = { canary: { requests: 60, errors: 18 }, baseline: { requests: 1140, errors: 11 }, window: 360 }
    expect(analyse(canary, baseline, settings).verdict).toBe('healthy')
    const result = analyse(canary, baseline, settings, recent)
    expect(result).toMatchObject({ verdict: 'rollback', rule: 'recent_error' })
    expect(result.message).toMatch(/over the last 20 s .*window 360\): canary 30% errors \(18\/60\), baseline 0\.96\d*% \(11\/1140\)/)
  })

  it('spends its false-alarm budget across windows: the levels sum to alpha', () => {
    let total = 0
    for (let k = 1; k <= 1_000_000; k++) total += recentAlpha(0.01, k)
    expect(total).toBeGreaterThan(0.0099)
    expect(total).toBeLessThanOrEqual(0.01)
  })

  it('raises few false alarms on a healthy canary tested on every window for an hour', () => {
    const random = prng(4)
    const binomial = (n: number, p: number) => {
      let x = 0
      for (let i = 0; i < n; i++) if (random() < p) x++
      return x
    }
    let alarms = 0
    const canaries = 150
    for (let c = 0; c < canaries; c++) {
      let previous = { canary: { requests: 0, errors: 0 }, baseline: { requests: 0, errors: 0 } }
      for (let window = 1; window <= 360 && alarms <= c; window++) {
        const current = { canary: { requests: 0, errors: 0 }, baseline: { requests: 0, errors: 0 } }
        // Five looks per window as its outcomes arrive (a flush every 2 s).
        for (let look = 0; look < 5; look++) {
          current.canary.requests += 20
          current.canary.errors += binomial(20, 0.03)
          current.baseline.requests += 380
          current.baseline.errors += binomial(380, 0.03)
          const recent: RecentCounts = {
            canary: { requests: previous.canary.requests + current.canary.requests, errors: previous.canary.errors + current.canary.errors },
            baseline: { requests: previous.baseline.requests + current.baseline.requests, errors: previous.baseline.errors + current.baseline.errors },
            window,
          }
          if (analyse(side(0, 0), side(0, 0), { ...settings, rollbackThreshold: 100 }, recent).verdict === 'rollback') {
            alarms++
            break
          }
        }
        previous = current
      }
    }
    expect(alarms / canaries).toBeLessThanOrEqual(0.03)
  })
})

describe('the sample a promotion needs (traffic at the current step)', () => {
  const healthy = [side(1000, 5), side(10_000, 50)] as const

  it('stays healthy on the whole canary while a new step awaits minSampleSize canary and minSamplePerSide baseline requests of its own', () => {
    expect(analyse(...healthy, settings, undefined, { percentage: 10, canary: 100, baseline: 50 }).verdict).toBe('healthy')
    const short = analyse(...healthy, settings, undefined, { percentage: 10, canary: 99, baseline: 900 })
    // Judged on everything reported: healthy, with promotion waiting for the step's own traffic.
    expect(short).toMatchObject({
      verdict: 'healthy',
      awaitingTraffic: true,
      message: expect.stringMatching(/^healthy: canary .*; awaiting traffic at 10% before the next step: 99 canary requests since it started \(needs 100\) and 900 baseline \(needs 50\)/),
    })
    expect(analyse(...healthy, settings, undefined, { percentage: 10, canary: 500, baseline: 49 }).awaitingTraffic).toBe(true)
    expect(analyse(...healthy, settings, undefined, { percentage: 10, canary: 100, baseline: 50 }).awaitingTraffic).toBeUndefined()
  })

  it('awaits no baseline traffic at 100%, nor for a canary that never had a baseline', () => {
    expect(analyse(...healthy, settings, undefined, { percentage: 100, canary: 100, baseline: 0 }).verdict).toBe('healthy')
    const alone = analyse(side(1000, 5), side(0, 0), settings, undefined, { percentage: 10, canary: 100, baseline: 0 })
    expect(alone.verdict).toBe('healthy')
  })

  it('never holds back a rollback', () => {
    expect(analyse(side(1000, 100), side(10_000, 50), settings, undefined, { percentage: 10, canary: 0, baseline: 0 })).toMatchObject({ verdict: 'rollback', rule: 'error_threshold' })
  })
})
