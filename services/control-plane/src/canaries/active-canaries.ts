/**
 * Which canary an outcome counts for, without a query per batch. The replica's state
 * (stream/replica-state.ts) already holds every active canary, kept current by the change feed
 * and reloaded with it after a resync; this adds what ingest needs beyond it.
 *
 * The feed can lag behind a transition made on another replica (by one poll interval when a
 * bus message is lost), and an SDK may learn of a new canary from a faster replica. An outcome
 * for a flag or a canary id the state does not hold is therefore looked up once (`resolve`)
 * and the answer kept until the feed delivers a change to that flag: the hot path stays free
 * of queries, and a lagging feed costs no counts. What was looked up is bounded, and forgotten
 * when the feed resyncs, since the reloaded state may say otherwise.
 */
import type { Db } from '../db/database.js'
import type { ChangeRecord } from '../changes/change-log.js'
import { CANARY_UPSERTED, canaryFromRow, findActiveCanaries, isActiveStatus } from './canary-store.js'
import type { CanaryView } from './canary-schemas.js'

/** What ingest needs to know of an active canary: where its counts go, and the seed rule's numbers. */
export type ActiveCanary = Pick<CanaryView, 'id' | 'featureKey' | 'minSampleSize' | 'rollbackThreshold'>

/** The replica's own index of active canaries. */
export interface ActiveCanaryIndex {
  activeCanary(environment: string, featureKey: string): ActiveCanary | undefined
}

export interface ChangeSource {
  onChange(listener: (change: ChangeRecord) => void): () => void
  onResync(listener: () => void): () => void
}

/** One flag's place: a flag has one active canary per environment. */
const slot = (environment: string, featureKey: string) => `${environment}\u0000${featureKey}`

/** Looked-up canaries, ended canary ids and flags without a canary are remembered up to this many each, oldest forgotten first. */
const MAX_REMEMBERED = 10_000

export class ActiveCanaries {
  /** Active canaries read from the database before the feed delivered them, by slot. */
  private readonly ahead = new Map<string, ActiveCanary>()
  private readonly ended = new Set<string>()
  /** Flags read from the database and found without an active canary. */
  private readonly without = new Set<string>()
  /** Canary events heard per flag, and resyncs, so a read that raced one is not trusted. */
  private readonly heard = new Map<string, number>()
  private resyncs = 0
  private readonly lookups = new Map<string, Promise<ActiveCanary | undefined>>()
  private readonly unsubscribe: Array<() => void>

  constructor(
    private readonly db: Db,
    private readonly state: ActiveCanaryIndex,
    feed: ChangeSource,
  ) {
    this.unsubscribe = [feed.onChange((change) => this.heardOf(change)), feed.onResync(() => this.forgetLookups())]
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe()
  }

  /** The flag's active canary in `environment` as far as this replica knows, without asking the database. */
  byFlagKey(environment: string, featureKey: string): ActiveCanary | undefined {
    return this.state.activeCanary(environment, featureKey) ?? this.ahead.get(slot(environment, featureKey))
  }

  /**
   * What `resolve` answers without the database: the active canary, `null` when this replica
   * knows there is none (an ended id, a flag looked up and found without one), `undefined`
   * when only the database can say.
   */
  cached(environment: string, featureKey: string, canaryId?: string): ActiveCanary | null | undefined {
    const known = this.byFlagKey(environment, featureKey)
    if (known && (canaryId === undefined || known.id === canaryId)) return known
    if (canaryId !== undefined ? this.ended.has(canaryId) : this.without.has(slot(environment, featureKey))) return null
    return undefined
  }

  /**
   * The active canary of `featureKey` (which must be `canaryId` when given). The database is
   * read only when the answer is not known here: a flag this replica has not heard of, or an id
   * it has not seen; what it learns is kept until the feed says otherwise.
   */
  async resolve(environment: string, featureKey: string, canaryId?: string): Promise<ActiveCanary | undefined> {
    const cached = this.cached(environment, featureKey, canaryId)
    if (cached !== undefined) return cached ?? undefined
    const at = slot(environment, featureKey)
    let lookup = this.lookups.get(at)
    if (!lookup) {
      lookup = this.lookUp(environment, featureKey).finally(() => this.lookups.delete(at))
      this.lookups.set(at, lookup)
    }
    const found = await lookup
    if (canaryId === undefined || found?.id === canaryId) return found
    // One canary per flag is active at a time: any other id has ended (or never existed).
    remember(this.ended, canaryId)
    return undefined
  }

  private async lookUp(environment: string, featureKey: string): Promise<ActiveCanary | undefined> {
    const at = slot(environment, featureKey)
    const heardBefore = this.heardAt(at)
    const [row] = await findActiveCanaries(this.db, 'featureKey', [featureKey], environment)
    // The feed may have moved on while the row was read; what it says wins.
    if (this.heardAt(at) !== heardBefore) return this.byFlagKey(environment, featureKey)
    if (row) {
      this.ahead.set(at, canaryFromRow(row))
      forgetOldest(this.ahead)
    } else remember(this.without, at)
    return this.byFlagKey(environment, featureKey)
  }

  /** The state has applied `change` by now (consumers come before listeners): what was looked up for its flag is stale. */
  private heardOf(change: ChangeRecord): void {
    if (change.type !== CANARY_UPSERTED) return
    const view = change.payload as CanaryView
    const at = slot(view.environment, view.featureKey)
    this.heard.set(at, (this.heard.get(at) ?? 0) + 1)
    this.ahead.delete(at)
    this.without.delete(at)
    if (!isActiveStatus(view.status)) remember(this.ended, view.id)
  }

  /** The state reloaded over a gap: any canary looked up may have ended in it, any flag without one may have one. Ended ids stay ended. */
  private forgetLookups(): void {
    this.resyncs++
    this.ahead.clear()
    this.without.clear()
  }

  private heardAt(at: string): string {
    return `${this.resyncs}:${this.heard.get(at) ?? 0}`
  }
}

/** Keeps `key`, forgetting the oldest beyond MAX_REMEMBERED. */
function remember(into: Set<string>, key: string): void {
  into.add(key)
  forgetOldest(into)
}

function forgetOldest(memory: Set<string> | Map<string, unknown>): void {
  if (memory.size > MAX_REMEMBERED) memory.delete(memory.keys().next().value!)
}
