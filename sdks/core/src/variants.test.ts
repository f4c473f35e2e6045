import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { variantTargetOf } from './bucketing.js'
import { compileFlag } from './compile-flag.js'
import { evaluate, variant } from './evaluate.js'
import type { FlagRules, Variant } from './types.js'

const AB: Variant[] = [
  { key: 'control', weight: 50, payload: { color: 'grey' } },
  { key: 'treatment', weight: 50, payload: { color: 'green' } },
]

function flagWith(variants: Variant[], extra: Partial<FlagRules> = {}): FlagRules {
  return { key: 'experiment', type: 'boolean', enabled: true, variants, ...extra }
}

/** The variant Unleash's walk picks for `value`: first whose cumulative weight reaches the target. */
function expectedKey(groupId: string, value: string, variants: Variant[]): string | undefined {
  const total = variants.reduce((sum, v) => sum + v.weight, 0)
  const target = variantTargetOf(groupId, value, total)
  let cumulative = 0
  for (const v of variants) {
    if (v.weight === 0) continue
    cumulative += v.weight
    if (cumulative >= target) return v.key
  }
  return undefined
}

/** Stickiness values for which a 50/50 split picks different variants, so a test can tell them apart. */
function pairPickingDifferently(groupId: string, variants: Variant[]): [string, string] {
  const first = 'user-0'
  for (let i = 1; ; i++) {
    if (expectedKey(groupId, `user-${i}`, variants) !== expectedKey(groupId, first, variants)) return [first, `user-${i}`]
  }
}

