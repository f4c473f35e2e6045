/**
 * Environments: the named places flag configs, canaries, rollbacks, chaos rules and segments
 * live in. Changes are global (no environment of their own): audited, and streamed as
 * `environment.upserted` / `environment.deleted` with a null environment.
 */
import type { Db } from '../db/database.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { MemoryFallback } from '../platform/memory-fallback.js'
import type { CreateEnvironmentInput, UpdateEnvironmentInput } from './environment-schemas.js'
import {
  deleteEnvironment,
  environmentFromRow,
  findEnvironment,
  insertEnvironment,
  listEnvironments,
  stateHeldBy,
  updateEnvironment,
  type EnvironmentView,
} from './environment-store.js'

export const ENVIRONMENT_UPSERTED = 'environment.upserted'
export const ENVIRONMENT_DELETED = 'environment.deleted'
const ENTITY = 'environment'

/** Fills a new environment, inside its creation's transaction, with what other capabilities keep per environment (the flags' rows). */
export type EnvironmentSeeder = (mutation: Mutation, environment: string) => Promise<void>

/** The environments a principal may touch: `environment` binds an sdk token to one, `environments` limits the others. */
export interface EnvironmentScope {
  name: string
  environment?: string | null
  environments?: readonly string[] | null
}

export class EnvironmentNotFoundError extends NotFoundError {
  constructor(key: string) {
    super(`no environment "${key}"`, 'SLUICE_ENVIRONMENT_NOT_FOUND')
  }
}

export class EnvironmentForbiddenError extends ForbiddenError {
  constructor(token: string, key: string) {
    super(`the token "${token}" may not use the environment "${key}"`, 'SLUICE_ENVIRONMENT_FORBIDDEN')
  }
}

export class EnvironmentService {
  /**
   * The environments as last read, so every request's environment check (and with it the reads
   * that answer from memory during a database outage) does not depend on the database.
   */
  private readonly known = new Map<string, EnvironmentView>()
  private readonly refreshing = new Set<string>()

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    readonly defaultEnvironment: string,
    private readonly seed: EnvironmentSeeder,
    private readonly fallback: MemoryFallback,
  ) {}

  async list(): Promise<EnvironmentView[]> {
    const environments = (await listEnvironments(this.db)).map(environmentFromRow)
    this.known.clear()
    for (const environment of environments) this.known.set(environment.key, environment)
    return environments
  }

  /**
   * An environment this replica knows is answered from memory at once and re-read behind it, so
   * a request's environment check never waits on the database (a write keeps its whole write
   * deadline); one it does not know is read, with the memory fallback.
   */
  async get(key: string): Promise<EnvironmentView> {
    const known = this.known.get(key)
    if (known) {
      this.refresh(key)
      return known
    }
    return this.read(key)
  }

  private refresh(key: string): void {
    if (this.refreshing.has(key)) return
    this.refreshing.add(key)
    this.read(key)
      .catch(() => undefined)
      .finally(() => this.refreshing.delete(key))
  }

  private async read(key: string): Promise<EnvironmentView> {
    const found = await this.fallback.read(
      `reading environment ${key}`,
      async () => {
        const row = await findEnvironment(this.db, key)
        if (!row) return void this.known.delete(key)
        const environment = environmentFromRow(row)
        this.known.set(key, environment)
        return environment
      },
      () => this.known.get(key),
    )
    if (!found) throw new EnvironmentNotFoundError(key)
    return found
  }

  /** The environment a request addresses: it exists and the principal may use it (404, then 403). */
  async resolve(requested: string | undefined, principal: EnvironmentScope | undefined): Promise<EnvironmentView> {
    const key = requested ?? principal?.environment ?? this.defaultEnvironment
    const environment = await this.get(key)
    if (principal && !scopeAllows(principal, key)) throw new EnvironmentForbiddenError(principal.name, key)
    return environment
  }

  async create(actor: Actor, input: CreateEnvironmentInput): Promise<EnvironmentView> {
    return this.mutator.run(actor, async (mutation) => {
      const row = await insertEnvironment(mutation.tx, input.key, {
        name: input.name,
        production: input.production ?? input.key === 'production',
        sortOrder: input.sortOrder ?? 0,
      })
      if (!row) throw new ConflictError(`an environment "${input.key}" already exists`, 'SLUICE_ENVIRONMENT_EXISTS')
      await this.seed(mutation, input.key)
      return this.record(mutation, 'environment.created', undefined, environmentFromRow(row))
    })
  }

  async update(actor: Actor, key: string, patch: UpdateEnvironmentInput): Promise<EnvironmentView> {
    return this.mutator.run(actor, async (mutation) => {
      const current = await findEnvironment(mutation.tx, key, 'update')
      if (!current) throw new EnvironmentNotFoundError(key)
      const row = await updateEnvironment(mutation.tx, key, {
        name: patch.name ?? current.name,
        production: patch.production ?? current.production,
        sortOrder: patch.sortOrder ?? current.sortOrder,
      })
      return this.record(mutation, 'environment.updated', environmentFromRow(current), environmentFromRow(row))
    })
  }

  async delete(actor: Actor, key: string): Promise<void> {
    await this.mutator.run(actor, async (mutation) => {
      const current = await findEnvironment(mutation.tx, key, 'update')
      if (!current) throw new EnvironmentNotFoundError(key)
      if (key === this.defaultEnvironment) {
        throw new ConflictError(`the environment "${key}" is this server's DEFAULT_ENVIRONMENT`, 'SLUICE_ENVIRONMENT_IN_USE')
      }
      const held = await stateHeldBy(mutation.tx, key)
      if (held.length > 0) {
        throw new ConflictError(`the environment "${key}" still holds ${held.join(', ')}; remove them first`, 'SLUICE_ENVIRONMENT_IN_USE')
      }
      await deleteEnvironment(mutation.tx, key)
      await mutation.audit({ action: 'environment.deleted', entityType: ENTITY, entityKey: key, before: environmentFromRow(current), after: null })
      await mutation.emit({ type: ENVIRONMENT_DELETED, entityKey: key, payload: { key }, environment: null })
    })
  }

  private async record(mutation: Mutation, action: string, before: EnvironmentView | undefined, after: EnvironmentView): Promise<EnvironmentView> {
    await mutation.audit({ action, entityType: ENTITY, entityKey: after.key, before: before ?? null, after })
    await mutation.emit({ type: ENVIRONMENT_UPSERTED, entityKey: after.key, payload: after, environment: null })
    return after
  }
}

export function scopeAllows(scope: EnvironmentScope, key: string): boolean {
  if (scope.environment) return scope.environment === key
  return !scope.environments || scope.environments.includes(key)
}
