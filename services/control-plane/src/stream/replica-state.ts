/**
 * What this replica knows of the state SDKs read — every flag, the active canaries, every
 * chaos rule and segment — held in memory and kept current by the change feed. `/sdk/state`, the stream's
 * snapshots and the admin reads' outage fallback are served from it without touching the
 * database, so a thousand SDKs polling or reconnecting after a deploy cost no query at all,
 * and keep being served while the database is unreachable.
 *
 * It is read once at start (and again if the feed finds that the log was pruned past its
 * position) in one repeatable-read transaction, so the objects it holds are exactly the
 * effects of the changes up to its seq: state rows and their change events commit together.
 * From then on each change event carries the whole new object, so applying one is a
 * replacement, and applying one twice is harmless.
 *
 * State is held per environment: an SDK token sees one environment, so each environment has
 * its own snapshot, serialised at most once per change to that environment, lazily, and shared
 * by every stream client and every /sdk/state answer of that environment until its next
 * change. A snapshot's seq is the last change to its environment (or the load's seq): the
 * state of an environment at the replica's position is its state at that seq, so a resume
 * from it is exact, and a change in another environment leaves its ETag, and its pollers'
 * 304s, alone.
 */
import type { EnvironmentFlag as Flag } from '../flags/flag-store.js'
import type { Db } from '../db/database.js'
import { CANARY_UPSERTED, canaryFromRow, isActiveStatus, listActiveCanaries } from '../canaries/canary-store.js'
import type { CanaryView } from '../canaries/canary-schemas.js'
import { chaosRuleFromRow, listChaosRules, type ChaosRuleView } from '../chaos/chaos-store.js'
import { flagFromRow, listFlags } from '../flags/flag-store.js'
import { listSegments, segmentFromRow, type SegmentView } from '../segments/segment-store.js'
import type { FeedConsumer } from '../changes/change-feed.js'
import { latestSeq, type ChangeRecord } from '../changes/change-log.js'
import { sdkCanary, sdkChaosRule, sdkFlag, sdkSegment } from './sdk-views.js'

export interface BuiltSnapshot {
  seq: number
  /** The serialised SDK snapshot, written as is to every client and /sdk/state. */
  json: string
}

export interface EvaluationState {
  seq: number
  flags: ReadonlyMap<string, Flag>
  segments: ReadonlyMap<string, SegmentView>
}

interface LoadedEnvironment {
  flags: Flag[]
  canaries: CanaryView[]
  chaosRules: ChaosRuleView[]
  segments: SegmentView[]
}

interface LoadedState {
  seq: number
  environments: Map<string, LoadedEnvironment>
}

function group<R extends { environment: string }, T>(rows: R[], view: (row: R) => T, into: Map<string, LoadedEnvironment>, field: keyof LoadedEnvironment): void {
  for (const row of rows) {
    let loaded = into.get(row.environment)
    if (!loaded) into.set(row.environment, (loaded = { flags: [], canaries: [], chaosRules: [], segments: [] }))
    ;(loaded[field] as T[]).push(view(row))
  }
}

