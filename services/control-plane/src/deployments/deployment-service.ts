/**
 * Deployments as CI records them, and the deployers that can undo them. A deployment is linked
 * to the canary that guards it (same flag, same version), in whichever order the two arrive.
 */
import type { Db } from '../db/database.js'
import type { CanaryView } from '../canaries/canary-schemas.js'
import { findCurrentCanary, isActiveStatus } from '../canaries/canary-store.js'
import { NotFoundError } from '../errors.js'
import type { FlagService } from '../flags/flag-service.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { DeployerSender } from './deployer-sender.js'
import { deployerFromRow, findDeployer, listDeployers, upsertDeployer } from './deployer-store.js'
import { retryUndeliverable } from './rollback-outbox.js'
import type { ConfigureDeployerInput, DeployerView, DeploymentStatus, DeploymentView, RecordDeploymentInput } from './deployment-schemas.js'
import {
  deploymentFromRow,
  findDeployment,
  findDeploymentForCanary,
  insertDeployment,
  lastSuccessfulVersion,
  listDeployments,
  updateDeployment,
  type DeploymentRow,
} from './deployment-store.js'

export const DEPLOYMENT_UPSERTED = 'deployment.upserted'
export const DEPLOYMENT_ENTITY = 'deployment'
const DEPLOYER_ENTITY = 'deployer'

export function deploymentNotFound(id: string): NotFoundError {
  return new NotFoundError(`no deployment with id "${id}"`, 'SLUICE_DEPLOYMENT_NOT_FOUND')
}

/** Audits a deployment change and streams the whole new deployment. */
export async function recordDeploymentChange(mutation: Mutation, action: string, before: DeploymentRow | undefined, after: DeploymentRow): Promise<DeploymentView> {
  const view = deploymentFromRow(after)
  await mutation.audit({ action, entityType: DEPLOYMENT_ENTITY, entityKey: view.id, environment: view.environment, before: before ? deploymentFromRow(before) : null, after: view })
  await mutation.emit({ type: DEPLOYMENT_UPSERTED, entityKey: view.id, environment: view.environment, payload: view })
  return view
}

export class DeploymentService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly sender: DeployerSender,
  ) {}

  async record(actor: Actor, environment: string, input: RecordDeploymentInput): Promise<DeploymentView> {
    // 404 naming the flag before anything is written: a guard that does not exist guards nothing.
    if (input.canaryFlag) await this.flags.get(environment, input.canaryFlag)
    return this.mutator.run(actor, async (mutation) => {
      const canary = input.canaryFlag ? await findCurrentCanary(mutation.tx, environment, input.canaryFlag) : undefined
      const row = await insertDeployment(mutation.tx, {
        environment,
        service: input.service,
        version: input.version,
        previousVersion: input.previousVersion ?? (await lastSuccessfulVersion(mutation.tx, environment, input.service)) ?? null,
        commit: input.commit ?? null,
        migrations: input.migrations ?? [],
        canaryFlag: input.canaryFlag ?? null,
        canaryId: canary && isActiveStatus(canary.status) && canary.version === input.version ? canary.id : null,
        rollbackOnCanaryFailure: input.rollbackOnCanaryFailure ?? null,
        createdBy: actor.name,
      })
      return recordDeploymentChange(mutation, 'deployment.recorded', undefined, row)
    })
  }

  async list(query: { environment: string; service?: string; version?: string; status?: DeploymentStatus; limit: number }): Promise<DeploymentView[]> {
    return (await listDeployments(this.db, query)).map(deploymentFromRow)
  }

  async get(id: string): Promise<DeploymentView> {
    const row = await findDeployment(this.db, id)
    if (!row) throw deploymentNotFound(id)
    return deploymentFromRow(row)
  }

  /** CanaryService's start hook: the canary guards the deployment of its version. */
  readonly linkCanary = async (mutation: Mutation, canary: CanaryView): Promise<void> => {
    const row = await findDeploymentForCanary(mutation.tx, canary.environment, canary.featureKey, canary.version)
    if (!row) return
    const linked = await updateDeployment(mutation.tx, row.id, { canaryId: canary.id, canaryFlag: canary.featureKey })
    await recordDeploymentChange(mutation, 'deployment.canary_linked', row, linked)
  }

  async configureDeployer(actor: Actor, service: string, input: ConfigureDeployerInput): Promise<DeployerView> {
    const deployer = await this.mutator.run(actor, async (mutation) => {
      const before = await findDeployer(mutation.tx, service)
      const row = await upsertDeployer(mutation.tx, { service, url: input.url, secret: input.secret, rollbackOnCanaryFailure: input.rollbackOnCanaryFailure, updatedBy: actor.name })
      const view = deployerFromRow(row)
      // The audit says that the secret changed, never what it is.
      const secretChanged = before ? before.secret !== input.secret : true
      await mutation.audit({ action: before ? 'deployer.updated' : 'deployer.created', entityType: DEPLOYER_ENTITY, entityKey: service, before: before ? deployerFromRow(before) : null, after: { ...view, secretChanged } })
      await mutation.emit({ type: 'deployer.upserted', entityKey: service, payload: view, environment: null })
      await retryUndeliverable(mutation.tx, service)
      return view
    })
    // Rollbacks queued while the service had no deployer, or given up on with the old settings, go out now.
    void this.sender.deliverDue()
    return deployer
  }

  async listDeployers(): Promise<DeployerView[]> {
    return (await listDeployers(this.db)).map(deployerFromRow)
  }

  async testDeployer(actor: Actor, service: string) {
    const row = await findDeployer(this.db, service)
    if (!row) throw new NotFoundError(`no deployer is configured for "${service}": PUT /api/v1/admin/deployers/${service}`, 'SLUICE_DEPLOYER_NOT_FOUND')
    const startedAt = performance.now()
    const error = await this.sender.test(service, row.url, row.secret)
    const result = { service, delivered: error === undefined, error: error ?? null, durationMs: Math.round((performance.now() - startedAt) * 10) / 10 }
    await this.mutator.run(actor, (mutation) => mutation.audit({ action: 'deployer.tested', entityType: DEPLOYER_ENTITY, entityKey: service, after: result }))
    return result
  }
}
