/**
 * Automatic steps: on each scheduler tick, a running canary whose hold at its step has passed
 * with a healthy analysis (and enough traffic of the step's own) moves to its next step, or
 * completes after the last. A promotion is conditional on the canary's revision, so a manual
 * change made since the analysis wins.
 */
import type { Db } from '../db/database.js'
import { SYSTEM_ACTOR } from '../platform/actor.js'
import type { Mutator } from '../changes/mutator.js'
import type { Analysis } from './canary-analysis.js'
import type { CanaryAnalysisRunner } from './canary-analysis-runner.js'
import { findCanaryById, listActiveCanaries, transitionCanary, type CanaryRow } from './canary-store.js'
import type { CanaryTransitions } from './canary-transitions.js'

export class CanaryPromotion {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly transitions: CanaryTransitions,
    private readonly analysis: CanaryAnalysisRunner,
  ) {}

  /** The scheduler's tick: promote canaries whose hold passed with a healthy analysis, and catch up on rollbacks. */
  async tick(now = new Date()): Promise<void> {
    const rows = await listActiveCanaries(this.db)
    const analyses = await this.analysis.analyseAll(rows)
    for (const row of rows) {
      const analysis = analyses.get(row.id)
      if (!analysis || analysis.verdict !== 'healthy' || analysis.awaitingTraffic || row.status !== 'running' || row.steps.length === 0) continue
      if (now.getTime() - row.stepStartedAt.getTime() < row.analysis.holdSeconds * 1000) continue
      await this.promote(row, analysis)
    }
  }

  private async promote(row: CanaryRow, analysis: Analysis): Promise<void> {
    const nextIndex = row.stepIndex + 1
    const numbers = `${analysis.message}; canary p95 ${analysis.canary.p95LatencyMs ?? '–'} ms, baseline p95 ${analysis.baseline.p95LatencyMs ?? '–'} ms`
    await this.mutator.run(SYSTEM_ACTOR, async (mutation) => {
      if (row.percentage >= 100 || nextIndex >= row.steps.length) {
        const current = await findCanaryById(mutation.tx, row.id)
        if (current?.revision !== row.revision) return
        await this.transitions.finishCompleted(mutation, current, `completed automatically after the last hold: ${numbers}`, analysis)
        return
      }
      const percentage = row.steps[nextIndex]!
      const next = await transitionCanary(mutation.tx, row, ['running'], { percentage, stepIndex: nextIndex }, { newStep: true })
      if (!next) return
      await this.transitions.setFlagPercentage(mutation, row, percentage)
      await this.transitions.record(mutation, next, row, 'promoted', `promoted from ${row.percentage}% to ${percentage}% after the analysis passed: ${numbers}`, analysis)
    })
  }
}
