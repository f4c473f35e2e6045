/**
 * Deployment and database-migration rollbacks (DESIGN §16): flags first, in the same
 * transaction that records the rollback and queues the request to the service's deployer,
 * so the instant part never waits on the slow part and a recorded rollback is always asked
 * for. The deployer's acknowledgement closes it; a replayed acknowledgement changes nothing.
 */
import { findCurrentCanary } from '../canaries/canary-store.js'
import type { Db } from '../db/database.js'
import { ConflictError, BadRequestError } from '../errors.js'
import { EnvironmentForbiddenError, scopeAllows, type EnvironmentScope } from '../environments/environment-service.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { RollbackService } from '../rollbacks/rollback-service.js'
import { findRollbacks, recordRollback, type RollbackView } from '../audit/rollback-store.js'
import { findDeployer } from './deployer-store.js'
import type { DeploymentDetail } from './deployment-schemas.js'
import { deploymentFromRow, findDeployment, findDeploymentOfCanary, updateDeployment, type DeploymentRow } from './deployment-store.js'
import { deploymentNotFound, recordDeploymentChange } from './deployment-service.js'
import { acknowledgeRequest, findPendingRequest, findRequest, insertRollbackRequest, phasesOf, rollbackIdsOf } from './rollback-outbox.js'

type Kind = 'deployment' | 'database_migration'

interface RollbackRequest {
  kind: Kind
  deploymentId: string
  reason: string
  /** database_migration: which of the deployment's migrations, in the order to revert them. */
  migrations?: string[]
}

export interface DeploymentRollbackSettings {
  /** DEPLOYER_ACK_TIMEOUT_SECONDS: a rollback unacknowledged for longer is overdue (metric, alert). */
  ackTimeoutSeconds: number
  /** Runs after a rollback committed (metrics). */
  onRollback: (rollback: RollbackView) => void
}

