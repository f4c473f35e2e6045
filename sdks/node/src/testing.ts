/**
 * The test double: an offline client seeded in code, for the application's own tests. It is
 * the real client (same evaluation, same events, same middleware), only without a network,
 * plus `testing` controls that change its state the way the stream would, `change` events
 * included.
 *
 *   const sluice = createOfflineClient({ flags: { new_payment_flow: true } })
 *   sluice.testing.setFlag({ key: 'search_v2', percentage: 50 })
 */
import type { Canary, SdkChaosRule, SdkFlag, FlagType, SdkSegment, Snapshot } from '@sluice/core'
import type { BootstrapState } from './bootstrap.js'
import type { ChaosOptions } from './chaos-options.js'
import { Client, type SluiceClient, type StateFeed } from './client.js'
import { InvalidOptionError } from './errors.js'
import type { Logger } from './logger.js'
import { resolveOptions } from './options.js'
import type { OutcomeItem } from './outcomes.js'
import type { ContextFromRequest, RequestLike } from './request-context.js'
import { toSnapshot } from './wire.js'

/**
 * A flag with only what a test cares about. Defaults: `enabled: true`, `name` = key, and a
 * `type` read from what is given: `percentage` → percentage, `userIds` → user_targeting,
 * `ips` → ip_targeting, else boolean. `version` counts up on each set.
 */
export type FlagInput = { key: string } & Partial<Omit<SdkFlag, 'key'>>

/** Flags by key (`true`/`false` for a boolean flag, or the fields to set), or a list of flags. */
export type FlagsInput = Record<string, boolean | Partial<Omit<SdkFlag, 'key'>>> | FlagInput[]

/**
 * A chaos rule with only what a test cares about. Defaults: `name` = id, `enabled: true`,
 * `probability: 100`, no target (every route and call), no expiry, and the type's config
 * defaults (a latency rule still needs `config.latencyMs`). `version` counts up on each set.
 */
export type ChaosRuleInput = { id: string; type: SdkChaosRule['type'] } & Partial<Omit<SdkChaosRule, 'id' | 'type'>>

export interface OfflineClientOptions {
  flags?: FlagsInput
  canaries?: Canary[]
  chaosRules?: ChaosRuleInput[]
  /** Segments that `rules` flags name; `version` defaults to 1. */
  segments?: Array<Omit<SdkSegment, 'version'> & { version?: number }>
  /** As the real client's: filled into contexts that do not set their own. */
  appName?: string
  environment?: string
  logger?: Partial<Logger>
  context?: ContextFromRequest<RequestLike>
  /**
   * Chaos in this test double follows the process's environment like the real client's
   * (CHAOS_TESTING_ENABLED=true, NODE_ENV not production); rules set here or through
   * `testing.setChaosRule` apply without a control plane, and never answer to the dead-man switch.
   */
  chaos?: ChaosOptions
}

export interface TestingControls {
  /** Adds or replaces a flag; emits `change` (`flag.upserted`, or `flag.archived` for an archived one). Returns the stored flag. */
  setFlag(flag: FlagInput): SdkFlag
  /** Removes a flag, which then evaluates off with reason `not_found`; emits `change` (`flag.removed`). */
  removeFlag(key: string): boolean
  /** Adds or replaces a canary; a running or paused one is active for its flag. Emits `change`. */
  setCanary(canary: Canary): void
  /** Adds or replaces a chaos rule, as a `chaos.upserted` event would (halting: `enabled: false`). Returns the stored rule. */
  setChaosRule(rule: ChaosRuleInput): SdkChaosRule
  /** Removes a chaos rule, as a `chaos.deleted` event would. */
  removeChaosRule(id: string): boolean
  /** Adds or replaces a segment, as a `segment.upserted` event would: every flag naming it sees the change. */
  setSegment(segment: Omit<SdkSegment, 'version'> & { version?: number }): SdkSegment
  /** Removes a segment, as a `segment.deleted` event would: rules naming it no longer match. */
  removeSegment(key: string): boolean
  /** The canary outcomes counted so far (`recordRequest`, `track`, the middleware), merged per flag, side and canary; taking them empties the buffer. */
  takeOutcomes(): OutcomeItem[]
  /** Replaces the whole state, as a snapshot from the control plane would; emits `change` per changed flag, canary and chaos rule. */
  setState(state: BootstrapState): void
  /** The whole state as a snapshot. */
  snapshot(): Snapshot
}

export interface OfflineClient extends SluiceClient {
  readonly testing: TestingControls
}

function typeOf(input: Partial<SdkFlag>): FlagType {
  if (input.type !== undefined) return input.type
  if (input.percentage !== undefined) return 'percentage'
  if (input.userIds !== undefined) return 'user_targeting'
  if (input.ips !== undefined) return 'ip_targeting'
  if (input.rules !== undefined) return 'rules'
  return 'boolean'
}

/** A whole SdkFlag from a test's partial one; `previous` gives the version to count up from. */
export function toFlag(input: FlagInput, previous?: SdkFlag): SdkFlag {
  if (typeof input !== 'object' || input === null || typeof input.key !== 'string' || input.key === '') {
    throw InvalidOptionError.expected('flag', 'an object with a non-empty "key"', input)
  }
  const now = new Date().toISOString()
  return {
    name: input.key,
    enabled: true,
    archived: false,
    ...input,
    type: typeOf(input),
    version: input.version ?? (previous?.version ?? 0) + 1,
    updatedAt: input.updatedAt ?? now,
  }
}

