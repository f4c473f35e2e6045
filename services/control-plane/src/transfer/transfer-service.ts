/**
 * Export and import of one environment: flags (their configuration there), segments and chaos
 * rules, as one JSON document with versions. Export is the backup path for the embedded
 * database and the way to copy an environment between installations.
 *
 * Import writes through the services' in-transaction methods, in ONE transaction, so each change
 * is audited and streamed as if made by hand, and either the whole document lands or nothing.
 * Segments go first (flags name them), flags parents before children, chaos rules last (they may
 * stop on a flag). An item a service refuses is reported with the reason and the rest still
 * lands; refusals are raised before any SQL of their own fails, so they never abort the
 * transaction. A dry run does all of it and rolls back.
 */
import type { SegmentDefinition } from '@sluice/core'
import type { ChaosEnvironment, ChaosService } from '../chaos/chaos-service.js'
import type { CreateChaosRuleInput } from '../chaos/chaos-schemas.js'
import { findChaosRule } from '../chaos/chaos-store.js'
import { PreconditionFailedError, SluiceError } from '../errors.js'
import type { FlagService } from '../flags/flag-service.js'
import { findFlag } from '../flags/flag-store.js'
import type { FlagDefinition } from '../flags/flag-validation.js'
import { summarise, writeFlag, writeOrder, writeSegment, type ImportItem } from '../imports/unleash-import-service.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { SegmentService } from '../segments/segment-service.js'
import { findSegment } from '../segments/segment-store.js'
import { EXPORT_FORMAT, type ImportDocumentInput, type TransferReportView } from './transfer-schemas.js'

type Item = Record<string, unknown> & { version?: number }

/** Fields the service keeps itself: an import never takes them from the document. */
function withoutServerFields({ environment, version, archived, createdAt, updatedAt, injected, disabledReason, id, ...rest }: Item): Record<string, unknown> {
  return rest
}

class DryRunRollback extends Error {
  constructor(readonly report: TransferReportView) {
    super('dry run')
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof SluiceError) return err.message
  throw err
}

export class TransferService {
  constructor(
    private readonly mutator: Mutator,
    private readonly flags: FlagService,
    private readonly segments: SegmentService,
    private readonly chaos: ChaosService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async export(environment: string) {
    const [flags, segments, chaosRules] = await Promise.all([this.flags.list(environment, false), this.segments.list(environment), this.chaos.list(environment)])
    return {
      format: EXPORT_FORMAT,
      version: 1 as const,
      environment,
      exportedAt: this.clock().toISOString(),
      flags,
      segments,
      // Injection counts are this installation's telemetry, not configuration.
      chaosRules: chaosRules.map(({ injected, ...rule }) => rule),
    }
  }

  async import(actor: Actor, environment: ChaosEnvironment, document: ImportDocumentInput, dryRun: boolean): Promise<TransferReportView> {
    try {
      return await this.mutator.run(actor, async (mutation) => {
        if (document.onConflict === 'fail') await this.refuseConflicts(mutation, environment.key, document)
        const report = await this.apply(mutation, environment, document, dryRun)
        if (dryRun) throw new DryRunRollback(report)
        await mutation.audit({ action: 'import.sluice', entityType: 'import', entityKey: 'sluice', environment: environment.key, before: null, after: report })
        return report
      })
    } catch (err) {
      if (err instanceof DryRunRollback) return err.report
      throw err
    }
  }

  /** 412 naming every item whose target was changed after the document's `version` of it. */
  private async refuseConflicts(mutation: Mutation, environment: string, document: ImportDocumentInput): Promise<void> {
    const moved: string[] = []
    const check = (kind: string, name: string, exported: number | undefined, current: { version: number } | undefined) => {
      if (exported !== undefined && current && current.version > exported) moved.push(`${kind} ${name} (exported at version ${exported}, now ${current.version})`)
    }
    for (const item of document.segments) check('segment', item.key, item.version, await findSegment(mutation.tx, environment, item.key))
    for (const item of document.flags) check('flag', item.key, item.version, await findFlag(mutation.tx, environment, item.key))
    for (const item of document.chaosRules) check('chaos rule', item.id, item.version, await findChaosRule(mutation.tx, environment, item.id))
    if (moved.length > 0) {
      throw new PreconditionFailedError(`nothing was imported: these changed in "${environment}" since the export: ${moved.join(', ')}`)
    }
  }

  private async apply(mutation: Mutation, environment: ChaosEnvironment, document: ImportDocumentInput, dryRun: boolean): Promise<TransferReportView> {
    const segments: ImportItem[] = []
    for (const segment of document.segments) segments.push(await this.importSegment(mutation, environment.key, segment))
    const { ordered, cycles } = writeOrder(document.flags as Array<{ key: string; dependencies?: FlagDefinition['dependencies'] } & Item>)
    const flags: ImportItem[] = []
    for (const flag of ordered) {
      const cycle = cycles.get(flag.key)
      flags.push(cycle ? { key: flag.key, action: 'refused', reason: `its dependencies form a cycle (${cycle}), which can never hold` } : await this.importFlag(mutation, environment.key, flag))
    }
    const position = new Map(document.flags.map((flag, i) => [flag.key, i]))
    flags.sort((a, b) => position.get(a.key)! - position.get(b.key)!)
    const chaosRules: ImportItem[] = []
    for (const rule of document.chaosRules) chaosRules.push(await this.importChaosRule(mutation, environment, rule))
    return { dryRun, flags, segments, chaosRules, summary: { flags: summarise(flags), segments: summarise(segments), chaosRules: summarise(chaosRules) } }
  }

  private importSegment(mutation: Mutation, environment: string, item: Item & { key: string }): Promise<ImportItem> {
    return writeSegment(this.segments, mutation, environment, withoutServerFields(item) as unknown as SegmentDefinition)
  }

  private importFlag(mutation: Mutation, environment: string, item: Item & { key: string }): Promise<ImportItem> {
    const { key, ...definition } = withoutServerFields(item) as unknown as FlagDefinition & { key: string }
    return writeFlag(this.flags, mutation, environment, key ?? item.key, definition)
  }

  private async importChaosRule(mutation: Mutation, environment: ChaosEnvironment, item: Item & { id: string }): Promise<ImportItem> {
    try {
      const { rule, action } = await this.chaos.importIn(mutation, environment, item.id, withoutServerFields(item) as unknown as CreateChaosRuleInput)
      return { key: item.id, action, version: rule.version }
    } catch (err) {
      return { key: item.id, action: 'refused', reason: reasonOf(err) }
    }
  }
}
