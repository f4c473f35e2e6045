/**
 * The client's state: compiled flags by key (what `isEnabled` reads), active canaries by
 * feature key, chaos rules by id, and the change-log position they reflect. Applying is
 * synchronous, so an evaluation never sees half of a snapshot.
 *
 * A snapshot replaces everything, including `seq`, even when its seq is lower: a control
 * plane whose database was rebuilt starts counting again, and its snapshot is still the truth.
 */
import {
  type Canary,
  type SdkChaosRule,
  type CompiledFlag,
  type CompiledSegment,
  compileFlag,
  compileSegment,
  type SdkFlag,
  type SdkSegment,
  type Snapshot,
  type StreamEventType,
} from '@sluice/core'
import { InvalidStateError } from './errors.js'
import { isCanary, isChaosRule, isFlag, isSegment } from './wire.js'

/** Where the state in memory came from. `stream` and `poll` are the control plane itself. */
export type StateSource = 'stream' | 'poll' | 'bootstrap' | 'cache' | 'testing'

/**
 * One applied change. Stream events map one to one (`fromSnapshot: false`). A snapshot that
 * replaced existing state yields what the stream would have said about the difference
 * (`fromSnapshot: true`): `flag.*` for a flag whose version changed, `canary.upserted` for a
 * canary that started or changed, `chaos.upserted` for a rule that is new or changed and
 * `chaos.deleted` for one it no longer holds, and likewise `segment.upserted` and `segment.deleted`. `flag.removed` and `canary.removed` name a flag,
 * or an active canary, it no longer holds, with the last known object: a snapshot holds active
 * canaries only, so it cannot say how one ended. The first state of all is announced by
 * `ready` instead.
 */
export type ChangeEvent =
  | { type: 'flag.upserted' | 'flag.archived'; seq: number; key: string; data: SdkFlag; fromSnapshot: boolean }
  | { type: 'flag.removed'; seq: number; key: string; data: SdkFlag; fromSnapshot: boolean }
  | { type: 'canary.upserted'; seq: number; key: string; id: string; data: Canary; fromSnapshot: boolean }
  | { type: 'canary.removed'; seq: number; key: string; id: string; data: Canary; fromSnapshot: true }
  | { type: 'chaos.upserted'; seq: number; id: string; data: SdkChaosRule; fromSnapshot: boolean }
  | { type: 'chaos.deleted'; seq: number; id: string; data: { id: string }; fromSnapshot: boolean }
  | { type: 'segment.upserted'; seq: number; key: string; data: SdkSegment; fromSnapshot: boolean }
  | { type: 'segment.deleted'; seq: number; key: string; data: { key: string }; fromSnapshot: boolean }

/** Whether a snapshot's copy of an object differs from the one held: every change bumps one of these. */
function changed(before: { version: unknown; updatedAt?: unknown } | undefined, after: { version: unknown; updatedAt?: unknown }): boolean {
  return before === undefined || before.version !== after.version || before.updatedAt !== after.updatedAt
}

export function isActiveCanary(canary: Canary): boolean {
  return canary.status === 'running' || canary.status === 'paused'
}

export class Store {
  /** The hot path reads this map; it is never replaced, only updated in place. */
  readonly flags = new Map<string, CompiledFlag>()
  /** Running or paused canaries, by the key of the flag they drive. */
  readonly canaries = new Map<string, Canary>()
  readonly chaosRules = new Map<string, SdkChaosRule>()
  /**
   * Segments by key. Flags are compiled with this store as their lookups and read a segment by
   * key when they evaluate, so replacing an entry changes the answer of exactly the flags that
   * name it, with no recompilation.
   */
  readonly segments = new Map<string, CompiledSegment>()
  seq = 0
  /** The environment of the last snapshot that named one. */
  environment: string | undefined
  source: StateSource | undefined

  get hasState(): boolean {
    return this.source !== undefined
  }

  get fromServer(): boolean {
    return this.source === 'stream' || this.source === 'poll'
  }

  flag(key: string): SdkFlag | undefined {
    return this.flags.get(key)?.flag as SdkFlag | undefined
  }