describe('variants', () => {
  it('returns the variant with its payload, with the flag on and its reason', () => {
    const ctx = { userId: 'user-1' }
    const key = expectedKey('experiment', 'user-1', AB)
    const expected = AB.find((v) => v.key === key)!
    expect(evaluate(flagWith(AB), ctx)).toEqual({ enabled: true, variant: { key, payload: expected.payload }, reason: 'default' })
    expect(variant(flagWith(AB), ctx)).toEqual({ key, payload: expected.payload })
    expect(compileFlag(flagWith(AB)).variant(ctx)).toEqual({ key, payload: expected.payload })
  })

  it('omits the payload of a variant that has none', () => {
    const result = variant(flagWith([{ key: 'only', weight: 1 }]), { userId: 'u' })
    expect(result).toEqual({ key: 'only' })
    expect(result && 'payload' in result).toBe(false)
  })

  it('lets an override win over the hash, even for a weight-0 variant', () => {
    const variants: Variant[] = [
      { key: 'control', weight: 100 },
      { key: 'vip', weight: 0, overrides: [{ userIds: ['ceo', 'cto'] }] },
    ]
    expect(variant(flagWith(variants), { userId: 'ceo' })?.key).toBe('vip')
    expect(variant(flagWith(variants), { userId: 'cto', sessionId: 's' })?.key).toBe('vip')
    expect(variant(flagWith(variants), { userId: 'cfo' })?.key).toBe('control')
  })

  it('gives an override listed in two variants to the first', () => {
    const variants: Variant[] = [
      { key: 'a', weight: 1, overrides: [{ userIds: ['x'] }] },
      { key: 'b', weight: 1, overrides: [{ userIds: ['y'] }, { userIds: ['x'] }] },
    ]
    expect(variant(flagWith(variants), { userId: 'x' })?.key).toBe('a')
    expect(variant(flagWith(variants), { userId: 'y' })?.key).toBe('b')
  })

  it('gives no variant to a context the flag is off for', () => {
    const overridden: Variant[] = [{ key: 'vip', weight: 1, overrides: [{ userIds: ['ceo'] }] }]
    const offFor = { userId: 'ceo' }
    expect(evaluate(flagWith(overridden, { enabled: false }), offFor)).toEqual({ enabled: false, reason: 'disabled' })
    expect(evaluate(flagWith(overridden, { type: 'percentage', percentage: 0 }), offFor)).toEqual({
      enabled: false,
      reason: 'out_of_rollout',
    })
    expect(evaluate(flagWith(overridden, { type: 'user_targeting', userIds: ['cfo'] }), offFor)).toEqual({
      enabled: false,
      reason: 'not_targeted',
    })
    expect(variant(flagWith(overridden, { archived: true }), offFor)).toBeUndefined()
    expect(variant(undefined, offFor)).toBeUndefined()
  })

  it('gives a targeted context a variant', () => {
    const flag = flagWith(AB, { type: 'user_targeting', userIds: ['user-1'] })
    expect(evaluate(flag, { userId: 'user-1' })).toMatchObject({ enabled: true, reason: 'targeted' })
    expect(variant(flag, { userId: 'user-1' })?.key).toBe(expectedKey('experiment', 'user-1', AB))
  })

  it('hashes variants in the flag groupId rather than its key', () => {
    let userId = 'user-0'
    for (let i = 1; expectedKey('shared-group', userId, AB) === expectedKey('experiment', userId, AB); i++) userId = `user-${i}`
    const flag = flagWith(AB, { groupId: 'shared-group' })
    expect(variant(flag, { userId })?.key).toBe(expectedKey('shared-group', userId, AB))
  })

  it('sticks to userId, else sessionId, else ip', () => {
    const [a, b] = pairPickingDifferently('experiment', AB)
    const flag = flagWith(AB)
    const keyA = expectedKey('experiment', a, AB)
    const keyB = expectedKey('experiment', b, AB)
    expect(variant(flag, { userId: a, sessionId: b, ip: b })?.key).toBe(keyA)
    expect(variant(flag, { sessionId: a, ip: b })?.key).toBe(keyA)
    expect(variant(flag, { userId: '', sessionId: b, ip: a })?.key).toBe(keyB)
    expect(variant(flag, { ip: a })?.key).toBe(keyA)
    expect(variant(flag, { ip: b })?.key).toBe(keyB)
  })

  it('ignores the rollout stickiness: variants stick to userId even on a flag sticky on an attribute', () => {
    const [a, b] = pairPickingDifferently('experiment', AB)
    const flag = flagWith(AB, { type: 'percentage', percentage: 100, stickiness: 'tenant' })
    expect(variant(flag, { userId: a, attributes: { tenant: b } })?.key).toBe(expectedKey('experiment', a, AB))
  })

  it('draws at random when there is nothing to stick to', () => {
    const flag = compileFlag(flagWith(AB))
    const seen = new Map<string, number>()
    for (let i = 0; i < 2000; i++) {
      const key = flag.variant({})?.key ?? 'none'
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    expect(seen.get('control')).toBeGreaterThan(800)
    expect(seen.get('treatment')).toBeGreaterThan(800)
    expect(seen.has('none')).toBe(false)
  })

  it('never picks a weight-0 variant through the hash', () => {
    const variants: Variant[] = [
      { key: 'zero-first', weight: 0 },
      { key: 'a', weight: 1 },
      { key: 'zero-middle', weight: 0 },
      { key: 'b', weight: 1 },
      { key: 'zero-last', weight: 0 },
    ]
    const flag = compileFlag(flagWith(variants))
    const seen = new Set<string | undefined>()
    for (let i = 0; i < 2000; i++) seen.add(flag.variant({ userId: `user-${i}` })?.key)
    expect(seen).toEqual(new Set(['a', 'b']))
  })

  it('is on with no variant when every weight is 0', () => {
    const flag = flagWith([{ key: 'a', weight: 0 }, { key: 'b', weight: 0, overrides: [{ userIds: ['vip'] }] }])
    expect(evaluate(flag, { userId: 'u' })).toEqual({ enabled: true, reason: 'default' })
    expect(variant(flag, { userId: 'vip' })?.key).toBe('b')
  })

  it('splits 100,000 users within ±1% of the weights', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }),
        (key, weights) => {
          const variants = weights.map((weight, i) => ({ key: `v${i}`, weight }))
          const flag = compileFlag({ key, type: 'boolean', enabled: true, variants })
          const counts = new Map<string, number>()
          for (let i = 0; i < 100_000; i++) {
            const k = flag.variant({ userId: `user-${i}` })!.key
            counts.set(k, (counts.get(k) ?? 0) + 1)
          }
          const total = weights.reduce((a, b) => a + b, 0)
          for (const v of variants) expect(Math.abs((counts.get(v.key) ?? 0) / 100_000 - v.weight / total)).toBeLessThan(0.01)
        },
      ),
      { numRuns: 5 },
    )
  })

  it('hands out payloads callers cannot change for the next caller', () => {
    const payload = { color: 'green', nested: { size: 1 } }
    const flag = compileFlag(flagWith([{ key: 'only', weight: 1, payload }]))
    const got = flag.variant({ userId: 'u' })!.payload as typeof payload
    expect(got).toEqual(payload)
    expect(() => {
      got.nested.size = 2
    }).toThrow(TypeError)
    // The definition's own payload is left alone.
    payload.nested.size = 3
    expect((flag.variant({ userId: 'u' })!.payload as typeof payload).nested.size).toBe(1)
  })
})

describe('variant stickiness on the original flag types', () => {
  it("sticks to the first variant's stickiness field when it names one", () => {
    const flag: FlagRules = {
      key: 'sticky-variants',
      type: 'boolean',
      enabled: true,
      variants: [
        { key: 'a', weight: 1, stickiness: 'orgId' },
        { key: 'b', weight: 1 },
      ],
    }
    const picks = new Set<string | undefined>()
    for (let i = 0; i < 40; i++) {
      const orgId = `org-${i}`
      const first = evaluate(flag, { userId: 'x', attributes: { orgId } }).variant?.key
      expect(evaluate(flag, { userId: 'y', attributes: { orgId } }).variant?.key).toBe(first)
      picks.add(first)
    }
    expect(picks).toEqual(new Set(['a', 'b']))
  })
})