export async function readState(db: Db): Promise<LoadedState> {
  return db.transaction(
    async (tx) => {
      const seq = await latestSeq(tx)
      const [flags, canaries, rules, segments] = await Promise.all([listFlags(tx, true), listActiveCanaries(tx), listChaosRules(tx), listSegments(tx)])
      const environments = new Map<string, LoadedEnvironment>()
      group(flags, flagFromRow, environments, 'flags')
      group(canaries, canaryFromRow, environments, 'canaries')
      group(rules, chaosRuleFromRow, environments, 'chaosRules')
      group(segments, segmentFromRow, environments, 'segments')
      return { seq, environments }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

/** One environment's state, and the seq of its last change. */
class EnvironmentState {
  readonly flags = new Map<string, Flag>()
  /** Active canaries by the key of the flag they drive (one at most per flag). */
  readonly canaries = new Map<string, CanaryView>()
  readonly chaosRules = new Map<string, ChaosRuleView>()
  readonly segments = new Map<string, SegmentView>()
  private built: BuiltSnapshot | undefined

  constructor(
    readonly key: string,
    public seq: number,
  ) {}

  changed(seq: number): void {
    this.seq = seq
    this.built = undefined
  }

  snapshot(): BuiltSnapshot {
    if (this.built?.seq === this.seq) return this.built
    this.built = { seq: this.seq, json: snapshotJson(this.key, this.seq, this) }
    return this.built
  }
}

function snapshotJson(environment: string, seq: number, state: Pick<EnvironmentState, 'flags' | 'canaries' | 'chaosRules' | 'segments'>): string {
  return JSON.stringify({
    seq,
    environment,
    flags: [...state.flags.values()].map(sdkFlag),
    canaries: [...state.canaries.values()].map(sdkCanary),
    chaosRules: [...state.chaosRules.values()].map(sdkChaosRule),
    segments: [...state.segments.values()].map(sdkSegment),
  })
}

/** The environment a change belongs to: the log's column, else (older writers) the payload's. */
function environmentOfChange(change: ChangeRecord): string | undefined {
  return change.environment ?? (change.payload as { environment?: string } | null)?.environment ?? undefined
}

export class ReplicaState implements FeedConsumer {
  private readonly environments = new Map<string, EnvironmentState>()
  private position = 0
  private loadedAt = 0
  private loaded = false

  constructor(private readonly db: Db) {}

  /** The change-log position this state reflects. */
  get seq(): number {
    return this.position
  }

  get isLoaded(): boolean {
    return this.loaded
  }

  async load(): Promise<number> {
    const state = await readState(this.db)
    this.environments.clear()
    this.loadedAt = state.seq
    for (const [key, loaded] of state.environments) {
      const held = this.environment(key, state.seq)
      for (const flag of loaded.flags) held.flags.set(flag.key, flag)
      for (const canary of loaded.canaries) held.canaries.set(canary.featureKey, canary)
      for (const rule of loaded.chaosRules) held.chaosRules.set(rule.id, rule)
      for (const segment of loaded.segments) held.segments.set(segment.key, segment)
    }
    this.position = state.seq
    this.loaded = true
    return state.seq
  }

  apply(change: ChangeRecord): void {
    // The feed may start below this state's seq (another consumer loaded earlier): skip what it holds.
    if (change.seq <= this.position) return
    this.position = change.seq
    const key = environmentOfChange(change)
    if (key === undefined) return
    const held = this.environment(key, change.seq)
    switch (change.type) {
      case 'flag.upserted':
      case 'flag.archived': {
        const flag = change.payload as Flag
        held.flags.set(flag.key, flag)
        break
      }
      case CANARY_UPSERTED: {
        const canary = change.payload as CanaryView
        // The snapshot holds active canaries only; an ended one leaves it.
        if (isActiveStatus(canary.status)) held.canaries.set(canary.featureKey, canary)
        else if (held.canaries.get(canary.featureKey)?.id === canary.id) held.canaries.delete(canary.featureKey)
        break
      }
      case 'chaos.upserted': {
        const rule = change.payload as ChaosRuleView
        held.chaosRules.set(rule.id, rule)
        break
      }
      case 'chaos.deleted':
        held.chaosRules.delete((change.payload as { id: string }).id)
        break
      case 'segment.upserted': {
        const segment = change.payload as SegmentView
        held.segments.set(segment.key, segment)
        break
      }
      case 'segment.deleted':
        held.segments.delete((change.payload as { key: string }).key)
        break
      default:
        return
    }
    held.changed(change.seq)
  }

  /** The SDK snapshot of one environment, serialised once per change to it. */
  snapshot(environment: string): BuiltSnapshot {
    const held = this.environments.get(environment)
    if (held) return held.snapshot()
    // An environment nothing was ever written to: empty, at the load's seq.
    const empty = { flags: new Map(), canaries: new Map(), chaosRules: new Map(), segments: new Map() }
    return { seq: this.loadedAt, json: snapshotJson(environment, this.loadedAt, empty) }
  }

  /** The flag's active canary in `environment` as of this state's seq. */
  activeCanary(environment: string, featureKey: string): CanaryView | undefined {
    return this.environments.get(environment)?.canaries.get(featureKey)
  }

  /** One environment's flags and segments, and the seq of its last change: what evaluating for a client reads. */
  evaluationState(environment: string): EvaluationState {
    const held = this.environments.get(environment)
    return held ? { seq: held.seq, flags: held.flags, segments: held.segments } : { seq: this.loadedAt, flags: new Map(), segments: new Map() }
  }

  flag(environment: string, key: string): Flag | undefined {
    return this.environments.get(environment)?.flags.get(key)
  }

  /** One environment's flags, ordered by key as the admin list is. */
  listFlags(environment: string, includeArchived: boolean): Flag[] {
    const flags = this.environments.get(environment)?.flags.values() ?? []
    return [...flags].filter((flag) => includeArchived || !flag.archived).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** The named segments of one environment this replica holds; unknown keys are left out. */
  segmentsOf(environment: string, keys: readonly string[]): SegmentView[] {
    const segments = this.environments.get(environment)?.segments
    return keys.map((key) => segments?.get(key)).filter((segment): segment is SegmentView => segment !== undefined)
  }

  private environment(key: string, seq: number): EnvironmentState {
    let held = this.environments.get(key)
    if (!held) this.environments.set(key, (held = new EnvironmentState(key, seq)))
    return held
  }
}
