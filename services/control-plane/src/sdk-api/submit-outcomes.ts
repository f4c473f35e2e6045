import type { Counter } from 'prom-client'
import type { OutcomeBatch, OutcomeIngest } from '../canaries/outcome-ingest.js'
import { checkOutcomeItems } from './outcome-validation.js'

/** What an outcome batch counts; ops/metrics.ts's Metrics has it. */
export interface OutcomeMetrics {
  outcomeBatches: Pick<Counter, 'inc'>
  outcomeItems: Pick<Counter<'result'>, 'inc'>
  chaosInjections: Pick<Counter<'rule'>, 'inc'>
}

/** One outcome batch, from an SDK or a browser: checked, counted into its environment's canaries, measured. */
export async function submitOutcomes(
  outcomes: OutcomeIngest,
  metrics: OutcomeMetrics,
  batch: OutcomeBatch,
): Promise<{ accepted: number; ignored: number; replayed: boolean }> {
  checkOutcomeItems(batch.items)
  // Answered once the group commit holding this batch has committed (canaries/outcome-ingest.ts).
  const { accepted, ignored, injections: counted, replayed } = await outcomes.submit(batch)
  // A replay was counted, and measured, when it first arrived.
  if (replayed) return { accepted, ignored, replayed }
  metrics.outcomeBatches.inc()
  metrics.outcomeItems.inc({ result: 'accepted' }, accepted)
  metrics.outcomeItems.inc({ result: 'ignored' }, ignored)
  for (const { ruleId, injected } of counted) metrics.chaosInjections.inc({ rule: ruleId }, injected)
  return { accepted, ignored, replayed }
}
