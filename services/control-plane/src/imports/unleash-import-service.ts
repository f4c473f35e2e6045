/**
 * Import from Unleash: the body an Unleash server serves at `/api/client/features`, mapped by
 * the engine's `fromUnleash()` (so what the service stores is what the engine evaluates the
 * way Unleash does), then written as ordinary segment and flag changes in ONE transaction.
 *
 * Each feature gets its own verdict: a feature the mapping or the flag rules refuse (a
 * strategy Sluice cannot express, an archived flag with the key, a canary that owns the
 * flag) is reported by name and left alone, and the others are still imported. Refusals are
 * raised before any SQL of their own fails, so they never abort the transaction.
 *
 * A dry run does all of it and rolls the transaction back: the report says exactly what a real
 * import would do, against the database as it is now.
 */
import type { TSchema } from '@sinclair/typebox'
import { fromUnleash, type ImportedFlag, type SegmentDefinition } from '@sluice/core'
import { SluiceError } from '../errors.js'
import type { FlagService } from '../flags/flag-service.js'
import { CreateFlagBody, FLAG_KEY_PATTERN } from '../flags/flag-schemas.js'
import { ruleSchemas } from '../rules/rule-schemas.js'
import { formatSchemaErrors, schemaController } from '../http/validation.js'
import { findFlag } from '../flags/flag-store.js'
import { validateFlagDefinition, type FlagDefinition } from '../flags/flag-validation.js'
import { checkSegmentConstraints, withRuleIds } from '../rules/rule-validation.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import { CreateSegmentBody } from '../segments/segment-schemas.js'
import type { SegmentService } from '../segments/segment-service.js'
import { findSegment } from '../segments/segment-store.js'

export type ImportAction = 'created' | 'updated' | 'unchanged' | 'refused'

export interface ImportItem {
  key: string
  action: ImportAction
  reason?: string
  version?: number
}

export interface ImportReport {
  dryRun: boolean
  features: ImportItem[]
  segments: ImportItem[]
  summary: { features: Record<ImportAction, number>; segments: Record<ImportAction, number> }
}

const FLAG_KEY = new RegExp(FLAG_KEY_PATTERN)

type BodyValidator = ((body: unknown) => boolean) & { errors?: Parameters<typeof formatSchemaErrors>[0] | null }

/**
 * The create routes' own body validation, so an imported flag or segment is one the API would
 * take back as it is (a name or a variant key within bounds): what is read can be sent back.
 */
