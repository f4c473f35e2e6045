/**
 * Whether a canary is hurting, decided from outcome counts of both sides. Three rules, each
 * of which can roll a canary back on its own:
 *
 * 1. error_threshold — the seed's rule and a hard ceiling: once the canary side has
 *    `minSampleSize` requests, an error rate above `rollbackThreshold` percent rolls back,
 *    whatever the baseline does.
 *
 * 2. sequential_error — canary against baseline with a mixture sequential probability ratio
 *    test (mSPRT; Johari, Pekelis & Walsh, "Always Valid Inference", 2017) on the difference
 *    of error proportions D = p_canary − p_baseline. With s² the variance of D under "no
 *    difference" (pooled proportion) and a normal mixture N(0, τ²) over the effect, the
 *    likelihood ratio is
 *        Λ = sqrt(s² / (s² + τ²)) · exp(τ² D² / (2 s² (s² + τ²)))
 *    and the canary rolls back the first time D > 0 and Λ ≥ 1/α. Λ is a martingale under
 *    the null, so by Ville's inequality the chance it EVER crosses 1/α is at most α: looking
 *    after every batch, forever, does not inflate false alarms (a fixed-sample test checked
 *    that often fires on 12–16% of healthy canaries). A clear regression crosses within tens
 *    of requests; an equally noisy baseline keeps D near 0 and never does. The bound is
 *    exact for normal data and only approximate for a handful of rare events, so the test
 *    also waits for `minSamplePerSide` requests on each side and MIN_CANARY_ERRORS canary
 *    errors. Simulated with α = 1%, a look after every 20 canary requests and healthy error
 *    rates from 0.2% to 5%, it raised 0.5–1.5% false alarms over 5,000 canary requests, and
 *    caught 1% → 20% errors in a median of 61 canary requests, 1% → 5% in 115
 *    (canary-analysis.test.ts keeps these bounds).
 *
 * 3. recent_error — the same test on the last RECENT_WINDOW_SECONDS only, so a canary that
 *    turns bad after a long healthy run is not shielded by its own history. Time is cut into
 *    windows; the test on windows k−1..k (k counted from the canary's start) runs at level
 *    α/(k(k+1)). Those levels sum to α, so by the union bound the recent tests together add
 *    at most α false alarms over the canary's whole life, however long it runs. Windows are
 *    small, so the rule also needs a Chernoff bound on the canary's error count (under the
 *    baseline's rate) below the same level: the normal approximation alone overrates a few
 *    rare errors.
 *
 * 4. latency — the canary's p95 exceeds the baseline's by more than `maxIncreasePercent`
 *    percent and by at least `minIncreaseMs`, with `minSamplePerSide` on both sides.
 */
import { type LatencySketch, sketchQuantile } from '@sluice/core'
import type { LatencyGuard } from '../db/schema/canaries.js'

export interface SideCounts {
  requests: number
  errors: number
  latencyMsSum: number
  /** @sluice/core's latency sketch: p95 and p99 within 2% of the true ones. */
  latencySketch: LatencySketch
}

export interface AnalysisSettings {
  /** Percent; the seed rule's ceiling. */
  rollbackThreshold: number
  /** Canary requests before the seed rule applies, and at each step before it is promoted. */
  minSampleSize: number
  /** The sequential test's bound on false alarms per canary. */
  alpha: number
  /** Requests each side needs before comparisons (sequential test, latency guard) count. */
  minSamplePerSide: number
  latencyGuard: LatencyGuard | null
}

export const DEFAULT_ANALYSIS = {
  alpha: 0.01,
  minSamplePerSide: 50,
  latencyGuard: { maxIncreasePercent: 50, minIncreaseMs: 20 },
} as const

/** The mixture's scale: effects of a few percentage points are what it is most sensitive to. */
export const MIXTURE_TAU = 0.05

/** Below this many canary errors a difference is noise the normal approximation overrates. */
export const MIN_CANARY_ERRORS = 5

/** Outcomes are also counted per window of this length for the recent_error rule. */
export const WINDOW_SECONDS = 10

/** The recent test looks at the current window and the one before it. */
export const RECENT_WINDOW_SECONDS = 2 * WINDOW_SECONDS

/** Counts over the recent windows, and which window (from 1, since the canary started) is current. */
export interface RecentCounts {
  canary: Pick<SideCounts, 'requests' | 'errors'>
  baseline: Pick<SideCounts, 'requests' | 'errors'>
  window: number
}

/**
 * Requests counted since the canary's current step started. Totals alone would let a canary
 * climb every step on one early batch: a promotion needs evidence at the percentage it leaves.
 */
export interface StepSample {
  /** The step's percentage. */
  percentage: number
  canary: number
  baseline: number
}

/** The level of the recent test in window k: α/(k(k+1)), which sums to α over all k. */
export function recentAlpha(alpha: number, window: number): number {
  return alpha / (window * (window + 1))
}

export type Rule = 'error_threshold' | 'sequential_error' | 'recent_error' | 'latency'

export interface SideSummary {
  requests: number
  errors: number
  errorRate: number
  avgLatencyMs: number | null
  p95LatencyMs: number | null
  p99LatencyMs: number | null
}

