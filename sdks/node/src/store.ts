/**
 * The client's state: compiled flags by key (what `isEnabled` reads), active canaries by
 * feature key, chaos rules by id, and the change-log position they reflect. Applying is
 * synchronous, so an evaluation never sees half of a snapshot.
 *
 * A snapshot replaces everything, including `seq`, even when its seq is lower: a control
 * plane whose database was rebuilt starts counting again, and its snapshot is still the truth.
 */
import { type Canary, type ChaosRule, type CompiledFlag, compileFlag, type Flag, type Snapshot, type StreamEventType } from '@sluice/core'
import { InvalidStateError } from './errors.js'
import { isCanary, isChaosRule, isFlag } from './wire.js'

/** Where the state in memory came from. `stream` and `poll` are the control plane itself. */
export type StateSource = 'stream' | 'poll' | 'bootstrap' | 'cache' | 'testing'

/**
 * One applied change. Stream events map one to one (`fromSnapshot: false`). A snapshot that
 * replaced existing state yields one `flag.*` change per flag whose version changed, and a
 * `flag.removed` for a flag it no longer holds (`fromSnapshot: true`); the first state of
 * all is announced by `ready` instead.
 */
export type ChangeEvent =
  | { type: 'flag.upserted' | 'flag.archived'; seq: number; key: string; data: Flag; fromSnapshot: boolean }
  | { type: 'flag.removed'; seq: number; key: string; data: Flag; fromSnapshot: boolean }
  | { type: 'canary.upserted'; seq: number; key: string; id: string; data: Canary; fromSnapshot: false }
  | { type: 'chaos.upserted'; seq: number; id: string; data: ChaosRule; fromSnapshot: false }
  | { type: 'chaos.deleted'; seq: number; id: string; data: { id: string }; fromSnapshot: false }

export function isActiveCanary(canary: Canary): boolean {
  return canary.status === 'running' || canary.status === 'paused'
}

export class Store {
  /** The hot path reads this map; it is never replaced, only updated in place. */
  readonly flags = new Map<string, CompiledFlag>()
  /** Running or paused canaries, by the key of the flag they drive. */
  readonly canaries = new Map<string, Canary>()
  readonly chaosRules = new Map<string, ChaosRule>()
  seq = 0
  source: StateSource | undefined

  get hasState(): boolean {
    return this.source !== undefined
  }

  get fromServer(): boolean {
    return this.source === 'stream' || this.source === 'poll'
  }

  flag(key: string): Flag | undefined {
    return this.flags.get(key)?.flag as Flag | undefined
  }

  /** Replaces the whole state. Returns the flag changes, none when this is the first state. */
  replace(snapshot: Snapshot, source: StateSource): ChangeEvent[] {
    const first = !this.hasState
    const changes: ChangeEvent[] = []
    const seq = snapshot.seq
    const seen = new Set<string>()
    for (const flag of snapshot.flags) {
      seen.add(flag.key)
      const before = this.flag(flag.key)
      if (!first && (before === undefined || before.version !== flag.version || before.updatedAt !== flag.updatedAt)) {
        changes.push({ type: flag.archived ? 'flag.archived' : 'flag.upserted', seq, key: flag.key, data: flag, fromSnapshot: true })
      }
      this.flags.set(flag.key, compileFlag(flag))
    }
    for (const [key, compiled] of this.flags) {
      if (seen.has(key)) continue
      this.flags.delete(key)
      if (!first) changes.push({ type: 'flag.removed', seq, key, data: compiled.flag as Flag, fromSnapshot: true })
    }
    this.canaries.clear()
    for (const canary of snapshot.canaries) if (isActiveCanary(canary)) this.canaries.set(canary.featureKey, canary)
    this.chaosRules.clear()
    for (const rule of snapshot.chaosRules) this.chaosRules.set(rule.id, rule)
    this.seq = seq
    this.source = source
    return changes
  }

  /**
   * Applies one stream event. Returns undefined when `seq` is not past the current position
   * (a replay overlap or a duplicate); throws InvalidStateError when the data is not the
   * object the event type names.
   */
  apply(type: StreamEventType, seq: number, data: unknown): ChangeEvent | undefined {
    if (seq <= this.seq && this.hasState) return undefined
    const change = this.change(type, seq, data)
    this.seq = seq
    return change
  }

  /** Moves the position past an event the SDK does not know, so it is not waited for. */
  skip(seq: number): void {
    if (seq > this.seq) this.seq = seq
  }

  /** The state as a snapshot, for the cache file and for tests. */
  snapshot(): Snapshot {
    return {
      seq: this.seq,
      flags: Array.from(this.flags.values(), (compiled) => compiled.flag as Flag),
      canaries: Array.from(this.canaries.values()),
      chaosRules: Array.from(this.chaosRules.values()),
    }
  }

  private change(type: StreamEventType, seq: number, payload: unknown): ChangeEvent {
    const data = withoutSeq(payload)
    switch (type) {
      case 'flag.upserted':
      case 'flag.archived': {
        if (!isFlag(data)) throw new InvalidStateError(`${type} event ${seq}: data is not a flag (a "key" is required)`)
        this.flags.set(data.key, compileFlag(data))
        return { type, seq, key: data.key, data, fromSnapshot: false }
      }
      case 'canary.upserted': {
        if (!isCanary(data)) throw new InvalidStateError(`${type} event ${seq}: data is not a canary ("id", "featureKey" and "status" are required)`)
        if (isActiveCanary(data)) {
          this.canaries.set(data.featureKey, data)
        } else if (this.canaries.get(data.featureKey)?.id === data.id) {
          // Only the canary that ended leaves: a late update of an older one must not evict its successor.
          this.canaries.delete(data.featureKey)
        }
        return { type, seq, key: data.featureKey, id: data.id, data, fromSnapshot: false }
      }
      case 'chaos.upserted': {
        if (!isChaosRule(data)) throw new InvalidStateError(`${type} event ${seq}: data is not a chaos rule (an "id" is required)`)
        this.chaosRules.set(data.id, data)
        return { type, seq, id: data.id, data, fromSnapshot: false }
      }
      case 'chaos.deleted': {
        const id = (data as { id?: unknown } | null)?.id
        if (typeof id !== 'string' || id.length === 0) throw new InvalidStateError(`${type} event ${seq}: an "id" is required`)
        this.chaosRules.delete(id)
        return { type, seq, id, data: { id }, fromSnapshot: false }
      }
    }
  }
}

/** Stream payloads are `{ seq, ...object }`; the object is kept without the envelope's seq. */
function withoutSeq(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || !('seq' in payload)) return payload
  const { seq: _seq, ...rest } = payload as Record<string, unknown>
  return rest
}