export class DeploymentRollbackService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly rollbacks: RollbackService,
    private readonly settings: DeploymentRollbackSettings,
    /** Runs after a rollback committed: send its request now rather than on the next tick. */
    private readonly onQueued: () => void,
  ) {}

  async detail(id: string, scope: EnvironmentScope): Promise<DeploymentDetail> {
    const row = await this.visible(this.db, id, scope)
    return this.detailOf(this.db, row)
  }

  async rollBack(actor: Actor, scope: EnvironmentScope, request: RollbackRequest, startedAt = performance.now()): Promise<RollbackView> {
    return this.mutator.run(actor, async (mutation) => {
      const deployment = await this.visible(mutation.tx, request.deploymentId, scope, { forUpdate: true })
      const migrations = this.checkRollback(deployment, request)
      await this.refuseWhilePending(mutation.tx, deployment)
      const flags = deployment.canaryFlag ? await this.turnFlagOff(mutation, deployment, request.reason) : {}
      return this.requestRollback(mutation, deployment, { ...request, migrations }, performance.now() - startedAt, flags, startedAt)
    })
  }

  /**
   * CanaryService's automatic-rollback hook, inside the canary's rollback transaction: the
   * deployment the canary guards is rolled back too when it (or else its service's deployer)
   * says so. Its flag is already at 0%, by the canary rollback that called this.
   */
  readonly afterCanaryRollback = async (mutation: Mutation, environment: string, featureKey: string, reason: string, canaryRollback: RollbackView): Promise<void> => {
    const canary = await findCurrentCanary(mutation.tx, environment, featureKey)
    const deployment = canary && (await findDeploymentOfCanary(mutation.tx, canary.id))
    if (!deployment || !(await this.rollsBackWithCanary(mutation.tx, deployment))) return
    if (!deployment.previousVersion || (await findPendingRequest(mutation.tx, deployment.id))) return
    const request = { kind: 'deployment' as const, deploymentId: deployment.id, reason: `canary ${featureKey} rolled back: ${reason}` }
    await this.requestRollback(mutation, deployment, request, canaryRollback.durationMs, { canaryRollback: canaryRollback.id }, performance.now())
  }

  /** The deployer's report. The same report again (a retried callback) answers the same and writes nothing. */
  async acknowledge(actor: Actor, scope: EnvironmentScope, deploymentId: string, report: { status: 'rolled_back' | 'failed'; detail?: string; rollbackId?: string }): Promise<DeploymentDetail> {
    return this.mutator.run(actor, async (mutation) => {
      const deployment = await this.visible(mutation.tx, deploymentId, scope, { forUpdate: true })
      const request = report.rollbackId ? await findRequest(mutation.tx, deploymentId, report.rollbackId) : ((await findPendingRequest(mutation.tx, deploymentId)) ?? (await findRequest(mutation.tx, deploymentId)))
      if (!request) {
        const which = report.rollbackId ? `no rollback "${report.rollbackId}"` : 'no rollback'
        throw new ConflictError(`deployment "${deploymentId}" has ${which} waiting for an acknowledgement`, 'SLUICE_NO_ROLLBACK_PENDING')
      }
      if (request.acknowledgedAt) {
        if (request.outcome === report.status) return this.detailOf(mutation.tx, deployment)
        throw new ConflictError(`rollback "${request.rollbackId}" was already acknowledged as ${request.outcome}`, 'SLUICE_NO_ROLLBACK_PENDING')
      }
      await acknowledgeRequest(mutation.tx, request.rollbackId, report.status, report.detail ?? null)
      const after = await updateDeployment(mutation.tx, deployment.id, this.outcome(deployment, request.action, request.migrations, report.status))
      await recordDeploymentChange(mutation, 'deployment.rollback_acknowledged', deployment, after)
      return this.detailOf(mutation.tx, after)
    })
  }

  private outcome(deployment: DeploymentRow, action: string, migrations: string[], status: 'rolled_back' | 'failed'): Partial<DeploymentRow> {
    if (action === 'revert_migrations') return status === 'rolled_back' ? { revertedMigrations: [...deployment.revertedMigrations, ...migrations] } : {}
    return { status: status === 'rolled_back' ? 'rolled_back' : 'rollback_failed' }
  }

  private async visible(db: Db, id: string, scope: EnvironmentScope, options: { forUpdate?: boolean } = {}): Promise<DeploymentRow> {
    const row = await findDeployment(db, id, options)
    if (!row) throw deploymentNotFound(id)
    if (!scopeAllows(scope, row.environment)) throw new EnvironmentForbiddenError(scope.name, row.environment)
    return row
  }

  /** The migrations to revert (database_migration), after refusing what cannot be done. */
  private checkRollback(deployment: DeploymentRow, request: RollbackRequest): string[] {
    if (request.kind === 'deployment') {
      if (deployment.status === 'rolled_back') throw new ConflictError(`deployment "${deployment.id}" is already rolled back`, 'SLUICE_DEPLOYMENT_ROLLED_BACK')
      if (!deployment.previousVersion) {
        throw new ConflictError(
          `deployment "${deployment.id}" (${deployment.service} ${deployment.version}) has no previousVersion to go back to: record deployments with previousVersion, or record the one before it first`,
          'SLUICE_NO_PREVIOUS_VERSION',
        )
      }
      return []
    }
    const migrations = request.migrations ?? []
    const unknown = migrations.filter((m) => !deployment.migrations.includes(m))
    if (unknown.length > 0) throw new BadRequestError(`migrations: ${unknown.map((m) => `"${m}"`).join(', ')} not applied by deployment "${deployment.id}" (it applied ${deployment.migrations.map((m) => `"${m}"`).join(', ') || 'none'})`)
    const reverted = migrations.filter((m) => deployment.revertedMigrations.includes(m))
    if (reverted.length > 0) throw new ConflictError(`migrations: ${reverted.map((m) => `"${m}"`).join(', ')} already reverted`, 'SLUICE_DEPLOYMENT_ROLLED_BACK')
    return migrations
  }

  private async refuseWhilePending(tx: Db, deployment: DeploymentRow): Promise<void> {
    const pending = await findPendingRequest(tx, deployment.id)
    if (pending) {
      throw new ConflictError(
        `deployment "${deployment.id}" already has rollback "${pending.rollbackId}" waiting for its deployer's acknowledgement`,
        'SLUICE_DEPLOYMENT_ROLLBACK_PENDING',
      )
    }
  }

  private async rollsBackWithCanary(tx: Db, deployment: DeploymentRow): Promise<boolean> {
    if (deployment.rollbackOnCanaryFailure !== null) return deployment.rollbackOnCanaryFailure
    return (await findDeployer(tx, deployment.service))?.rollbackOnCanaryFailure ?? false
  }

  private async turnFlagOff(mutation: Mutation, deployment: DeploymentRow, reason: string) {
    const { before, after, canary } = await this.rollbacks.turnFlagOff(mutation, deployment.environment, deployment.canaryFlag!, reason)
    return { flag: { before, after }, ...(canary ? { canary } : {}) }
  }

  private async requestRollback(mutation: Mutation, deployment: DeploymentRow, request: RollbackRequest, flagsOffMs: number, flags: Record<string, unknown>, startedAt: number): Promise<RollbackView> {
    const action = request.kind === 'deployment' ? 'redeploy' : 'revert_migrations'
    const after = await updateDeployment(mutation.tx, deployment.id, request.kind === 'deployment' ? { status: 'rolling_back' } : {})
    const rollback = await recordRollback(
      mutation,
      {
        environment: deployment.environment,
        type: request.kind,
        targetKey: deployment.service,
        reason: request.reason,
        previousState: { deployment: deploymentFromRow(deployment) },
        newState: { deployment: deploymentFromRow(after), ...flags },
        startedAt,
      },
      this.settings.onRollback,
    )
    const migrations = request.migrations ?? []
    await insertRollbackRequest(mutation.tx, {
      rollbackId: rollback.id,
      deploymentId: deployment.id,
      action,
      migrations,
      flagsOffMs: Math.round(flagsOffMs * 1000) / 1000,
      payload: {
        event: `${request.kind}.rollback_requested`,
        id: rollback.id,
        idempotencyKey: rollback.id,
        action,
        service: deployment.service,
        environment: deployment.environment,
        deploymentId: deployment.id,
        currentVersion: deployment.version,
        version: action === 'redeploy' ? deployment.previousVersion : null,
        migrations,
        reason: request.reason,
        requestedBy: mutation.actor.name,
        requestedAt: new Date().toISOString(),
        statusPath: `/api/v1/admin/deployments/${deployment.id}/status`,
      },
    })
    await recordDeploymentChange(mutation, 'deployment.rollback_requested', deployment, after)
    mutation.afterCommit(this.onQueued)
    return { ...rollback, phases: (await phasesOf(mutation.tx, [rollback.id], this.settings.ackTimeoutSeconds)).get(rollback.id)! }
  }

  private async detailOf(db: Db, row: DeploymentRow): Promise<DeploymentDetail> {
    const ids = await rollbackIdsOf(db, row.id)
    const phases = await phasesOf(db, ids, this.settings.ackTimeoutSeconds)
    const records = await findRollbacks(db, ids)
    return { ...deploymentFromRow(row), rollbacks: records.map((r) => ({ ...r, phases: phases.get(r.id)! })) }
  }
}
