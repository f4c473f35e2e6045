/**
 * Instant rollbacks: each is one transaction through the change log, so it reaches
 * every SDK on the stream within milliseconds, with a record of who, why, what it was and
 * what it became.
 */
import type { Db } from '../db/database.js'
import type { ManualCanaryRollback } from '../canaries/canary-manual-rollback.js'
import { ConflictError, NotFoundError } from '../errors.js'
import { FlagService } from '../flags/flag-service.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { RollbackPhases } from '../audit/rollback-phase-schemas.js'
import { listRollbacks, recordRollback, type RollbackType, type RollbackView } from '../audit/rollback-store.js'

export class RollbackService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly canaries: ManualCanaryRollback,
    /** The phases of deployment and migration rollbacks, by rollback id. */
    private readonly phases: (rollbackIds: string[]) => Promise<Map<string, RollbackPhases>>,
    /** Runs after a rollback committed (metrics). */
    private readonly onRollback: (rollback: RollbackView) => void = () => {},
  ) {}

  async list(query: { environment: string; type?: RollbackType; targetKey?: string; limit: number }): Promise<RollbackView[]> {
    return this.withPhases(await listRollbacks(this.db, query))
  }

  /** Each deployment or migration rollback with its phases (deployments/), the others as they are. */
  async withPhases(rollbacks: RollbackView[]): Promise<RollbackView[]> {
    const phases = await this.phases(rollbacks.filter((r) => r.type === 'deployment' || r.type === 'database_migration').map((r) => r.id))
    return rollbacks.map((r) => {
      const own = phases.get(r.id)
      return own ? { ...r, phases: own } : r
    })
  }

  async featureFlag(actor: Actor, environment: string, featureKey: string, reason: string, startedAt = performance.now()): Promise<RollbackView> {
    return this.mutator.run(actor, async (mutation) => {
      const { before, after, canary } = await this.turnFlagOff(mutation, environment, featureKey, reason)
      const rollback = await recordRollback(
        mutation,
        { environment, type: 'feature_flag', targetKey: featureKey, reason, previousState: { flag: before }, newState: { flag: after, ...(canary ? { canary } : {}) }, startedAt },
        this.onRollback,
      )
      if (canary) await this.canaries.notifyRolledBack(mutation, canary, rollback)
      return rollback
    })
  }

  /**
   * Disables the flag inside `mutation` and ends its active canary, without a rollback record:
   * the caller records the rollback this is part of, and then tells the canary's webhook.
   */
  async turnFlagOff(mutation: Mutation, environment: string, featureKey: string, reason: string) {
    const before = await this.flags.lock(mutation.tx, environment, featureKey)
    const canary = await this.canaries.endWithFlagRollback(mutation, environment, featureKey, reason)
    const after = await this.flags.change(mutation, environment, featureKey, 'flag.rolled_back', {}, (current) => FlagService.columns(current, { enabled: false }))
    return { before, after, canary }
  }

  async canary(actor: Actor, environment: string, featureKey: string, reason: string, startedAt = performance.now()): Promise<RollbackView> {
    return (await this.canaries.rollback(actor, environment, featureKey, reason, startedAt)).rollback
  }

  async flagVersion(actor: Actor, environment: string, featureKey: string, version: number, reason: string, startedAt = performance.now()): Promise<RollbackView> {
    const target = await this.flags.versionAt(environment, featureKey, version)
    if (!target) throw new NotFoundError(`flag "${featureKey}" has no version ${version} in the environment "${environment}"`, 'SLUICE_FLAG_VERSION_NOT_FOUND')
    return this.mutator.run(actor, async (mutation) => {
      let before: unknown
      const after = await this.flags.change(mutation, environment, featureKey, 'flag.reverted', { guarded: true }, (current) => {
        if (current.archived) throw new ConflictError(`flag "${featureKey}" is archived; restore it first`, 'SLUICE_FLAG_ARCHIVED')
        if (version >= current.version) {
          throw new ConflictError(`version ${version} is not earlier than the current version ${current.version}`, 'SLUICE_NOT_EARLIER')
        }
        before = current
        // The rules exactly as they were at that version, archived state aside.
        return FlagService.columns(target, { archived: false })
      })
      return recordRollback(
        mutation,
        { environment, type: 'flag_version', targetKey: featureKey, reason, previousState: { flag: before }, newState: { flag: after, revertedTo: version }, startedAt },
        this.onRollback,
      )
    })
  }
}