function bodyValidator(schema: TSchema, url: string): (body: unknown) => string | undefined {
  const validate = schemaController!.compilersFactory!.buildValidator!(Object.fromEntries(ruleSchemas.map((s) => [s.$id!, s])))({
    schema,
    httpPart: 'body',
    method: 'POST',
    url,
  } as never) as BodyValidator
  // A copy: validation fills in defaults.
  return (body) => (validate(structuredClone(body)) ? undefined : formatSchemaErrors(validate.errors ?? [], 'body').message.replace(/^body\//, ''))
}

const flagBodyProblem = bodyValidator(CreateFlagBody, '/api/v1/admin/feature-flags')
const segmentBodyProblem = bodyValidator(CreateSegmentBody, '/api/v1/admin/segments')

/** Carries a dry run's report out of the transaction it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run')
  }
}

export function summarise(items: ImportItem[]): Record<ImportAction, number> {
  const summary = { created: 0, updated: 0, unchanged: 0, refused: 0 }
  for (const item of items) summary[item.action]++
  return summary
}

/** Why an entity was refused, as its 400 would have said it. */
function reasonOf(err: unknown): string {
  if (err instanceof SluiceError) return err.message
  throw err
}

/**
 * The order to write the flags in, parents before their children (a dependency must exist when
 * its child is written, and a parent's own dependencies must be there to be refused by name),
 * and the flags on a dependency cycle within the import, each with the cycle.
 */
export function writeOrder<F extends Pick<ImportedFlag, 'key' | 'dependencies'>>(flags: F[]): { ordered: F[]; cycles: Map<string, string> } {
  const byKey = new Map<string, F>(flags.map((flag) => [flag.key, flag]))
  const depth = new Map<string, number>()
  const cycles = new Map<string, string>()
  const visiting: string[] = []
  const depthOf = (key: string): number => {
    const flag = byKey.get(key)
    // A parent outside the import already exists or not; either way it is not written here.
    if (!flag) return -1
    const known = depth.get(key)
    if (known !== undefined) return known
    const at = visiting.indexOf(key)
    if (at >= 0) {
      const cycle = [...visiting.slice(at), key].join(' → ')
      for (const member of visiting.slice(at)) cycles.set(member, cycle)
      return 0
    }
    visiting.push(key)
    const own = 1 + Math.max(-1, ...(flag.dependencies ?? []).map((dependency) => depthOf(dependency.flag)))
    visiting.pop()
    depth.set(key, own)
    return own
  }
  for (const flag of flags) depthOf(flag.key)
  return { ordered: [...flags].sort((a, b) => depth.get(a.key)! - depth.get(b.key)!), cycles }
}

/** Every field an import replaces: fields the imported flag lacks are cleared, not kept from before. */
function replacement(definition: FlagDefinition) {
  return {
    name: definition.name,
    type: definition.type,
    enabled: definition.enabled,
    description: definition.description ?? null,
    // A document without tags (an Unleash feature, an export from before tags) says nothing about them.
    ...(definition.tags ? { tags: [...definition.tags] } : {}),
    percentage: definition.percentage ?? null,
    groupId: definition.groupId ?? null,
    stickiness: definition.stickiness ?? null,
    userIds: definition.userIds ?? null,
    ips: definition.ips ?? null,
    variants: definition.variants ?? null,
    ...(definition.rules ? { rules: definition.rules } : {}),
    dependencies: definition.dependencies ?? null,
  }
}

/** Creates, replaces or leaves one imported flag, or says why it is refused; shared by every importer. */
export async function writeFlag(flags: FlagService, mutation: Mutation, environment: string, key: string, given: FlagDefinition): Promise<ImportItem> {
  const problem = flagBodyProblem({ key, ...given })
  if (problem) return { key, action: 'refused', reason: problem }
  // A rule written without an id is a new rule, as in a PUT: it gets one, which every reader of rules needs.
  const definition = given.rules ? { ...given, rules: withRuleIds(given.rules) } : given
  try {
    validateFlagDefinition({ ...definition, key })
    const current = await findFlag(mutation.tx, environment, key)
    if (!current) return { key, action: 'created', version: (await flags.createIn(mutation, environment, key, definition)).version }
    const after = await flags.updateIn(mutation, environment, key, replacement(definition))
    return { key, action: after.version === current.version ? 'unchanged' : 'updated', version: after.version }
  } catch (err) {
    return { key, action: 'refused', reason: reasonOf(err) }
  }
}

/** Creates, replaces or leaves one imported segment, or says why it is refused; shared by every importer. */
export async function writeSegment(segments: SegmentService, mutation: Mutation, environment: string, segment: SegmentDefinition): Promise<ImportItem> {
  try {
    const problem = segmentBodyProblem(segment)
    if (problem) return { key: segment.key, action: 'refused', reason: problem }
    checkSegmentConstraints(segment.constraints)
    const current = await findSegment(mutation.tx, environment, segment.key)
    if (!current) return { key: segment.key, action: 'created', version: (await segments.createIn(mutation, environment, segment)).version }
    const { name, description = null, constraints } = segment
    const after = await segments.updateIn(mutation, environment, segment.key, { name, description, constraints })
    return { key: segment.key, action: after.version === current.version ? 'unchanged' : 'updated', version: after.version }
  } catch (err) {
    return { key: segment.key, action: 'refused', reason: reasonOf(err) }
  }
}

export class UnleashImportService {
  constructor(
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly segments: SegmentService,
  ) {}

  /** Imports into one environment: flags are created or updated there (created ones appear disabled elsewhere). */
  async import(actor: Actor, environment: string, body: { features: Array<{ name: string }> }, dryRun: boolean): Promise<ImportReport> {
    try {
      return await this.mutator.run(actor, async (mutation) => {
        const report = await this.apply(mutation, environment, body, dryRun)
        if (dryRun) throw new DryRunRollback(report)
        await mutation.audit({ action: 'import.unleash', entityType: 'import', entityKey: 'unleash', environment, before: null, after: report })
        return report
      })
    } catch (err) {
      if (err instanceof DryRunRollback) return err.report
      throw err
    }
  }

  private async apply(mutation: Mutation, environment: string, body: { features: Array<{ name: string }> }, dryRun: boolean): Promise<ImportReport> {
    const mapped = fromUnleash(body)
    const segments: ImportItem[] = []
    const features: ImportItem[] = []
    for (const refused of mapped.refused) (refused.kind === 'segment' ? segments : features).push({ key: refused.name, action: 'refused', reason: refused.reason })
    for (const segment of mapped.segments) segments.push(await this.importSegment(mutation, environment, segment))
    const { ordered, cycles } = writeOrder(mapped.flags)
    for (const flag of ordered) {
      const cycle = cycles.get(flag.key)
      features.push(cycle ? { key: flag.key, action: 'refused', reason: `its dependencies form a cycle (${cycle}), which can never hold` } : await this.importFlag(mutation, environment, flag))
    }
    // Reported in the export's order, whatever order they were written in.
    const position = new Map(body.features.map((feature, i) => [feature.name, i]))
    features.sort((a, b) => (position.get(a.key) ?? Infinity) - (position.get(b.key) ?? Infinity))
    return { dryRun, features, segments, summary: { features: summarise(features), segments: summarise(segments) } }
  }

  private importSegment(mutation: Mutation, environment: string, segment: SegmentDefinition): Promise<ImportItem> {
    return writeSegment(this.segments, mutation, environment, segment)
  }

  private async importFlag(mutation: Mutation, environment: string, imported: ImportedFlag): Promise<ImportItem> {
    const { key, ...definition } = imported
    if (!FLAG_KEY.test(key)) {
      return { key, action: 'refused', reason: 'the name cannot be a Sluice flag key (letters, digits, "-", "_", "." and "~", at most 128 characters)' }
    }
    return writeFlag(this.flags, mutation, environment, key, definition)
  }
}