  /** Replaces the whole state. Returns what changed, nothing when this is the first state. */
  replace(snapshot: Snapshot, source: StateSource): ChangeEvent[] {
    const first = !this.hasState
    const { seq } = snapshot
    if (snapshot.environment !== undefined) this.environment = snapshot.environment
    const changes = [
      ...this.replaceSegments(snapshot.segments ?? [], seq),
      ...this.replaceFlags(snapshot.flags, seq),
      ...this.replaceCanaries(snapshot.canaries, seq),
      ...this.replaceChaosRules(snapshot.chaosRules, seq),
    ]
    this.seq = seq
    this.source = source
    return first ? [] : changes
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
      ...(this.environment === undefined ? {} : { environment: this.environment }),
      flags: Array.from(this.flags.values(), (compiled) => compiled.flag as SdkFlag),
      canaries: Array.from(this.canaries.values()),
      chaosRules: Array.from(this.chaosRules.values()),
      segments: Array.from(this.segments.values(), (compiled) => compiled.segment as SdkSegment),
    }
  }

  private replaceFlags(flags: readonly SdkFlag[], seq: number): ChangeEvent[] {
    const changes: ChangeEvent[] = []
    const seen = new Set<string>()
    for (const flag of flags) {
      seen.add(flag.key)
      if (changed(this.flag(flag.key), flag)) {
        changes.push({ type: flag.archived ? 'flag.archived' : 'flag.upserted', seq, key: flag.key, data: flag, fromSnapshot: true })
      }
      this.flags.set(flag.key, compileFlag(flag, this))
    }
    for (const [key, compiled] of this.flags) {
      if (seen.has(key)) continue
      this.flags.delete(key)
      changes.push({ type: 'flag.removed', seq, key, data: compiled.flag as SdkFlag, fromSnapshot: true })
    }
    return changes
  }

  private replaceCanaries(canaries: readonly Canary[], seq: number): ChangeEvent[] {
    const before = new Map(this.canaries)
    this.canaries.clear()
    for (const canary of canaries) if (isActiveCanary(canary)) this.canaries.set(canary.featureKey, canary)
    const changes: ChangeEvent[] = []
    // Removals first: a listener keyed by flag must not drop the canary that succeeded an ended one.
    for (const [key, canary] of before) {
      if (this.canaries.get(key)?.id !== canary.id) changes.push({ type: 'canary.removed', seq, key, id: canary.id, data: canary, fromSnapshot: true })
    }
    for (const [key, canary] of this.canaries) {
      const held = before.get(key)
      if (held?.id !== canary.id || changed(held, canary)) changes.push({ type: 'canary.upserted', seq, key, id: canary.id, data: canary, fromSnapshot: true })
    }
    return changes
  }

  private replaceSegments(segments: readonly SdkSegment[], seq: number): ChangeEvent[] {
    const changes: ChangeEvent[] = []
    const seen = new Set<string>()
    for (const segment of segments) {
      seen.add(segment.key)
      if (changed(this.segments.get(segment.key)?.segment as SdkSegment | undefined, segment)) {
        changes.push({ type: 'segment.upserted', seq, key: segment.key, data: segment, fromSnapshot: true })
      }
      this.segments.set(segment.key, compileSegment(segment))
    }
    for (const key of this.segments.keys()) {
      if (seen.has(key)) continue
      this.segments.delete(key)
      changes.push({ type: 'segment.deleted', seq, key, data: { key }, fromSnapshot: true })
    }
    return changes
  }

  private replaceChaosRules(rules: readonly SdkChaosRule[], seq: number): ChangeEvent[] {
    const changes: ChangeEvent[] = []
    const seen = new Set<string>()
    for (const rule of rules) {
      seen.add(rule.id)
      if (changed(this.chaosRules.get(rule.id), rule)) changes.push({ type: 'chaos.upserted', seq, id: rule.id, data: rule, fromSnapshot: true })
      this.chaosRules.set(rule.id, rule)
    }
    for (const id of this.chaosRules.keys()) {
      if (seen.has(id)) continue
      this.chaosRules.delete(id)
      changes.push({ type: 'chaos.deleted', seq, id, data: { id }, fromSnapshot: true })
    }
    return changes
  }

  private change(type: StreamEventType, seq: number, payload: unknown): ChangeEvent {
    const data = withoutSeq(payload)
    switch (type) {
      case 'flag.upserted':
      case 'flag.archived': {
        if (!isFlag(data)) throw new InvalidStateError(`${type} event ${seq}: data is not a flag (a "key" is required)`)
        this.flags.set(data.key, compileFlag(data, this))
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
      case 'segment.upserted': {
        if (!isSegment(data)) throw new InvalidStateError(`${type} event ${seq}: data is not a segment (a "key" is required)`)
        this.segments.set(data.key, compileSegment(data))
        return { type, seq, key: data.key, data, fromSnapshot: false }
      }
      case 'segment.deleted': {
        const key = (data as { key?: unknown } | null)?.key
        if (typeof key !== 'string' || key.length === 0) throw new InvalidStateError(`${type} event ${seq}: a "key" is required`)
        this.segments.delete(key)
        return { type, seq, key, data: { key }, fromSnapshot: false }
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
