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
 * The SDK snapshot is serialised at most once per seq, lazily, and shared by every stream
 * client and every /sdk/state answer until the next change.
 */
import type { Flag } from '@sluice/core'
import type { Db } from '../db/database.js'
import { canaryFromRow, isActiveStatus, listActiveCanaries } from '../canaries/canary-store.js'
import type { CanaryView } from '../canaries/canary-schemas.js'
import { chaosRuleFromRow, listChaosRules, type ChaosRuleView } from '../chaos/chaos-store.js'
import { flagFromRow, listFlags } from '../flags/flag-store.js'
import { listSegments, segmentFromRow, type SegmentView } from '../segments/segment-store.js'
import type { FeedConsumer } from './change-feed.js'
import { latestSeq, type ChangeRecord } from './change-log.js'
import { sdkCanary, sdkChaosRule, sdkFlag, sdkSegment } from './sdk-views.js'

export interface BuiltSnapshot {
  seq: number
  /** The serialised SDK snapshot, written as is to every client and /sdk/state. */
  json: string
}

interface LoadedState {
  seq: number
  flags: Flag[]
  canaries: CanaryView[]
  chaosRules: ChaosRuleView[]
  segments: SegmentView[]
}

export async function readState(db: Db): Promise<LoadedState> {
  return db.transaction(
    async (tx) => {
      const seq = await latestSeq(tx)
      const [flags, canaries, rules, segments] = await Promise.all([listFlags(tx, true), listActiveCanaries(tx), listChaosRules(tx), listSegments(tx)])
      return {
        seq,
        flags: flags.map(flagFromRow),
        canaries: canaries.map(canaryFromRow),
        chaosRules: rules.map(chaosRuleFromRow),
        segments: segments.map(segmentFromRow),
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

export class ReplicaState implements FeedConsumer {
  private readonly flags = new Map<string, Flag>()
  /** Active canaries by the key of the flag they drive (one at most per flag). */
  private readonly canaries = new Map<string, CanaryView>()
  private readonly chaosRules = new Map<string, ChaosRuleView>()
  private readonly segments = new Map<string, SegmentView>()
  private position = 0
  private loaded = false
  private built: BuiltSnapshot | undefined

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
    this.flags.clear()
    this.canaries.clear()
    this.chaosRules.clear()
    this.segments.clear()
    for (const flag of state.flags) this.flags.set(flag.key, flag)
    for (const canary of state.canaries) this.canaries.set(canary.featureKey, canary)
    for (const rule of state.chaosRules) this.chaosRules.set(rule.id, rule)
    for (const segment of state.segments) this.segments.set(segment.key, segment)
    this.moveTo(state.seq)
    this.loaded = true
    return state.seq
  }

  apply(change: ChangeRecord): void {
    // The feed may start below this state's seq (another consumer loaded earlier): skip what it holds.
    if (change.seq <= this.position) return
    switch (change.type) {
      case 'flag.upserted':
      case 'flag.archived': {
        const flag = change.payload as Flag
        this.flags.set(flag.key, flag)
        break
      }
      case 'canary.upserted': {
        const canary = change.payload as CanaryView
        // The snapshot holds active canaries only; an ended one leaves it.
        if (isActiveStatus(canary.status)) this.canaries.set(canary.featureKey, canary)
        else if (this.canaries.get(canary.featureKey)?.id === canary.id) this.canaries.delete(canary.featureKey)
        break
      }
      case 'chaos.upserted': {
        const rule = change.payload as ChaosRuleView
        this.chaosRules.set(rule.id, rule)
        break
      }
      case 'chaos.deleted':
        this.chaosRules.delete((change.payload as { id: string }).id)
        break
      case 'segment.upserted': {
        const segment = change.payload as SegmentView
        this.segments.set(segment.key, segment)
        break
      }
      case 'segment.deleted':
        this.segments.delete((change.payload as { key: string }).key)
        break
    }
    this.moveTo(change.seq)
  }

  /** The SDK snapshot at this replica's position, serialised once per seq. */
  snapshot(): BuiltSnapshot {
    if (this.built?.seq === this.position) return this.built
    const body = {
      seq: this.position,
      flags: [...this.flags.values()].map(sdkFlag),
      canaries: [...this.canaries.values()].map(sdkCanary),
      chaosRules: [...this.chaosRules.values()].map(sdkChaosRule),
      segments: [...this.segments.values()].map(sdkSegment),
    }
    this.built = { seq: this.position, json: JSON.stringify(body) }
    return this.built
  }

  flag(key: string): Flag | undefined {
    return this.flags.get(key)
  }

  /** Every flag, ordered by key as the admin list is. */
  listFlags(includeArchived: boolean): Flag[] {
    return [...this.flags.values()].filter((flag) => includeArchived || !flag.archived).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** The named segments this replica holds; unknown keys are left out. */
  segmentsOf(keys: readonly string[]): SegmentView[] {
    return keys.map((key) => this.segments.get(key)).filter((segment): segment is SegmentView => segment !== undefined)
  }

  private moveTo(seq: number): void {
    this.position = seq
    this.built = undefined
  }
}
