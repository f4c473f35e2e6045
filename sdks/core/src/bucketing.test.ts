import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bucketOf, fineBucketOf, variantTargetOf } from './bucketing.js'
import { compileFlag } from './compile-flag.js'
import { InvalidArgumentError } from './errors.js'
import { evaluate } from './evaluate.js'
import type { EvaluationContext, FlagRules } from './types.js'

function rollout(key: string, percentage: number, extra: Partial<FlagRules> = {}): FlagRules {
  return { key, type: 'percentage', enabled: true, percentage, ...extra }
}

const flagKey = fc.string({ minLength: 1, maxLength: 30 })
const id = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }))
/** Any percentage Sluice accepts: 0–100 in steps of 0.01. */
const percentage = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100)

describe('percentage rollouts', () => {
  it('ramps monotonically: once on at some percentage, on at every higher one', () => {
    fc.assert(
      fc.property(flagKey, id, fc.array(percentage, { minLength: 2, maxLength: 20 }), (key, userId, steps) => {
        const ramp = [...steps].sort((a, b) => a - b)
        let wasOn = false
        for (const p of ramp) {
          const on = evaluate(rollout(key, p), { userId }).enabled
          if (wasOn) expect(on).toBe(true)
          wasOn = on
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('takes, at a whole percentage, exactly the buckets 1..P of the Unleash rule', () => {
    fc.assert(
      fc.property(flagKey, id, fc.integer({ min: 0, max: 100 }), (key, userId, p) => {
        const unleashRule = p > 0 && bucketOf(key, userId) <= p
        expect(evaluate(rollout(key, p), { userId }).enabled).toBe(unleashRule)
      }),
      { numRuns: 5000 },
    )
  })

  it('takes, at two decimals, exactly the fine buckets 1..round(P * 100)', () => {
    fc.assert(
      fc.property(flagKey, id, percentage, (key, userId, p) => {
        expect(evaluate(rollout(key, p), { userId }).enabled).toBe(fineBucketOf(key, userId) <= Math.round(p * 100))
      }),
      { numRuns: 5000 },
    )
  })

  it('keeps the whole-percent bucket as the high part of the fine bucket', () => {
    fc.assert(
      fc.property(flagKey, id, (groupId, userId) => {
        expect(Math.ceil(fineBucketOf(groupId, userId) / 100)).toBe(bucketOf(groupId, userId))
      }),
    )
  })

  it('lands a 25% rollout within ±1% over 100,000 users', () => {
    fc.assert(
      fc.property(flagKey, (key) => {
        const flag = compileFlag(rollout(key, 25))
        let on = 0
        for (let i = 0; i < 100_000; i++) if (flag.isEnabled({ userId: `user-${i}` })) on++
        expect(Math.abs(on / 100_000 - 0.25)).toBeLessThan(0.01)
      }),
      { numRuns: 5 },
    )
  })

  it('lands a decimal rollout (12.34%) within ±0.5% over 100,000 users', () => {
    const flag = compileFlag(rollout('decimal-rollout', 12.34))
    let on = 0
    for (let i = 0; i < 100_000; i++) if (flag.isEnabled({ userId: `u${i}@example.com` })) on++
    expect(Math.abs(on / 100_000 - 0.1234)).toBeLessThan(0.005)
  })

  it('picks independent cohorts for flags with different keys: two 50% rollouts overlap on about 25%', () => {
    fc.assert(
      fc.property(flagKey, flagKey, (a, b) => {
        fc.pre(a !== b)
        const first = compileFlag(rollout(a, 50))
        const second = compileFlag(rollout(b, 50))
        const users = 20_000
        let both = 0
        for (let i = 0; i < users; i++) {
          const ctx = { userId: `user-${i}` }
          if (first.isEnabled(ctx) && second.isEnabled(ctx)) both++
        }
        // Five standard deviations of a binomial(20000, 0.25) share.
        expect(Math.abs(both / users - 0.25)).toBeLessThan(0.016)
      }),
      { numRuns: 10 },
    )
  })

  it('gives flags sharing a groupId the same cohort', () => {
    const a = compileFlag(rollout('checkout-a', 30, { groupId: 'checkout' }))
    const b = compileFlag(rollout('checkout-b', 30, { groupId: 'checkout' }))
    const c = compileFlag(rollout('checkout-c', 30))
    let differsFromC = 0
    for (let i = 0; i < 2000; i++) {
      const ctx = { userId: `user-${i}` }
      expect(a.isEnabled(ctx)).toBe(b.isEnabled(ctx))
      if (a.isEnabled(ctx) !== c.isEnabled(ctx)) differsFromC++
    }
    expect(differsFromC).toBeGreaterThan(500)
  })

  const noStickiness = fc.record(
    { ip: fc.option(fc.ipV4(), { nil: undefined }), userId: fc.constant(''), attributes: fc.dictionary(fc.string(), fc.string()) },
    { requiredKeys: [] },
  )

  it('is always off at 0% and always on at 100%, with or without anything to stick to', () => {
    fc.assert(
      fc.property(flagKey, fc.oneof(noStickiness, fc.record({ userId: id }), fc.record({ sessionId: id })), (key, ctx) => {
        expect(evaluate(rollout(key, 0), ctx)).toEqual({ enabled: false, reason: 'out_of_rollout' })
        expect(evaluate(rollout(key, 100), ctx)).toEqual({ enabled: true, reason: 'rollout' })
      }),
      { numRuns: 2000 },
    )
    expect(evaluate(rollout('k', 0)).enabled).toBe(false)
    expect(evaluate(rollout('k', 100)).enabled).toBe(true)
  })

  it('draws at random per evaluation when the context has neither userId nor sessionId', () => {
    const flag = compileFlag(rollout('random-draw', 30))
    let on = 0
    for (let i = 0; i < 20_000; i++) if (flag.isEnabled({ ip: '10.0.0.1' })) on++
    expect(on / 20_000).toBeGreaterThan(0.27)
    expect(on / 20_000).toBeLessThan(0.33)
  })
})

describe('stickiness', () => {
  const groupId = 'sticky-group'
  const at = (p: number, stickiness?: string) => rollout('sticky-flag', p, { groupId, stickiness: stickiness ?? null })
  /** The lowest whole percentage that turns `value` on, so the tests can sit just on either side of it. */
  const edge = (value: string) => bucketOf(groupId, value)

  it('defaults to userId, then sessionId', () => {
    const ctx: EvaluationContext = { userId: 'user-7', sessionId: 'session-9' }
    expect(evaluate(at(edge('user-7')), ctx).enabled).toBe(true)
    expect(evaluate(at(edge('user-7') - 1), ctx).enabled).toBe(false)
    const sessionOnly = { sessionId: 'session-9', ip: '10.0.0.1' }
    expect(evaluate(at(edge('session-9')), sessionOnly).enabled).toBe(true)
    expect(evaluate(at(edge('session-9') - 1), sessionOnly).enabled).toBe(false)
    // An empty userId counts as absent, as in Unleash.
    expect(evaluate(at(edge('session-9')), { userId: '', sessionId: 'session-9' }).enabled).toBe(true)
    expect(evaluate(at(edge('session-9') - 1), { userId: '', sessionId: 'session-9' }).enabled).toBe(false)
  })

  it('treats `default` like no stickiness', () => {
    expect(evaluate(at(edge('u1'), 'default'), { userId: 'u1' }).enabled).toBe(true)
    expect(evaluate(at(edge('u1') - 1, 'default'), { userId: 'u1' }).enabled).toBe(false)
  })

  it.each<[string, EvaluationContext, string]>([
    ['userId', { userId: 'user-3', sessionId: 's' }, 'user-3'],
    ['sessionId', { userId: 'user-3', sessionId: 'session-3' }, 'session-3'],
    ['ip', { userId: 'user-3', ip: '203.0.113.9' }, '203.0.113.9'],
    ['tenantId', { userId: 'user-3', attributes: { tenantId: 'acme' } }, 'acme'],
    ['seats', { userId: 'user-3', attributes: { seats: 42 } }, '42'],
    ['beta', { userId: 'user-3', attributes: { beta: true } }, 'true'],
  ])('sticks to %s when the flag names it', (stickiness, ctx, value) => {
    expect(evaluate(at(edge(value), stickiness), ctx)).toEqual({ enabled: true, reason: 'rollout' })
    expect(evaluate(at(edge(value) - 1, stickiness), ctx)).toEqual({ enabled: false, reason: 'out_of_rollout' })
  })

  it.each<[string, EvaluationContext | undefined]>([
    ['sessionId', { userId: 'user-3' }],
    ['userId', { sessionId: 's', userId: '' }],
    ['ip', { userId: 'user-3' }],
    ['tenantId', { userId: 'user-3' }],
    ['tenantId', { userId: 'user-3', attributes: { other: 'x' } }],
    ['tenantId', { attributes: { tenantId: '' } }],
    ['toString', { attributes: {} }],
    ['tenantId', undefined],
  ])('is off with missing_stickiness when the context lacks %s, even at 100%%', (stickiness, ctx) => {
    expect(evaluate(at(100, stickiness), ctx)).toEqual({ enabled: false, reason: 'missing_stickiness' })
    expect(compileFlag(at(100, stickiness)).isEnabled(ctx)).toBe(false)
  })
})

describe('bucket helpers', () => {
  it('reject arguments that are not what they hash, naming the argument', () => {
    expect(() => bucketOf(undefined as never, 'u')).toThrow(new InvalidArgumentError('groupId', 'a string', undefined))
    expect(() => fineBucketOf('g', 42 as never)).toThrow('stickinessValue must be a string, got 42')
    expect(() => variantTargetOf('g', 'u', 0)).toThrow('totalWeight must be a positive integer, got 0')
    try {
      bucketOf('g', null as never)
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError)
      expect((error as InvalidArgumentError).code).toBe('SLUICE_INVALID_ARGUMENT')
    }
    expect.assertions(5)
  })
})
