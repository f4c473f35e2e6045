/**
 * Canary deployments: a percentage flag whose percentage the canary owns, ramped by hand or
 * by the scheduler, and rolled back by hand or by the analysis of reported outcomes.
 *
 * Every transition is a conditional UPDATE on the canary's status (and, for promotions, its
 * revision), made in the same transaction as the flag change, the rollback record, the
 * canary event, the audit entry, the change events and the webhook outbox row. Two replicas
 * that decide the same thing at once therefore produce one transition: the second UPDATE
 * matches nothing and its transaction does nothing.
 */
import type { CanaryStatus, Flag, Rule } from '@sluice/core'
import type { Db } from '../db/database.js'
import { ConflictError, NotFoundError, BadRequestError } from '../errors.js'
import { FlagService, type FlagGuard } from '../flags/flag-service.js'
import { SYSTEM_ACTOR, type Actor } from '../platform/actor.js'
import type { Logger } from '../platform/logger.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { recordRollback, type RollbackView } from '../audit/rollback-store.js'
import { enqueueWebhook } from '../webhooks/webhook-outbox.js'
import { analyse, DEFAULT_ANALYSIS, type Analysis, type AnalysisSettings, type BaselineStatus, type StepSample } from './canary-analysis.js'
import { pruneWindows, readMetrics, readMetricsOf, readRecent, type CanaryCounts } from './canary-metrics-store.js'
import type { CanaryView, StartCanaryInput } from './canary-schemas.js'
import { checkPercentage, validateStart } from './canary-validation.js'
import {
  ACTIVE_STATUSES,
  CANARY_UPSERTED,
  canaryFromRow,
  findActiveCanaries,
  findCanaryById,
  findCurrentCanary,
  insertCanary,
  insertCanaryEvent,
  isActiveStatus,
  listActiveCanaries,
  listCanaries,
  listCanaryEvents,
  transitionCanary,
  type CanaryRow,
  type StoredAnalysis,
} from './canary-store.js'

const ENTITY = 'canary_deployment'

export interface CanaryDetail extends CanaryView {
  metrics: { canary: Analysis['canary']; baseline: Analysis['baseline'] }
  verdict: Pick<Analysis, 'verdict' | 'rule' | 'message' | 'awaitingTraffic'> & { baseline: BaselineStatus }
}

/** Called inside an automatic rollback's transaction (chaos halts rules that depend on the flag). */
export type RollbackHook = (mutation: Mutation, environment: string, featureKey: string, reason: string, rollback: RollbackView) => Promise<void>

/** Called inside a canary start's transaction (a deployment of that version links to it). */
export type StartHook = (mutation: Mutation, canary: CanaryView) => Promise<void>

export interface CanaryServiceOptions {
  /** Where rollbacks and completions are reported when a canary names no URL of its own. */
  webhookUrl?: string
  /** Without a secret no webhook may be configured: every delivery is signed. */
  webhookSecret?: string
  /** Runs after a transition that queued a webhook, to send it now rather than on the next tick. */
  onWebhookQueued?: () => void
  /** Runs after a rollback committed (metrics). */
  onRollback?: (rollback: RollbackView) => void
}

function settingsOf(row: CanaryRow): AnalysisSettings {
  const stored = row.analysis as unknown as StoredAnalysis
  return {
    rollbackThreshold: row.rollbackThreshold,
    minSampleSize: row.minSampleSize,
    alpha: stored.alpha,
    minSamplePerSide: stored.minSamplePerSide,
    latencyGuard: stored.latencyGuard,
  }
}

/** The current step's own traffic; undefined without automatic steps, where nothing waits for it. */
function stepSampleOf(row: CanaryRow, counts: CanaryCounts): StepSample | undefined {
  if (row.steps.length === 0) return undefined
  return { percentage: row.percentage, canary: counts.canary.requests - row.stepCanaryRequests, baseline: counts.baseline.requests - row.stepBaselineRequests }
}

function noCanary(environment: string, featureKey: string): NotFoundError {
  return new NotFoundError(`no canary deployment for flag "${featureKey}" in the environment "${environment}"`, 'SLUICE_CANARY_NOT_FOUND')
}

