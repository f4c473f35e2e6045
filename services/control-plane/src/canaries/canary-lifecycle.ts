/**
 * A canary's life as admins drive it: started on a percentage flag (or one rule of a rules
 * flag), raised by hand, paused and resumed, completed; and the reads of it, with its current
 * analysis. While a canary is active it owns its flag's percentage: the flag guard refuses edits
 * that would move it. Rollbacks are canary-manual-rollback.ts and canary-analysis-runner.ts;
 * automatic steps are canary-promotion.ts.
 */
import type { CanaryStatus, Rule } from '@sluice/core'
import type { Db } from '../db/database.js'
import { BadRequestError, ConflictError } from '../errors.js'
import { FlagService, type FlagGuard } from '../flags/flag-service.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { analyse, DEFAULT_ANALYSIS, type Analysis, type BaselineStatus } from './canary-analysis.js'
import type { StoredAnalysis } from '../db/schema/canaries.js'
import { settingsOf, stepSampleOf } from './canary-analysis-runner.js'
import { readMetrics, readRecent } from './canary-metrics-store.js'
import type { CanaryView, StartCanaryInput } from './canary-schemas.js'
import { ACTIVE_STATUSES, canaryFromRow, findCurrentCanary, insertCanary, isActiveStatus, listCanaries, listCanaryEvents, transitionCanary } from './canary-store.js'
import { noCanary, notActive, withRollout, type CanaryTransitions } from './canary-transitions.js'
import { checkPercentage, validateStart } from './canary-validation.js'

export interface CanaryDetail extends CanaryView {
  metrics: { canary: Analysis['canary']; baseline: Analysis['baseline'] }
  verdict: Pick<Analysis, 'verdict' | 'rule' | 'message' | 'awaitingTraffic'> & { baseline: BaselineStatus }
}

/** Called inside a canary start's transaction (a deployment of that version links to it). */
export type StartHook = (mutation: Mutation, canary: CanaryView) => Promise<void>

export class CanaryLifecycle {
  private startHooks: StartHook[] = []

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly transitions: CanaryTransitions,
    /** Without a secret no webhook may be configured: every delivery is signed. */
    private readonly webhookSecret: string | undefined,
  ) {
    flags.addGuard(this.guardFlagEdits)
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
    if (webhookUrl && !this.webhookSecret) {
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
        analysis,
        webhookUrl,
        ruleId: input.ruleId ?? null,
      })
      const message = `started ${input.version} at ${initial}%${input.ruleId ? ` of rule ${input.ruleId}` : ''}${steps.length ? `, stepping ${steps.join(' → ')} with ${input.holdSeconds}s holds` : ''}`
      const canary = await this.transitions.record(mutation, row, undefined, 'started', message)
      for (const hook of this.startHooks) await hook(mutation, canary)
      return canary
    })
  }

  async increase(actor: Actor, environment: string, featureKey: string, percentage: number): Promise<CanaryView> {
    checkPercentage(percentage, 'percentage')
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.transitions.activeRow(mutation.tx, environment, featureKey)
      if (percentage <= row.percentage || percentage > 100) {
        throw new BadRequestError(`percentage: must be above the current ${row.percentage} and at most 100, got ${percentage}`)
      }
      const stepIndex = row.steps.length ? Math.max(row.stepIndex, row.steps.filter((s) => s <= percentage).length - 1) : row.stepIndex
      const next = await transitionCanary(mutation.tx, row, ACTIVE_STATUSES, { percentage, stepIndex }, { newStep: true })
      if (!next) throw notActive(row)
      await this.transitions.setFlagPercentage(mutation, row, percentage)
      return this.transitions.record(mutation, next, row, 'increased', `raised from ${row.percentage}% to ${percentage}%`)
    })
  }

  async complete(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.transitions.activeRow(mutation.tx, environment, featureKey)
      return this.transitions.finishCompleted(mutation, row, `completed at 100% by ${actor.name}`)
    })
  }

  async pause(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.setRunning(actor, environment, featureKey, false)
  }

  async resume(actor: Actor, environment: string, featureKey: string): Promise<CanaryView> {
    return this.setRunning(actor, environment, featureKey, true)
  }

  private async setRunning(actor: Actor, environment: string, featureKey: string, running: boolean): Promise<CanaryView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await this.transitions.activeRow(mutation.tx, environment, featureKey)
      const from: CanaryStatus = running ? 'paused' : 'running'
      if (row.status !== from) throw new ConflictError(`the canary for "${featureKey}" is already ${row.status}`, 'SLUICE_CANARY_STATE')
      // Resuming restarts the hold: promotion waits a full hold under the current numbers.
      const next = await transitionCanary(mutation.tx, row, [from], { status: running ? 'running' : 'paused', ...(running ? { stepStartedAt: new Date() } : {}) })
      if (!next) throw notActive(row)
      return this.transitions.record(mutation, next, row, running ? 'resumed' : 'paused', `${running ? 'resumed' : 'paused'} by ${actor.name}`)
    })
  }
}
