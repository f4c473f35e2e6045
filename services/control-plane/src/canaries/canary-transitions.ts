/**
 * The steps every canary job takes inside its transaction: a transition recorded as a canary
 * event, an audit entry and a `canary.upserted` change; the canary's percentage set onto its
 * flag; a webhook queued; a rollback taken with its record.
 *
 * Every transition is a conditional UPDATE on the canary's status (and, for promotions, its
 * revision), made in the same transaction as the flag change, the rollback record, the
 * canary event, the audit entry, the change events and the webhook outbox row. Two replicas
 * that decide the same thing at once therefore produce one transition: the second UPDATE
 * matches nothing and its transaction does nothing.
 */
import type { Flag, Rule } from '@sluice/core'
import type { Db } from '../db/database.js'
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js'
import { FlagService } from '../flags/flag-service.js'
import type { Mutation } from '../changes/mutator.js'
import { recordRollback, type RollbackView } from '../audit/rollback-store.js'
import { enqueueWebhook } from '../webhooks/webhook-outbox.js'
import type { CanaryView } from './canary-schemas.js'
import { ACTIVE_STATUSES, CANARY_UPSERTED, canaryFromRow, findCurrentCanary, insertCanaryEvent, isActiveStatus, transitionCanary, type CanaryRow } from './canary-store.js'

const ENTITY = 'canary_deployment'

export interface CanaryTransitionOptions {
  /** Where rollbacks and completions are reported when a canary names no URL of its own. */
  webhookUrl?: string
  /** Runs after a transition that queued a webhook, to send it now rather than on the next tick. */
  onWebhookQueued?: () => void
  /** Runs after a rollback committed (metrics). */
  onRollback?: (rollback: RollbackView) => void
}

export function noCanary(environment: string, featureKey: string): NotFoundError {
  return new NotFoundError(`no canary deployment for flag "${featureKey}" in the environment "${environment}"`, 'SLUICE_CANARY_NOT_FOUND')
}

export function notActive(row: CanaryRow): ConflictError {
  return new ConflictError(
    `the canary for "${row.featureKey}" is ${row.status}; start a new canary to change it`,
    'SLUICE_CANARY_NOT_ACTIVE',
  )
}

/** The flag's rules with one rule's rollout set; 400 when the flag has no such rule. */
export function withRollout(flag: Flag, ruleId: string, rollout: number): Rule[] {
  const rules = flag.rules ?? []
  if (!rules.some((rule) => rule.id === ruleId)) {
    throw new BadRequestError(`ruleId: flag "${flag.key}" has no rule "${ruleId}" (its rules: ${rules.map((rule) => rule.id).join(', ') || 'none'})`)
  }
  return rules.map((rule) => (rule.id === ruleId ? { ...rule, rollout } : rule))
}

export class CanaryTransitions {
  constructor(
    private readonly flags: FlagService,
    private readonly options: CanaryTransitionOptions = {},
  ) {}

  /** The flag's active canary, locked for this transaction; 404 or 409 otherwise. */
  async activeRow(tx: Db, environment: string, featureKey: string): Promise<CanaryRow> {
    const row = await findCurrentCanary(tx, environment, featureKey, { forUpdate: true })
    if (!row) throw noCanary(environment, featureKey)
    if (!isActiveStatus(row.status)) throw notActive(row)
    return row
  }

  /**
   * Rolls `row` back inside `mutation` if it is still active, with a rollback record;
   * undefined when another transaction got there first.
   */
  async rollBackWithRecord(
    mutation: Mutation,
    row: CanaryRow,
    reason: string,
    startedAt: number,
    detail: unknown,
  ): Promise<{ canary: CanaryView; rollback: RollbackView } | undefined> {
    const taken = await this.takeDown(mutation, row, reason, detail)
    if (!taken) return undefined
    const { canary, flag } = taken
    const rollback = await recordRollback(
      mutation,
      {
        environment: row.environment,
        type: 'canary',
        targetKey: row.featureKey,
        reason,
        previousState: { canary: canaryFromRow(row), flag: flag.before },
        newState: { canary, flag: flag.after },
        startedAt,
      },
      this.options.onRollback,
    )
    await this.notifyRolledBack(mutation, canary, rollback)
    return { canary, rollback }
  }

  /** The canary to 0% and rolled_back, without a rollback record; undefined when it is no longer active. */
  async takeDown(mutation: Mutation, row: CanaryRow, reason: string, detail: unknown) {
    const next = await transitionCanary(mutation.tx, { id: row.id }, ACTIVE_STATUSES, { status: 'rolled_back', percentage: 0, endedAt: new Date() })
    if (!next) return undefined
    const flag = await this.setFlagPercentage(mutation, row, 0)
    const canary = await this.record(mutation, next, row, 'rolled_back', reason, detail)
    return { canary, flag }
  }

  /** Queues the canary.rolled_back webhook for `rollback`, which may be the canary's own or its flag's. */
  async notifyRolledBack(mutation: Mutation, canary: CanaryView, rollback: RollbackView): Promise<void> {
    await this.notify(mutation, canary, 'canary.rolled_back', { reason: rollback.reason, rollback })
  }

  async finishCompleted(mutation: Mutation, row: CanaryRow, message: string, detail?: unknown): Promise<CanaryView> {
    const next = await transitionCanary(mutation.tx, row, ACTIVE_STATUSES, { status: 'completed', percentage: 100, endedAt: new Date() })
    if (!next) throw notActive(row)
    await this.setFlagPercentage(mutation, row, 100)
    const canary = await this.record(mutation, next, row, 'completed', message, detail)
    await this.notify(mutation, canary, 'canary.completed', { reason: message })
    return canary
  }

  /** The canary's percentage onto its flag: the flag's percentage, or the rollout of the rule the canary drives. */
  async setFlagPercentage(mutation: Mutation, row: Pick<CanaryRow, 'environment' | 'featureKey' | 'ruleId'>, percentage: number): Promise<{ before: Flag; after: Flag }> {
    let before: Flag | undefined
    const after = await this.flags.change(mutation, row.environment, row.featureKey, 'flag.canary_percentage', {}, (current) => {
      before = current
      return row.ruleId ? FlagService.columns(current, { rules: withRollout(current, row.ruleId, percentage) }) : FlagService.columns(current, { percentage })
    })
    return { before: before!, after }
  }

  async record(mutation: Mutation, row: CanaryRow, before: CanaryRow | undefined, kind: string, message: string, detail?: unknown): Promise<CanaryView> {
    const after = canaryFromRow(row)
    await insertCanaryEvent(mutation.tx, { canaryId: row.id, kind, actor: mutation.actor.name, message, detail })
    await mutation.audit({ action: `canary.${kind}`, entityType: ENTITY, entityKey: row.featureKey, environment: row.environment, before: before ? canaryFromRow(before) : null, after })
    await mutation.emit({ type: CANARY_UPSERTED, entityKey: row.featureKey, environment: row.environment, payload: after })
    return after
  }

  private async notify(mutation: Mutation, canary: CanaryView, event: string, extra: Record<string, unknown>): Promise<void> {
    const url = canary.webhookUrl ?? this.options.webhookUrl
    if (!url) return
    await enqueueWebhook(mutation.tx, { event, url, payload: { at: new Date().toISOString(), canary, ...extra } })
    if (this.options.onWebhookQueued) mutation.afterCommit(this.options.onWebhookQueued)
  }
}
