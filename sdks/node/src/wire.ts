/**
 * Reading what the control plane sends (snapshots, stream events) and what files hold
 * (bootstrap, cache) without trusting it. Checks stop at what the SDK relies on, the fields it
 * indexes by and orders by; the rest of a flag is the engine's to judge, and `compileFlag`
 * turns a malformed definition into an always-off flag rather than throwing.
 */
import type { Canary, SdkChaosRule, SdkFlag, SdkSegment, Snapshot, StreamEventType } from '@sluice/core'
import { InvalidStateError } from './errors.js'

const KNOWN_EVENTS: ReadonlySet<string> = new Set<StreamEventType>([
  'flag.upserted',
  'flag.archived',
  'canary.upserted',
  'chaos.upserted',
  'chaos.deleted',
  'segment.upserted',
  'segment.deleted',
])

export function isKnownEventType(type: string): type is StreamEventType {
  return KNOWN_EVENTS.has(type)
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

export function isFlag(value: unknown): value is SdkFlag {
  return isObject(value) && nonEmptyString(value.key)
}

export function isCanary(value: unknown): value is Canary {
  return isObject(value) && nonEmptyString(value.id) && nonEmptyString(value.featureKey) && typeof value.status === 'string'
}

export function isSegment(value: unknown): value is SdkSegment {
  return isObject(value) && nonEmptyString(value.key)
}

export function isChaosRule(value: unknown): value is SdkChaosRule {
  return isObject(value) && nonEmptyString(value.id)
}

/** The seq of a stream message: the data's `seq`, else the SSE `id`. */
export function seqOf(data: unknown, lastEventId: string): number | undefined {
  if (isObject(data) && isSeq(data.seq)) return data.seq
  const id = /^[0-9]+$/.test(lastEventId) ? Number(lastEventId) : Number.NaN
  return isSeq(id) ? id : undefined
}

/**
 * A snapshot from the stream, `/sdk/state`, a bootstrap or a cache file. `flags` is required;
 * missing `canaries`, `chaosRules` or `segments` read as empty, and a missing `seq` as 0 (a hand-written
 * bootstrap). Entries without the fields the SDK indexes by are dropped, not fatal.
 */
export function toSnapshot(value: unknown, where: string, fallbackSeq?: number): Snapshot {
  if (!isObject(value)) throw new InvalidStateError(`${where}: expected a snapshot object { seq, flags, canaries, chaosRules }`)
  if (!Array.isArray(value.flags)) throw new InvalidStateError(`${where}: "flags" must be an array`)
  for (const name of ['canaries', 'chaosRules', 'segments'] as const) {
    if (value[name] !== undefined && !Array.isArray(value[name])) throw new InvalidStateError(`${where}: "${name}" must be an array`)
  }
  if (value.seq !== undefined && !isSeq(value.seq)) throw new InvalidStateError(`${where}: "seq" must be a non-negative integer`)
  if (value.environment !== undefined && typeof value.environment !== 'string') throw new InvalidStateError(`${where}: "environment" must be a string`)
  return {
    seq: isSeq(value.seq) ? value.seq : (fallbackSeq ?? 0),
    ...(value.environment === undefined ? {} : { environment: value.environment }),
    flags: value.flags.filter(isFlag),
    canaries: ((value.canaries as unknown[] | undefined) ?? []).filter(isCanary),
    chaosRules: ((value.chaosRules as unknown[] | undefined) ?? []).filter(isChaosRule),
    segments: ((value.segments as unknown[] | undefined) ?? []).filter(isSegment),
  }
}

/** JSON.parse that reports where the text came from instead of a bare SyntaxError. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InvalidStateError(`${where}: not valid JSON (${(err as Error).message})`, { cause: err })
  }
}
