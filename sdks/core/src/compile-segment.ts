/**
 * A segment compiled once per version: its constraints, all of which must hold. Rules name
 * segments by key and look them up when they evaluate (see compile-rules-flag.ts), so a new
 * version of a segment reaches every flag that uses it, and only those, by replacing one
 * entry in the map the flags were compiled with.
 */
import { type CompiledConstraint, compileConstraint, type ConstraintTest } from './compile-constraint.js'
import type { SegmentRules } from './types.js'

export interface CompiledSegment {
  /** The definition this was compiled from. */
  readonly segment: SegmentRules
  readonly constraints: readonly CompiledConstraint[]
  /** Whether every constraint holds for `ctx`. */
  matches(ctx: unknown): boolean
}

/** Compiles a list of constraints into one test that holds when all do (and for an empty list). */
export function allOf(constraints: readonly CompiledConstraint[]): ConstraintTest {
  const tests = constraints.map((c) => c.test)
  const n = tests.length
  // Up to four, one call site per test, so that each stays monomorphic and can be inlined.
  const [a, b, c, d] = tests
  if (n === 0) return () => true
  if (n === 1) return a!
  if (n === 2) return (ctx) => a!(ctx) && b!(ctx)
  if (n === 3) return (ctx) => a!(ctx) && b!(ctx) && c!(ctx)
  if (n === 4) return (ctx) => a!(ctx) && b!(ctx) && c!(ctx) && d!(ctx)
  return (ctx) => {
    for (let i = 0; i < n; i++) if (!tests[i]!(ctx)) return false
    return true
  }
}

/** Compiles a segment. Never throws: a segment whose constraints are not a list never matches. */
export function compileSegment(segment: SegmentRules): CompiledSegment {
  let constraints: CompiledConstraint[] | undefined
  try {
    const list: unknown = segment?.constraints
    constraints = Array.isArray(list) ? list.map(compileConstraint) : list == null ? [] : undefined
  } catch {
    constraints = undefined
  }
  if (constraints === undefined) return { segment, constraints: [], matches: () => false }
  return { segment, constraints, matches: allOf(constraints) }
}
