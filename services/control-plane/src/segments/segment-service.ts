/**
 * Segments: named constraint lists that rules of `rules` flags reuse by key. A segment write
 * goes through the Mutator like a flag's (row + audit + `segment.*` change event in one
 * transaction). Flags name segments by key, so an edit changes every such flag's answers
 * without a new flag version; SDKs recompile the flags that use it when the event arrives.
 *
 * Deleting is refused while a live flag names the segment. The delete locks the segment row
 * and flag writes that name a segment take a share lock on it (flag-service.ts), so a flag
 * cannot start using a segment while its deletion commits.
 */
import type { Db } from '../db/database.js'
import { ConflictError, NotFoundError } from '../errors.js'
import { checkSegmentConstraints } from '../rules/rule-validation.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { sameContent } from '../platform/same-content.js'
import { assertVersion } from '../http/versioning.js'
import type { CreateSegmentInput, UpdateSegmentInput } from './segment-schemas.js'
import {
  deleteSegment,
  findSegment,
  insertSegment,
  listSegments,
  segmentFromRow,
  writeSegmentVersion,
  type SegmentColumns,
  type SegmentRow,
  type SegmentView,
} from './segment-store.js'

export const SEGMENT_UPSERTED = 'segment.upserted'
export const SEGMENT_DELETED = 'segment.deleted'
const ENTITY = 'segment'

/** The live flags that name a segment; the flag capability answers it. */
export type SegmentUsers = (tx: Db, environment: string, segmentKey: string) => Promise<string[]>

function notFound(environment: string, key: string): NotFoundError {
  return new NotFoundError(`no segment with key "${key}" in the environment "${environment}"`, 'SLUICE_SEGMENT_NOT_FOUND')
}

function columnsOf(input: { name: string; description?: string | null; constraints: SegmentColumns['constraints'] }): SegmentColumns {
  return { name: input.name, description: input.description ?? null, constraints: input.constraints }
}

export class SegmentService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly usersOf: SegmentUsers,
  ) {}

  async list(environment: string): Promise<SegmentView[]> {
    return (await listSegments(this.db, environment)).map(segmentFromRow)
  }

  async get(environment: string, key: string): Promise<SegmentView> {
    const row = await findSegment(this.db, environment, key)
    if (!row) throw notFound(environment, key)
    return segmentFromRow(row)
  }

  async create(actor: Actor, environment: string, input: CreateSegmentInput): Promise<SegmentView> {
    checkSegmentConstraints(input.constraints)
    return this.mutator.run(actor, (mutation) => this.createIn(mutation, environment, input))
  }

  /** Inside the caller's transaction (the Unleash import creates segments with its flags). */
  async createIn(mutation: Mutation, environment: string, input: CreateSegmentInput): Promise<SegmentView> {
    const row = await insertSegment(mutation.tx, environment, input.key, columnsOf(input))
    if (!row) throw new ConflictError(`a segment with key "${input.key}" already exists in the environment "${environment}"`, 'SLUICE_SEGMENT_EXISTS')
    return this.record(mutation, 'segment.created', undefined, row)
  }

  async update(actor: Actor, environment: string, key: string, patch: UpdateSegmentInput, expectedVersion?: number): Promise<SegmentView> {
    if (patch.constraints) checkSegmentConstraints(patch.constraints)
    return this.mutator.run(actor, (mutation) => this.updateIn(mutation, environment, key, patch, expectedVersion))
  }

  /** The segment with `patch` applied; the same version when nothing changed. */
  async updateIn(mutation: Mutation, environment: string, key: string, patch: UpdateSegmentInput, expectedVersion?: number): Promise<SegmentView> {
    const current = await findSegment(mutation.tx, environment, key, 'update')
    if (!current) throw notFound(environment, key)
    assertVersion('segment', key, current.version, expectedVersion)
    const next = columnsOf({
      name: patch.name ?? current.name,
      description: patch.description === undefined ? current.description : patch.description,
      constraints: patch.constraints ?? current.constraints,
    })
    if (sameContent(next, columnsOf(current))) return segmentFromRow(current)
    const row = await writeSegmentVersion(mutation.tx, current, next)
    return this.record(mutation, 'segment.updated', current, row)
  }

  async delete(actor: Actor, environment: string, key: string, expectedVersion?: number): Promise<void> {
    await this.mutator.run(actor, async (mutation) => {
      const current = await findSegment(mutation.tx, environment, key, 'update')
      if (!current) throw notFound(environment, key)
      assertVersion('segment', key, current.version, expectedVersion)
      const users = await this.usersOf(mutation.tx, environment, key)
      if (users.length > 0) {
        throw new ConflictError(
          `the segment "${key}" is used by ${users.length === 1 ? 'the flag' : 'the flags'} ${users.map((u) => `"${u}"`).join(', ')}; remove it from their rules first`,
          'SLUICE_SEGMENT_IN_USE',
        )
      }
      await deleteSegment(mutation.tx, environment, key)
      const before = segmentFromRow(current)
      await mutation.audit({ action: 'segment.deleted', entityType: ENTITY, entityKey: key, environment, before, after: null })
      await mutation.emit({ type: SEGMENT_DELETED, entityKey: key, environment, payload: { key, environment } })
    })
  }

  private async record(mutation: Mutation, action: string, before: SegmentRow | undefined, row: SegmentRow): Promise<SegmentView> {
    const after = segmentFromRow(row)
    await mutation.audit({
      action,
      entityType: ENTITY,
      entityKey: after.key,
      environment: after.environment,
      before: before ? segmentFromRow(before) : null,
      after,
    })
    await mutation.emit({ type: SEGMENT_UPSERTED, entityKey: after.key, environment: after.environment, payload: after })
    return after
  }
}
