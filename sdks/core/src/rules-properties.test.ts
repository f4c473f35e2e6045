/**
 * Properties of rules flags over generated inputs (fast-check): ramping a rule's rollout never
 * turns anyone off, and editing a segment changes the answers of exactly the flags that use it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CompiledFlag, compileFlag } from './compile-flag.js'
import { type CompiledSegment, compileSegment } from './compile-segment.js'
import type { Constraint, EvaluationContext, FlagRules, SegmentDefinition } from './types.js'

const PLANS = ['free', 'pro', 'enterprise']
const COUNTRIES = ['NO', 'SE', 'DE', 'US']

const percentage = fc.integer({ min: 0, max: 10000 }).map((n) => n / 100)

/** A context with something to stick to (userId or sessionId), so every answer is deterministic. */
const context: fc.Arbitrary<EvaluationContext> = fc.record({
  userId: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
  sessionId: fc.string({ minLength: 1, maxLength: 12 }),
  attributes: fc.record({ plan: fc.constantFrom(...PLANS), country: fc.constantFrom(...COUNTRIES) }),
})

const constraint: fc.Arbitrary<Constraint> = fc.oneof(
  fc.record({
    attribute: fc.constant('plan'),
    operator: fc.constantFrom('IN' as const, 'NOT_IN' as const),
    values: fc.subarray(PLANS, { minLength: 1 }),
  }),
  fc.record({
    attribute: fc.constant('country'),
    operator: fc.constant('IN' as const),
    values: fc.subarray(COUNTRIES, { minLength: 1 }),
    inverted: fc.boolean(),
  }),
)

function rulesFlag(key: string, rule: Record<string, unknown>): FlagRules {
  return { key, type: 'rules', enabled: true, rules: [{ id: 'r1', ...rule }] } as FlagRules
}

describe('rules flag properties', () => {
  it('ramps a rule monotonically: on at some rollout, on at every higher one', () => {
    fc.assert(
      fc.property(
        fc.array(context, { minLength: 1, maxLength: 20 }),
        percentage,
        percentage,
        fc.constantFrom('default', 'userId', 'sessionId', 'plan'),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        (contexts, a, b, stickiness, groupId) => {
          const [low, high] = a <= b ? [a, b] : [b, a]
          const rule = { stickiness, ...(groupId === undefined ? {} : { groupId }), constraints: [{ attribute: 'plan', operator: 'IN', values: PLANS }] }
          const lower = compileFlag(rulesFlag('ramp', { ...rule, rollout: low }))
          const higher = compileFlag(rulesFlag('ramp', { ...rule, rollout: high }))
          for (const ctx of contexts) {
            if (lower.isEnabled(ctx)) expect(higher.isEnabled(ctx)).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a segment edit changes answers for exactly the flags that use it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(constraint, { maxLength: 2 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.record({ segment: fc.constantFrom('edited', 'other', undefined), constraints: fc.array(constraint, { maxLength: 1 }), rollout: fc.constantFrom(100, 50) }), { minLength: 1, maxLength: 12 }),
        fc.array(context, { minLength: 5, maxLength: 30 }),
        ([edited, editedAfter, other], specs, contexts) => {
          const before: SegmentDefinition[] = [
            { key: 'edited', name: 'Edited', constraints: edited! },
            { key: 'other', name: 'Other', constraints: other! },
          ]
          const segments = new Map<string, CompiledSegment>(before.map((s) => [s.key, compileSegment(s)]))
          const flags = new Map<string, CompiledFlag>()
          const lookups = { segments, flags }
          specs.forEach((spec, i) => {
            const rule = { constraints: spec.constraints, rollout: spec.rollout, ...(spec.segment ? { segments: [spec.segment] } : {}) }
            flags.set(`f${i}`, compileFlag(rulesFlag(`f${i}`, rule), lookups))
          })
          const answers = (): string[][] => [...flags.values()].map((f) => contexts.map((ctx) => JSON.stringify(f.evaluate(ctx))))
          const old = answers()

          // The edit: one entry of the map replaced, as the SDK's store does on `segment.upserted`.
          const after: SegmentDefinition = { key: 'edited', name: 'Edited', constraints: editedAfter! }
          segments.set('edited', compileSegment(after))
          const now = answers()

          // What a state built from scratch with the new segment answers.
          const freshSegments = new Map([...segments])
          const freshLookups = { segments: freshSegments, flags: new Map<string, CompiledFlag>() }
          const fresh = specs.map((spec, i) => compileFlag(flags.get(`f${i}`)!.flag, freshLookups))

          specs.forEach((spec, i) => {
            if (spec.segment !== 'edited') expect(now[i]).toEqual(old[i])
            expect(now[i]).toEqual(contexts.map((ctx) => JSON.stringify(fresh[i]!.evaluate(ctx))))
          })
          // A flag whose only condition is the segment answers as the segment does.
          const segment = segments.get('edited')!
          for (const ctx of contexts) {
            const probe = compileFlag(rulesFlag('probe', { segments: ['edited'] }), lookups)
            expect(probe.isEnabled(ctx)).toBe(segment.matches(ctx))
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
