/**
 * Which canaries are active, held in memory by each replica so that outcome ingest asks no
 * query per batch. Read once at start, then kept current from the change feed: every canary
 * transition emits `canary.upserted` with the whole canary, in the same transaction.
 *
 * The feed can lag behind a transition made on another replica (by one poll interval when a
 * bus message is lost), and an SDK may learn of a new canary from a faster replica. An outcome
 * for a flag or a canary id this replica has not heard of is therefore looked up once
 * (`resolve`) and the answer kept until the feed changes it: the hot path stays free of
 * queries, and a lagging feed costs no counts. The memory of what was looked up is bounded.
 */
import type { Db } from '../db/database.js'
import type { ChangeRecord } from '../stream/change-log.js'
import { CANARY_UPSERTED, canaryFromRow, findActiveCanaries, isActiveStatus, listActiveCanaries } from './canary-store.js'
import type { CanaryView } from './canary-schemas.js'

/** What ingest needs to know of an active canary: where its counts go, and the seed rule's numbers. */
export interface ActiveCanary {
  id: string
  featureKey: string
  minSampleSize: number
  rollbackThreshold: number
}

/** One flag's place: a flag has one active canary per environment. */
const slot = (environment: string, featureKey: string) => `${environment}\u0000${featureKey}`

/** Ended canary ids, and flags without a canary, are remembered up to this many each, oldest forgotten first. */
const MAX_REMEMBERED = 10_000

export interface ChangeSource {
  onChange(listener: (change: ChangeRecord) => void): () => void
}

function activeOf(view: Pick<CanaryView, 'id' | 'featureKey' | 'status' | 'minSampleSize' | 'rollbackThreshold'>): ActiveCanary | undefined {
  if (!isActiveStatus(view.status)) return undefined
  return { id: view.id, featureKey: view.featureKey, minSampleSize: view.minSampleSize, rollbackThreshold: view.rollbackThreshold }
}

export class ActiveCanaries {
  /** By `slot(environment, featureKey)`, as are the other per-flag maps. */
  private readonly byFlag = new Map<string, ActiveCanary>()
  private readonly ended = new Set<string>()
  /** Flags read from the database and found without an active canary. */
  private readonly without = new Set<string>()
  /** Canary events heard per flag, so a read that raced one is not trusted. */
  private readonly heard = new Map<string, number>()
  private readonly lookups = new Map<string, Promise<ActiveCanary | undefined>>()
  private unsubscribe: (() => void) | undefined

  constructor(private readonly db: Db) {}

  /** Subscribes first, then reads: a transition committed during the read is not lost, and not overwritten by the read. */
  async start(feed: ChangeSource): Promise<void> {
    this.unsubscribe = feed.onChange((change) => {
      if (change.type !== CANARY_UPSERTED) return
      const view = change.payload as CanaryView
      const at = slot(view.environment, view.featureKey)
      this.heard.set(at, (this.heard.get(at) ?? 0) + 1)
      this.apply(view)
    })
    for (const row of await listActiveCanaries(this.db)) {
      if (!this.heard.has(slot(row.environment, row.featureKey))) this.apply(canaryFromRow(row))
    }
  }

  stop(): void {
    this.unsubscribe?.()
  }

  /** The flag's active canary in `environment` as far as this replica knows, without asking the database. */
  byFlagKey(environment: string, featureKey: string): ActiveCanary | undefined {
    return this.byFlag.get(slot(environment, featureKey))
  }

  /**
   * The active canary of `featureKey` (which must be `canaryId` when given). The database is
   * read only when the answer is not known here: a flag this replica has not heard of, or an id
   * it has not seen; what it learns is kept until the feed says otherwise.
   */
  async resolve(environment: string, featureKey: string, canaryId?: string): Promise<ActiveCanary | undefined> {
    const at = slot(environment, featureKey)
    const known = this.byFlag.get(at)
    if (known && (canaryId === undefined || known.id === canaryId)) return known
    if (canaryId !== undefined ? this.ended.has(canaryId) : this.without.has(at)) return undefined
    let lookup = this.lookups.get(at)
    if (!lookup) {
      lookup = this.lookUp(environment, featureKey).finally(() => this.lookups.delete(at))
      this.lookups.set(at, lookup)
    }
    const found = await lookup
    if (canaryId === undefined || found?.id === canaryId) return found
    // One canary per flag is active at a time: any other id has ended (or never existed).
    this.remember(canaryId)
    return undefined
  }

  private async lookUp(environment: string, featureKey: string): Promise<ActiveCanary | undefined> {
    const at = slot(environment, featureKey)
    const heardBefore = this.heard.get(at) ?? 0
    const [row] = await findActiveCanaries(this.db, 'featureKey', [featureKey], environment)
    // The feed may have moved on while the row was read; what it says wins.
    if ((this.heard.get(at) ?? 0) !== heardBefore) return this.byFlag.get(at)
    if (row) this.apply(canaryFromRow(row))
    else this.remember(undefined, at)
    return this.byFlag.get(at)
  }

  private apply(view: CanaryView): void {
    const active = activeOf(view)
    const at = slot(view.environment, view.featureKey)
    this.without.delete(at)
    if (active) {
      this.byFlag.set(at, active)
      return
    }
    this.remember(view.id)
    if (this.byFlag.get(at)?.id === view.id) this.byFlag.delete(at)
  }

  /** Keeps, within bounds, that a canary has ended or that a flag has no active canary. */
  private remember(canaryId: string | undefined, withoutCanary?: string): void {
    const [set, value] = canaryId !== undefined ? [this.ended, canaryId] : [this.without, withoutCanary!]
    set.add(value)
    if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value!)
  }
}
