/**
 * Runs the analysis (canary-analysis.ts) on canaries' stored counters and rolls back, as the
 * system, those a rule condemns: after outcomes arrive (AnalysisThrottle decides when) and on
 * every scheduler tick, as a catch-up and before promotion.
 */
import type { Db } from '../db/database.js'
import { SYSTEM_ACTOR } from '../platform/actor.js'
import type { Logger } from '../platform/logger.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { analyse, type Analysis, type AnalysisSettings, type StepSample } from './canary-analysis.js'
import type { CanaryCountEstimates } from './canary-count-estimates.js'
import { readMetricsOf, readRecent, type CanaryCounts } from './canary-metrics-store.js'
import { foldOutcomes } from './outcome-log-store.js'
import { findActiveCanaries, type CanaryRow } from './canary-store.js'
import type { CanaryTransitions } from './canary-transitions.js'
import type { RollbackView } from '../audit/rollback-store.js'

/** Called inside an automatic rollback's transaction (chaos halts rules that depend on the flag). */
export type RollbackHook = (mutation: Mutation, environment: string, featureKey: string, reason: string, rollback: RollbackView) => Promise<void>

export function settingsOf(row: CanaryRow): AnalysisSettings {
  return {
    rollbackThreshold: row.rollbackThreshold,
    minSampleSize: row.minSampleSize,
    alpha: row.analysis.alpha,
    minSamplePerSide: row.analysis.minSamplePerSide,
    latencyGuard: row.analysis.latencyGuard,
  }
}

/** The current step's own traffic; undefined without automatic steps, where nothing waits for it. */
export function stepSampleOf(row: CanaryRow, counts: CanaryCounts): StepSample | undefined {
  if (row.steps.length === 0) return undefined
  return { percentage: row.percentage, canary: counts.canary.requests - row.stepCanaryRequests, baseline: counts.baseline.requests - row.stepBaselineRequests }
}

export class CanaryAnalysisRunner {
  private rollbackHooks: RollbackHook[] = []

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly transitions: CanaryTransitions,
    private readonly estimates: CanaryCountEstimates,
    private readonly log: Logger,
  ) {}

  onAutomaticRollback(hook: RollbackHook): void {
    this.rollbackHooks.push(hook)
  }

  /** Analyses the canaries that received outcomes; the ones no longer active are skipped. */
  async analyseCanaries(canaryIds: string[]): Promise<void> {
    await this.analyseAll(await findActiveCanaries(this.db, 'id', canaryIds))
  }

  /**
   * Analyses each canary on its current counters and rolls back those a rule condemns. A
   * rollback that fails is logged and left to the next tick: it must not keep the canaries
   * after it from theirs.
   */
  async analyseAll(rows: CanaryRow[]): Promise<Map<string, Analysis>> {
    const ids = rows.map((row) => row.id)
    const [counts, recent] = await Promise.all([readMetricsOf(this.db, ids), readRecent(this.db, ids)])
    const analyses = new Map<string, Analysis>()
    for (const row of rows) {
      const { canary, baseline } = counts.get(row.id)!
      this.estimates.analysed(row.id, canary)
      const analysis = analyse(canary, baseline, settingsOf(row), recent.get(row.id), stepSampleOf(row, { canary, baseline }))
      analyses.set(row.id, analysis)
      if (analysis.verdict !== 'rollback') continue
      try {
        await this.rollBackAutomatically(row, analysis)
      } catch (err) {
        this.log.error({ err, featureKey: row.featureKey, rule: analysis.rule }, 'automatic rollback failed; the next scheduler tick tries again')
      }
    }
    // After the verdict, not before it: the reads count the log as well, and folding (the most
    // costly statement here) then keeps the next reads short without delaying a rollback.
    await this.fold(ids)
    return analyses
  }

  /**
   * Keeps the outcome log short for the canaries read next; reads count the log as well, so a
   * fold that fails (a database that refuses writes) costs nothing but a longer read.
   */
  private async fold(ids: string[]): Promise<void> {
    try {
      await foldOutcomes(this.db, ids)
    } catch (err) {
      this.log.warn({ err }, 'folding the outcome log failed; the analysis reads it as it is')
    }
  }

  private async rollBackAutomatically(row: CanaryRow, analysis: Analysis): Promise<void> {
    const startedAt = performance.now()
    const reason = `automatic rollback (${analysis.rule}): ${analysis.message}`
    const result = await this.mutator.run(SYSTEM_ACTOR, async (mutation) => {
      const rolled = await this.transitions.rollBackWithRecord(mutation, row, reason, startedAt, { rule: analysis.rule, ...analysis, at: new Date().toISOString() })
      if (rolled) for (const hook of this.rollbackHooks) await hook(mutation, row.environment, row.featureKey, reason, rolled.rollback)
      return rolled
    })
    if (result) this.log.warn({ featureKey: row.featureKey, rule: analysis.rule, canaryId: row.id }, reason)
  }
}
