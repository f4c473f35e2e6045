/**
 * Every flag of an environment compiled by @sluice/core, with the segments and parent flags
 * `rules` flags look up, as this replica's state holds them: what OFREP answers are computed
 * from, in memory, as an SDK would compute them. Compiled once per change to the environment
 * (its seq moves) and shared by every request until the next one, so a bulk evaluation costs
 * evaluations only, never compilation or a query.
 */
import { type CompiledFlag, type CompiledSegment, compileFlag, compileSegment } from '@sluice/core'
import type { ReplicaState } from '../stream/replica-state.js'

export interface CompiledEnvironment {
  seq: number
  flags: ReadonlyMap<string, CompiledFlag>
  /** Flags that are not archived, by key: what a bulk evaluation answers for. */
  live: readonly CompiledFlag[]
}

export class EvaluationIndex {
  private readonly compiled = new Map<string, CompiledEnvironment>()

  constructor(private readonly state: ReplicaState) {}

  of(environment: string): CompiledEnvironment {
    const { seq, flags, segments } = this.state.evaluationState(environment)
    const held = this.compiled.get(environment)
    if (held?.seq === seq) return held
    const lookups = { flags: new Map<string, CompiledFlag>(), segments: new Map<string, CompiledSegment>() }
    for (const [key, segment] of segments) lookups.segments.set(key, compileSegment(segment))
    for (const [key, flag] of flags) lookups.flags.set(key, compileFlag(flag, lookups))
    const live = [...lookups.flags.values()].filter((compiled) => !compiled.flag.archived).sort((a, b) => (a.flag.key < b.flag.key ? -1 : 1))
    const fresh = { seq, flags: lookups.flags, live }
    this.compiled.set(environment, fresh)
    return fresh
  }
}