/** A whole SdkChaosRule from a test's partial one; `previous` gives the version to count up from. */
export function toChaosRule(input: ChaosRuleInput, previous?: SdkChaosRule): SdkChaosRule {
  if (typeof input !== 'object' || input === null || typeof input.id !== 'string' || input.id === '') {
    throw InvalidOptionError.expected('chaos rule', 'an object with a non-empty "id" and a "type"', input)
  }
  const now = new Date().toISOString()
  return {
    name: input.id,
    enabled: true,
    probability: 100,
    target: null,
    config: {},
    expiresAt: null,
    ...input,
    version: input.version ?? (previous?.version ?? 0) + 1,
    updatedAt: input.updatedAt ?? now,
  }
}

function flagList(flags: FlagsInput | undefined): FlagInput[] {
  if (flags === undefined) return []
  if (Array.isArray(flags)) return flags
  if (typeof flags !== 'object' || flags === null) throw InvalidOptionError.expected('flags', 'an object of flags by key, or an array of flags', flags)
  return Object.entries(flags).map(([key, value]) => (typeof value === 'boolean' ? { key, enabled: value } : { ...value, key }))
}

class Controls implements TestingControls {
  constructor(
    private readonly feed: StateFeed,
    private readonly outcomes: () => OutcomeItem[],
  ) {}

  setFlag(input: FlagInput): SdkFlag {
    let flag: SdkFlag | undefined
    this.feed.apply((store) => {
      flag = toFlag(input, store.flag(input?.key))
      const seq = store.seq + 1
      return [store.apply(flag.archived ? 'flag.archived' : 'flag.upserted', seq, flag)!]
    })
    return flag!
  }

  removeFlag(key: string): boolean {
    let removed = false
    this.feed.apply((store) => {
      const flag = store.flag(key)
      if (flag === undefined) return []
      store.flags.delete(key)
      store.seq++
      removed = true
      return [{ type: 'flag.removed', seq: store.seq, key, data: flag, fromSnapshot: false }]
    })
    return removed
  }

  setCanary(canary: Canary): void {
    this.feed.apply((store) => [store.apply('canary.upserted', store.seq + 1, canary)!])
  }

  setChaosRule(input: ChaosRuleInput): SdkChaosRule {
    let rule: SdkChaosRule | undefined
    this.feed.apply((store) => {
      rule = toChaosRule(input, store.chaosRules.get(input?.id))
      return [store.apply('chaos.upserted', store.seq + 1, rule)!]
    })
    return rule!
  }

  removeChaosRule(id: string): boolean {
    let removed = false
    this.feed.apply((store) => {
      if (!store.chaosRules.has(id)) return []
      removed = true
      return [store.apply('chaos.deleted', store.seq + 1, { id })!]
    })
    return removed
  }

  setSegment(input: Omit<SdkSegment, 'version'> & { version?: number }): SdkSegment {
    if (typeof input !== 'object' || input === null || typeof input.key !== 'string' || input.key === '') {
      throw InvalidOptionError.expected('segment', 'an object with a non-empty "key" and "constraints"', input)
    }
    let segment: SdkSegment | undefined
    this.feed.apply((store) => {
      const previous = store.segments.get(input.key)?.segment as SdkSegment | undefined
      segment = { ...input, version: input.version ?? (previous?.version ?? 0) + 1 }
      return [store.apply('segment.upserted', store.seq + 1, segment)!]
    })
    return segment!
  }

  removeSegment(key: string): boolean {
    let removed = false
    this.feed.apply((store) => {
      if (!store.segments.has(key)) return []
      removed = true
      return [store.apply('segment.deleted', store.seq + 1, { key })!]
    })
    return removed
  }

  takeOutcomes(): OutcomeItem[] {
    return this.outcomes()
  }

  setState(state: BootstrapState): void {
    this.feed.replace(toSnapshot(state, 'setState'), 'testing')
  }

  snapshot(): Snapshot {
    return this.feed.store.snapshot()
  }
}

/** The real client, fed by its `testing` controls instead of a control plane. */
class TestClient extends Client implements OfflineClient {
  readonly testing: TestingControls = new Controls(this.feed, () => this.outcomes.take())
}

/** An offline client seeded in code, with `testing` controls: the SDK's test double. */
export function createOfflineClient(options: OfflineClientOptions = {}): OfflineClient {
  if (typeof options !== 'object' || options === null) throw InvalidOptionError.expected('options', 'an object', options)
  const flags = flagList(options.flags).map((input) => toFlag(input))
  const snapshot: Snapshot = {
    seq: 0,
    flags,
    canaries: options.canaries ?? [],
    chaosRules: (options.chaosRules ?? []).map((rule) => toChaosRule(rule)),
    segments: (options.segments ?? []).map((segment) => ({ version: 1, ...segment })),
  }
  const { logger, context, chaos, appName, environment } = options
  const resolved = resolveOptions({ offline: true, logger, context, chaos, appName, environment })
  return new TestClient(resolved, { snapshot, source: 'testing' })
}

