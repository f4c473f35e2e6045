/**
 * Test support: an Unleash client-features state imported through `fromUnleash` and held the
 * way the SDK's store holds state (compiled flags and segments in Maps the flags look up), and
 * Unleash contexts translated to Sluice's (`remoteAddress` is `ip`, `properties` are
 * `attributes`).
 */
import { type CompiledFlag, compileFlag } from '../compile-flag.js'
import { type CompiledSegment, compileSegment } from '../compile-segment.js'
import { fromUnleash, type UnleashImport } from '../from-unleash.js'
import type { AttributeValue, EvaluationContext } from '../types.js'

export interface ImportedState {
  imported: UnleashImport
  flags: Map<string, CompiledFlag>
  segments: Map<string, CompiledSegment>
}

export function importState(body: unknown): ImportedState {
  const imported = fromUnleash(body)
  const state: ImportedState = { imported, flags: new Map(), segments: new Map() }
  for (const segment of imported.segments) state.segments.set(segment.key, compileSegment(segment))
  for (const flag of imported.flags) state.flags.set(flag.key, compileFlag(flag, state))
  return state
}

const TOP_LEVEL = new Set(['userId', 'sessionId', 'appName', 'environment', 'currentTime'])

/** An Unleash context as a Sluice one: the same fields under Sluice's names. */
export function sluiceContext(unleash: Record<string, unknown>): EvaluationContext {
  const ctx: Record<string, unknown> = {}
  const attributes: Record<string, AttributeValue> = {}
  for (const [name, value] of Object.entries(unleash)) {
    if (name === 'properties' && typeof value === 'object' && value !== null) {
      Object.assign(attributes, value)
    } else if (name === 'remoteAddress') {
      ctx.ip = value
    } else if (TOP_LEVEL.has(name)) {
      ctx[name] = value
    } else {
      // Unleash reads any other top-level field as a context field, which Sluice keeps in attributes.
      attributes[name] = value as AttributeValue
    }
  }
  // Unleash's top-level fields win over properties of the same name, as Sluice's do over attributes.
  return { ...ctx, attributes } as EvaluationContext
}