/**
 * `missing` when no baseline request was ever reported (an app fed only by the Fastify plugin,
 * which counts the canary side): the comparisons cannot run and only error_threshold guards.
 */
export type BaselineStatus = 'reported' | 'missing'

export interface Analysis {
  verdict: 'rollback' | 'healthy' | 'insufficient_data'
  rule?: Rule
  /** Healthy, but the current step lacks the traffic of its own a promotion needs. */
  awaitingTraffic?: boolean
  baselineStatus: BaselineStatus
  /** One sentence with the rule and the numbers of both sides. */
  message: string
  canary: SideSummary
  baseline: SideSummary
  sequential: { likelihoodRatio: number; threshold: number; difference: number; enoughData: boolean }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * A latency for the summary, or null when there is none to show. Sums stored before they were
 * bounded can be Infinity, and the API's numbers must be finite: without this one bad batch
 * would break the canary's detail for good.
 */
function latencyOrNull(ms: number | undefined): number | null {
  if (ms === undefined) return null
  const rounded = round(ms)
  return Number.isFinite(rounded) ? rounded : null
}

/** Percent, to four decimals: the rate the API shows is the rate the rules compare. */
function errorRateOf({ requests, errors }: Pick<SideCounts, 'requests' | 'errors'>): number {
  return requests > 0 ? round((errors / requests) * 100, 4) : 0
}

/** Rule 1, error_threshold: the canary side has `minSampleSize` requests and errs above `rollbackThreshold` percent. */
export function exceedsErrorThreshold(canary: Pick<SideCounts, 'requests' | 'errors'>, settings: Pick<AnalysisSettings, 'rollbackThreshold' | 'minSampleSize'>): boolean {
  return canary.requests >= settings.minSampleSize && errorRateOf(canary) > settings.rollbackThreshold
}

export function summarise(side: SideCounts): SideSummary {
  const { requests, errors } = side
  return {
    requests,
    errors,
    errorRate: errorRateOf(side),
    avgLatencyMs: latencyOrNull(requests > 0 ? side.latencyMsSum / requests : undefined),
    p95LatencyMs: latencyOrNull(sketchQuantile(side.latencySketch, 0.95)),
    p99LatencyMs: latencyOrNull(sketchQuantile(side.latencySketch, 0.99)),
  }
}

/** The mSPRT likelihood ratio for "canary errs more than baseline"; 0 when there is no evidence yet. */
export function sequentialLikelihoodRatio(
  canary: Pick<SideCounts, 'requests' | 'errors'>,
  baseline: Pick<SideCounts, 'requests' | 'errors'>,
  tau = MIXTURE_TAU,
): { ratio: number; difference: number } {
  if (canary.requests === 0 || baseline.requests === 0) return { ratio: 0, difference: 0 }
  const difference = canary.errors / canary.requests - baseline.errors / baseline.requests
  const pooled = (canary.errors + baseline.errors) / (canary.requests + baseline.requests)
  const s2 = pooled * (1 - pooled) * (1 / canary.requests + 1 / baseline.requests)
  if (s2 === 0 || difference <= 0) return { ratio: 0, difference }
  const t2 = tau * tau
  const ratio = Math.sqrt(s2 / (s2 + t2)) * Math.exp((t2 * difference * difference) / (2 * s2 * (s2 + t2)))
  return { ratio, difference }
}

function describeSides(canary: Pick<SideSummary, 'errorRate' | 'errors' | 'requests'>, baseline: Pick<SideSummary, 'errorRate' | 'errors' | 'requests'>): string {
  return `canary ${canary.errorRate}% errors (${canary.errors}/${canary.requests}), baseline ${baseline.errorRate}% (${baseline.errors}/${baseline.requests})`
}

const rateOf = (side: Pick<SideCounts, 'requests' | 'errors'>) => ({ ...side, errorRate: side.requests > 0 ? round((side.errors / side.requests) * 100, 4) : 0 })

/**
 * A Chernoff bound on P(canary errors ≥ observed) if the canary erred at the baseline's rate:
 * exp(−n·KL(observed rate ‖ baseline rate)). In a window a few rare errors are common, and
 * the normal approximation behind Λ overrates them; this exact-tail bound does not.
 */
export function binomialTailBound(canary: Pick<SideCounts, 'requests' | 'errors'>, baseline: Pick<SideCounts, 'requests' | 'errors'>): number {
  const a = canary.errors / canary.requests
  // Laplace's estimate: never a zero rate from a baseline that happened to see no errors.
  const p = (baseline.errors + 1) / (baseline.requests + 2)
  if (a <= p) return 1
  const kl = a * Math.log(a / p) + (a === 1 ? 0 : (1 - a) * Math.log((1 - a) / (1 - p)))
  return Math.exp(-canary.requests * kl)
}

/** The recent_error rule's message, or undefined when it does not fire. */
function recentRegression(recent: RecentCounts, settings: AnalysisSettings): string | undefined {
  const { canary, baseline, window } = recent
  if (canary.requests < settings.minSamplePerSide || baseline.requests < settings.minSamplePerSide || canary.errors < MIN_CANARY_ERRORS) return undefined
  const level = recentAlpha(settings.alpha, window)
  const { ratio } = sequentialLikelihoodRatio(canary, baseline)
  if (ratio < 1 / level || binomialTailBound(canary, baseline) > level) return undefined
  return `canary errs significantly more than baseline over the last ${RECENT_WINDOW_SECONDS} s (mSPRT likelihood ratio ${ratio.toPrecision(3)} ≥ ${(1 / level).toPrecision(3)}, α=${level.toPrecision(3)} for window ${window}): ${describeSides(rateOf(canary), rateOf(baseline))}`
}

/**
 * Why the current step has too little traffic of its own to promote, or undefined when it has
 * enough: `minSampleSize` canary requests, and `minSamplePerSide` baseline requests when the
 * canary has a baseline at all and the step leaves some traffic to it (none does at 100%).
 */
function stepShortfall(step: StepSample, baselineStatus: BaselineStatus, settings: AnalysisSettings): string | undefined {
  const needsBaseline = baselineStatus === 'reported' && step.percentage < 100
  if (step.canary >= settings.minSampleSize && (!needsBaseline || step.baseline >= settings.minSamplePerSide)) return undefined
  const baselinePart = needsBaseline ? ` and ${step.baseline} baseline (needs ${settings.minSamplePerSide})` : ''
  return `awaiting traffic at ${step.percentage}% before ${step.percentage >= 100 ? 'completing' : 'the next step'}: ${step.canary} canary requests since it started (needs ${settings.minSampleSize})${baselinePart}`
}

function noBaselineNote(settings: AnalysisSettings): string {
  return `no baseline reported: only error_threshold (above ${settings.rollbackThreshold}% errors after ${settings.minSampleSize} canary requests) can roll this canary back, the comparisons with baseline cannot run`
}

export function analyse(canary: SideCounts, baseline: SideCounts, settings: AnalysisSettings, recent?: RecentCounts, step?: StepSample): Analysis {
  const c = summarise(canary)
  const b = summarise(baseline)
  const { ratio, difference } = sequentialLikelihoodRatio(canary, baseline)
  const enoughData = canary.requests >= settings.minSamplePerSide && baseline.requests >= settings.minSamplePerSide
  const sequentialReady = enoughData && canary.errors >= MIN_CANARY_ERRORS
  const sequential = { likelihoodRatio: ratio, threshold: 1 / settings.alpha, difference: round(difference, 6), enoughData }
  const baselineStatus: BaselineStatus = baseline.requests > 0 ? 'reported' : 'missing'
  const base = { canary: c, baseline: b, sequential, baselineStatus }

  if (exceedsErrorThreshold(canary, settings)) {
    return {
      ...base,
      verdict: 'rollback',
      rule: 'error_threshold',
      message: `error rate above the ${settings.rollbackThreshold}% threshold after ${canary.requests} canary requests: ${describeSides(c, b)}`,
    }
  }
  if (sequentialReady && ratio >= sequential.threshold) {
    return {
      ...base,
      verdict: 'rollback',
      rule: 'sequential_error',
      message: `canary errs significantly more than baseline (mSPRT likelihood ratio ${ratio.toPrecision(3)} ≥ ${sequential.threshold}, α=${settings.alpha}): ${describeSides(c, b)}`,
    }
  }
  const recentMessage = recent && recentRegression(recent, settings)
  if (recentMessage) return { ...base, verdict: 'rollback', rule: 'recent_error', message: recentMessage }
  const guard = settings.latencyGuard
  if (guard && enoughData && c.p95LatencyMs !== null && b.p95LatencyMs !== null) {
    const limit = Math.max(b.p95LatencyMs * (1 + guard.maxIncreasePercent / 100), b.p95LatencyMs + guard.minIncreaseMs)
    if (c.p95LatencyMs > limit) {
      return {
        ...base,
        verdict: 'rollback',
        rule: 'latency',
        message: `canary p95 latency ${c.p95LatencyMs} ms exceeds baseline p95 ${b.p95LatencyMs} ms by more than ${guard.maxIncreasePercent}% (limit ${round(limit)} ms)`,
      }
    }
  }
  // A verdict that is not a rollback says when it rests on the threshold alone: "healthy" must not read as "compared".
  const note = baselineStatus === 'missing' ? `; ${noBaselineNote(settings)}` : ''
  if (canary.requests < settings.minSampleSize) {
    return { ...base, verdict: 'insufficient_data', message: `${canary.requests} of ${settings.minSampleSize} canary requests so far: ${describeSides(c, b)}${note}` }
  }
  // A new step (after a promotion or a manual increase) has no traffic yet, but the canary is
  // judged on everything it reported: the verdict stays what that says, and only promotion waits.
  const shortfall = step && stepShortfall(step, baselineStatus, settings)
  if (shortfall) return { ...base, verdict: 'healthy', awaitingTraffic: true, message: `healthy: ${describeSides(c, b)}; ${shortfall}${note}` }
  return { ...base, verdict: 'healthy', message: `healthy: ${describeSides(c, b)}${note}` }
}
