/**
 * Rollbacks a person asks for: the canary to 0% with their reason, or the canary taken down
 * with its flag when the flag itself is rolled back (the flag's rollback records itself).
 */
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { RollbackView } from '../audit/rollback-store.js'
import type { CanaryView } from './canary-schemas.js'
import { findCurrentCanary, isActiveStatus } from './canary-store.js'
import { notActive, type CanaryTransitions } from './canary-transitions.js'

export class ManualCanaryRollback {
  constructor(
    private readonly mutator: Mutator,
    private readonly transitions: CanaryTransitions,
  ) {}

  /** The active canary to 0% with the person's reason, recorded as a rollback. */
  async rollback(actor: Actor, environment: string, featureKey: string, reason: string, startedAt = performance.now()): Promise<{ canary: CanaryView; rollback: RollbackView }> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.transitions.activeRow(mutation.tx, environment, featureKey)
      const result = await this.transitions.rollBackWithRecord(mutation, row, reason, startedAt, { reason })
      if (!result) throw notActive(row)
      return result
    })
  }

  /**
   * Ends the flag's active canary inside `mutation`, without a rollback record of its own:
   * a flag rollback (which records itself) takes its canary down with it, and then tells the
   * canary's webhook with notifyRolledBack.
   */
  async endWithFlagRollback(mutation: Mutation, environment: string, featureKey: string, reason: string): Promise<CanaryView | undefined> {
    const row = await findCurrentCanary(mutation.tx, environment, featureKey, { forUpdate: true })
    if (!row || !isActiveStatus(row.status)) return undefined
    return (await this.transitions.takeDown(mutation, row, reason, { reason }))?.canary
  }

  /** Queues the canary.rolled_back webhook for the flag's rollback that ended the canary. */
  async notifyRolledBack(mutation: Mutation, canary: CanaryView, rollback: RollbackView): Promise<void> {
    await this.transitions.notifyRolledBack(mutation, canary, rollback)
  }
}