function notActive(row: CanaryRow): ConflictError {
  return new ConflictError(
    `the canary for "${row.featureKey}" is ${row.status}; start a new canary to change it`,
    'SLUICE_CANARY_NOT_ACTIVE',
  )
}

export class CanaryService {
  private rollbackHooks: RollbackHook[] = []
  private startHooks: StartHook[] = []

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly log: Logger,
    private readonly options: CanaryServiceOptions = {},
  ) {
    flags.addGuard(this.guardFlagEdits)
  }

  onAutomaticRollback(hook: RollbackHook): void {
    this.rollbackHooks.push(hook)
  }

  onStart(hook: StartHook): void {
    this.startHooks.push(hook)
  }

  /** Admins may not move a percentage (or rule rollout) the canary owns, remove its rule, change the flag's type, or archive it. */
  private readonly guardFlagEdits: FlagGuard = async (tx, current, next) => {
    const canary = await findCurrentCanary(tx, current.environment, current.key)
    if (!canary || !isActiveStatus(canary.status)) return
    const rollout = (rules: readonly Rule[] | null | undefined) => {
      const rule = rules?.find((r) => r.id === canary.ruleId)
      return rule && (rule.rollout ?? 100)
    }
    const ruleMoved = canary.ruleId !== null && rollout(next.rules) !== rollout(current.rules)
    if ((next.percentage ?? undefined) !== current.percentage || ruleMoved || next.type !== current.type || next.archived) {
      throw new ConflictError(
        `flag "${current.key}" is under an active canary, which controls its ${canary.ruleId ? `rule ${canary.ruleId}'s rollout` : 'percentage'}; use the canary API (increase, rollback, complete)`,
        'SLUICE_FLAG_UNDER_CANARY',
      )
    }
  }

  async list(environment: string, status: 'active' | 'all'): Promise<CanaryView[]> {
    return (await listCanaries(this.db, environment, status)).map(canaryFromRow)
  }

  async detail(environment: string, featureKey: string): Promise<CanaryDetail> {
    const row = await findCurrentCanary(this.db, environment, featureKey)
    if (!row) throw noCanary(environment, featureKey)
    const [metrics, recent] = await Promise.all([readMetrics(this.db, row.id), readRecent(this.db, [row.id])])
    const analysis = analyse(metrics.canary, metrics.baseline, settingsOf(row), recent.get(row.id), stepSampleOf(row, metrics))
    return {
      ...canaryFromRow(row),
      metrics: { canary: analysis.canary, baseline: analysis.baseline },
      verdict: {
        verdict: analysis.verdict,
        ...(analysis.rule ? { rule: analysis.rule } : {}),
        baseline: analysis.baselineStatus,
        ...(analysis.awaitingTraffic ? { awaitingTraffic: true } : {}),
        message: analysis.message,
      },
    }
  }

  async history(environment: string, featureKey: string) {
    const row = await findCurrentCanary(this.db, environment, featureKey)
    if (!row) throw noCanary(environment, featureKey)
    return listCanaryEvents(this.db, row.id)
  }

  async start(actor: Actor, environment: string, input: StartCanaryInput): Promise<CanaryView> {
    const { steps, initial, stepIndex } = validateStart(input)
    // Stored with the scheme in lower case, the form URLs are compared and shown in.
    const webhookUrl = input.webhookUrl?.replace(/^[A-Za-z]+/, (scheme) => scheme.toLowerCase()) ?? null
    if (webhookUrl && !this.options.webhookSecret) {
      throw new BadRequestError('webhookUrl: needs SLUICE_WEBHOOK_SECRET set on the service: every webhook is signed')
    }
    const analysis: StoredAnalysis = {
      alpha: input.alpha,
      minSamplePerSide: input.minSamplePerSide,
      latencyGuard: input.latencyGuard === undefined ? { ...DEFAULT_ANALYSIS.latencyGuard } : input.latencyGuard,
      holdSeconds: input.holdSeconds,
    }
    return this.mutator.run(actor, async (mutation) => {
      const flag = await this.flags.change(mutation, environment, input.featureKey, 'flag.canary_started', {}, (current) => {
        if (current.archived) throw new ConflictError(`flag "${current.key}" is archived`, 'SLUICE_FLAG_ARCHIVED')
        if (input.ruleId !== undefined) {
          if (current.type !== 'rules') throw new BadRequestError(`ruleId: flag "${current.key}" is a ${current.type} flag; ruleId names a rule of a rules flag`)
          return FlagService.columns(current, { enabled: true, rules: withRollout(current, input.ruleId, initial) })
        }
        if (current.type === 'rules') {
          throw new BadRequestError(`ruleId: is required: flag "${current.key}" is a rules flag, and a canary drives the rollout of one of its rules`)
        }
        if (current.type !== 'percentage') {
          throw new ConflictError(
            `flag "${current.key}" is a ${current.type} flag; a canary ramps a percentage flag`,
            'SLUICE_FLAG_NOT_PERCENTAGE',
          )
        }
        return FlagService.columns(current, { enabled: true, percentage: initial })
      })
      // The flag row is locked now, so this check and the insert cannot interleave with another start.
      const existing = await findCurrentCanary(mutation.tx, environment, flag.key)
      if (existing && isActiveStatus(existing.status)) {
        throw new ConflictError(`flag "${flag.key}" already has an active canary in the environment "${environment}" (${existing.version}, ${existing.status})`, 'SLUICE_CANARY_ACTIVE')
      }
      const row = await insertCanary(mutation.tx, {
        environment,
        featureKey: flag.key,
        version: input.version,
        status: 'running',
        percentage: initial,
        initialPercentage: initial,
        rollbackThreshold: input.rollbackThreshold,
        minSampleSize: input.minSampleSize,
        steps,
        stepIndex,
        analysis: analysis as unknown as Record<string, unknown>,
        webhookUrl,
        ruleId: input.ruleId ?? null,
      })
      const message = `started ${input.version} at ${initial}%${input.ruleId ? ` of rule ${input.ruleId}` : ''}${steps.length ? `, stepping ${steps.join(' → ')} with ${input.holdSeconds}s holds` : ''}`
      const canary = await this.record(mutation, row, undefined, 'started', message)
      for (const hook of this.startHooks) await hook(mutation, canary)
      return canary
    })
  }

  async increase(actor: Actor, environment: string, featureKey: string, percentage: number): Promise<CanaryView> {
    checkPercentage(percentage, 'percentage')
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.activeRow(mutation.tx, environment, featureKey)
      if (percentage <= row.percentage || percentage > 100) {
        throw new BadRequestError(`percentage: must be above the current ${row.percentage} and at most 100, got ${percentage}`)
      }
      const stepIndex = row.steps.length ? Math.max(row.stepIndex, row.steps.filter((s) => s <= percentage).length - 1) : row.stepIndex
      const next = await transitionCanary(mutation.tx, row, ACTIVE_STATUSES, { percentage, stepIndex }, { newStep: true })
      if (!next) throw notActive(row)
      await this.setFlagPercentage(mutation, row, percentage)
      return this.record(mutation, next, row, 'increased', `raised from ${row.percentage}% to ${percentage}%`)
    })
  }

  async complete(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.activeRow(mutation.tx, environment, featureKey)
      return this.finishCompleted(mutation, row, `completed at 100% by ${actor.name}`)
    })
  }

  async pause(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.setRunning(actor, environment, featureKey, false)
  }

  async resume(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.setRunning(actor, environment, featureKey, true)
  }

  /** A rollback by a person: the active canary to 0% with their reason. */
  async rollback(actor: Actor, environment: string, featureKey: string, reason: string, startedAt = performance.now()): Promise<{ canary: CanaryView; rollback: RollbackView }> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.activeRow(mutation.tx, environment, featureKey)
      const result = await this.rollBack(mutation, row, reason, startedAt, { reason })
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
    return (await this.takeDown(mutation, row, reason, { reason }))?.canary
  }

  /**
   * Rolls `row` back inside `mutation` if it is still active, with a rollback record;
   * undefined when another transaction got there first.
   */
  async rollBack(
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

  /** Queues the canary.rolled_back webhook for `rollback`, which may be the canary's own or its flag's. */
  async notifyRolledBack(mutation: Mutation, canary: CanaryView, rollback: RollbackView): Promise<void> {
    await this.notify(mutation, canary, 'canary.rolled_back', { reason: rollback.reason, rollback })
  }

  private async takeDown(mutation: Mutation, row: CanaryRow, reason: string, detail: unknown) {
    const next = await transitionCanary(mutation.tx, { id: row.id }, ACTIVE_STATUSES, { status: 'rolled_back', percentage: 0, endedAt: new Date() })
    if (!next) return undefined
    const flag = await this.setFlagPercentage(mutation, row, 0)
    const canary = await this.record(mutation, next, row, 'rolled_back', reason, detail)
    return { canary, flag }
  }

  /**
   * Analyses the canaries that received outcomes (AnalysisThrottle decides when) and rolls
   * back those a rule condemns; the ones no longer active are skipped.
   */
  async analyseCanaries(canaryIds: string[]): Promise<void> {
    await this.analyseAll(await findActiveCanaries(this.db, 'id', canaryIds))
  }

  /** Housekeeping for the leader: drops outcome windows too old to matter. */
  async pruneWindows(): Promise<void> {
    await pruneWindows(this.db)
  }

  /** The scheduler's tick: promote canaries whose hold passed with a healthy analysis, and catch up on rollbacks. */
  async tick(now = new Date()): Promise<void> {
    const rows = await listActiveCanaries(this.db)
    const analyses = await this.analyseAll(rows)
    for (const row of rows) {
      const analysis = analyses.get(row.id)
      if (!analysis || analysis.verdict !== 'healthy' || analysis.awaitingTraffic || row.status !== 'running' || row.steps.length === 0) continue
      const holdSeconds = (row.analysis as unknown as StoredAnalysis).holdSeconds
      if (now.getTime() - row.stepStartedAt.getTime() < holdSeconds * 1000) continue
      await this.promote(row, analysis)
    }
  }

  /**
   * Analyses each canary on its current counters and rolls back those a rule condemns. A
   * rollback that fails is logged and left to the next tick: it must not keep the canaries
   * after it from theirs.
   */
  private async analyseAll(rows: CanaryRow[]): Promise<Map<string, Analysis>> {
    const ids = rows.map((row) => row.id)
    const [counts, recent] = await Promise.all([readMetricsOf(this.db, ids), readRecent(this.db, ids)])
    const analyses = new Map<string, Analysis>()
    for (const row of rows) {
      const { canary, baseline } = counts.get(row.id)!
      const analysis = analyse(canary, baseline, settingsOf(row), recent.get(row.id), stepSampleOf(row, { canary, baseline }))
      analyses.set(row.id, analysis)
      if (analysis.verdict !== 'rollback') continue
      try {
        await this.rollBackAutomatically(row, analysis)
      } catch (err) {
        this.log.error({ err, featureKey: row.featureKey, rule: analysis.rule }, 'automatic rollback failed; the next scheduler tick tries again')
      }
    }
    return analyses
  }

  private async rollBackAutomatically(row: CanaryRow, analysis: Analysis): Promise<void> {
    const startedAt = performance.now()
    const reason = `automatic rollback (${analysis.rule}): ${analysis.message}`
    const result = await this.mutator.run(SYSTEM_ACTOR, async (mutation) => {
      const rolled = await this.rollBack(mutation, row, reason, startedAt, { rule: analysis.rule, ...analysis, at: new Date().toISOString() })
      if (rolled) for (const hook of this.rollbackHooks) await hook(mutation, row.environment, row.featureKey, reason, rolled.rollback)
      return rolled
    })
    if (result) this.log.warn({ featureKey: row.featureKey, rule: analysis.rule, canaryId: row.id }, reason)
  }

  private async promote(row: CanaryRow, analysis: Analysis): Promise<void> {
    const nextIndex = row.stepIndex + 1
    const numbers = `${analysis.message}; canary p95 ${analysis.canary.p95LatencyMs ?? '–'} ms, baseline p95 ${analysis.baseline.p95LatencyMs ?? '–'} ms`
    await this.mutator.run(SYSTEM_ACTOR, async (mutation) => {
      if (row.percentage >= 100 || nextIndex >= row.steps.length) {
        const current = await findCanaryById(mutation.tx, row.id)
        if (current?.revision !== row.revision) return
        await this.finishCompleted(mutation, current, `completed automatically after the last hold: ${numbers}`, analysis)
        return
      }
      const percentage = row.steps[nextIndex]!
      const next = await transitionCanary(mutation.tx, row, ['running'], { percentage, stepIndex: nextIndex }, { newStep: true })
      if (!next) return
      await this.setFlagPercentage(mutation, row, percentage)
      await this.record(mutation, next, row, 'promoted', `promoted from ${row.percentage}% to ${percentage}% after the analysis passed: ${numbers}`, analysis)
    })
  }

  private async finishCompleted(mutation: Mutation, row: CanaryRow, message: string, detail?: unknown): Promise<CanaryView> {
    const next = await transitionCanary(mutation.tx, row, ACTIVE_STATUSES, { status: 'completed', percentage: 100, endedAt: new Date() })
    if (!next) throw notActive(row)
    await this.setFlagPercentage(mutation, row, 100)
    const canary = await this.record(mutation, next, row, 'completed', message, detail)
    await this.notify(mutation, canary, 'canary.completed', { reason: message })
    return canary
  }

  private async setRunning(actor: Actor, environment: string, featureKey: string, running: boolean): Promise<CanaryView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.activeRow(mutation.tx, environment, featureKey)
      const from: CanaryStatus = running ? 'paused' : 'running'
      if (row.status !== from) throw new ConflictError(`the canary for "${featureKey}" is already ${row.status}`, 'SLUICE_CANARY_STATE')
      // Resuming restarts the hold: promotion waits a full hold under the current numbers.
      const next = await transitionCanary(mutation.tx, row, [from], { status: running ? 'running' : 'paused', ...(running ? { stepStartedAt: new Date() } : {}) })
      if (!next) throw notActive(row)
      return this.record(mutation, next, row, running ? 'resumed' : 'paused', `${running ? 'resumed' : 'paused'} by ${actor.name}`)
    })
  }

  private async activeRow(tx: Db, environment: string, featureKey: string): Promise<CanaryRow> {
    const row = await findCurrentCanary(tx, environment, featureKey, { forUpdate: true })
    if (!row) throw noCanary(environment, featureKey)
    if (!isActiveStatus(row.status)) throw notActive(row)
    return row
  }

  /** The canary's percentage onto its flag: the flag's percentage, or the rollout of the rule the canary drives. */
  private async setFlagPercentage(mutation: Mutation, row: Pick<CanaryRow, 'environment' | 'featureKey' | 'ruleId'>, percentage: number): Promise<{ before: Flag; after: Flag }> {
    let before: Flag | undefined
    const after = await this.flags.change(mutation, row.environment, row.featureKey, 'flag.canary_percentage', {}, (current) => {
      before = current
      return row.ruleId ? FlagService.columns(current, { rules: withRollout(current, row.ruleId, percentage) }) : FlagService.columns(current, { percentage })
    })
    return { before: before!, after }
  }

  private async record(mutation: Mutation, row: CanaryRow, before: CanaryRow | undefined, kind: string, message: string, detail?: unknown): Promise<CanaryView> {
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

/** The flag's rules with one rule's rollout set; 400 when the flag has no such rule. */
function withRollout(flag: Flag, ruleId: string, rollout: number): Rule[] {
  const rules = flag.rules ?? []
  if (!rules.some((rule) => rule.id === ruleId)) {
    throw new BadRequestError(`ruleId: flag "${flag.key}" has no rule "${ruleId}" (its rules: ${rules.map((rule) => rule.id).join(', ') || 'none'})`)
  }
  return rules.map((rule) => (rule.id === ruleId ? { ...rule, rollout } : rule))
}
