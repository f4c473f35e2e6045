import type { OutcomeIngest } from '../canaries/outcome-ingest.js'
import type { Metrics } from '../ops/metrics.js'
import { checkOutcomeItems } from './outcome-validation.js'
import type { OutcomesInput } from './sdk-schemas.js'

/** One outcome batch, from an SDK or a browser: checked, counted into its environment's canaries, measured. */
export async function submitOutcomes(
  outcomes: OutcomeIngest,
  metrics: Metrics,
  environment: string,
  items: OutcomesInput['items'],
  injections: NonNullable<OutcomesInput['chaos']> = [],
): Promise<{ accepted: number; ignored: number }> {
  checkOutcomeItems(items)
  // Answered once the group commit holding this batch has committed (canaries/outcome-ingest.ts).
  const { accepted, ignored, injections: counted } = await outcomes.submit(environment, items, injections)
  metrics.outcomeBatches.inc()
  metrics.outcomeItems.inc({ result: 'accepted' }, accepted)
  metrics.outcomeItems.inc({ result: 'ignored' }, ignored)
  for (const { ruleId, injected } of counted) metrics.chaosInjections.inc({ rule: ruleId }, injected)
  return { accepted, ignored }
}
