import { describe, expect, it } from 'vitest'
import { fineBucketOf } from './bucketing.js'
import { type CompiledFlag, compileFlag, type EvaluationLookups } from './compile-flag.js'
import { type CompiledSegment, compileSegment } from './compile-segment.js'
import { evaluate, explain } from './evaluate.js'
import type { Dependency, EvaluationContext, FlagRules, Rule, SegmentRules, Variant } from './types.js'

function rulesFlag(rules: Rule[], extra: Partial<FlagRules> = {}): FlagRules {
  return { key: 'checkout', type: 'rules', enabled: true, rules, ...extra }
}

function state(segments: SegmentRules[] = []): EvaluationLookups & { flags: Map<string, CompiledFlag>; segments: Map<string, CompiledSegment> } {
  return { flags: new Map(), segments: new Map(segments.map((s) => [s.key, compileSegment(s)])) }
}

const pro: Rule = { id: 'pro', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }
const norway: Rule = { id: 'norway', constraints: [{ attribute: 'country', operator: 'IN', values: ['NO'] }] }
const ctx = (attributes: Record<string, string>, rest: EvaluationContext = {}): EvaluationContext => ({ userId: 'u1', ...rest, attributes })

describe('rules flags', () => {
  it('is on when some rule matches, and says which one decided', () => {
    const flag = compileFlag(rulesFlag([pro, norway]))
    expect(flag.evaluate(ctx({ plan: 'pro', country: 'NO' }))).toEqual({ enabled: true, reason: 'rule_match', ruleId: 'pro' })
    expect(flag.evaluate(ctx({ plan: 'free', country: 'NO' }))).toEqual({ enabled: true, reason: 'rule_match', ruleId: 'norway' })
    expect(flag.evaluate(ctx({ plan: 'free', country: 'SE' }))).toEqual({ enabled: false, reason: 'no_rule_matched' })
    expect(flag.isEnabled(ctx({ plan: 'free', country: 'NO' }))).toBe(true)
  })

  it('is off when disabled or archived, whatever the rules say', () => {
    expect(evaluate(rulesFlag([pro], { enabled: false }), ctx({ plan: 'pro' })).reason).toBe('disabled')
    expect(evaluate(rulesFlag([pro], { archived: true }), ctx({ plan: 'pro' })).reason).toBe('archived')
  })

  it("takes the first matching rule's variants, else the flag's", () => {
    const ruleVariants: Variant[] = [{ key: 'blue', weight: 1, payload: { color: 'blue' } }]
    const flagVariants: Variant[] = [{ key: 'control', weight: 1 }]
    const flag = compileFlag(rulesFlag([{ ...pro, variants: ruleVariants }, norway], { variants: flagVariants }))
    expect(flag.evaluate(ctx({ plan: 'pro', country: 'NO' }))).toEqual({ enabled: true, reason: 'rule_match', ruleId: 'pro', variant: { key: 'blue', payload: { color: 'blue' } } })
    expect(flag.variant(ctx({ plan: 'free', country: 'NO' }))).toEqual({ key: 'control' })
    expect(flag.variant(ctx({ plan: 'free', country: 'SE' }))).toBeUndefined()
  })

  it("falls back to the flag's variants when the rule's weigh nothing, as Unleash does", () => {
    const flag = compileFlag(rulesFlag([{ ...pro, variants: [{ key: 'never', weight: 0 }] }], { variants: [{ key: 'control', weight: 1 }] }))
    expect(flag.variant(ctx({ plan: 'pro' }))).toEqual({ key: 'control' })
  })

  it('assigns variants by the first variant’s stickiness, with overrides by userId first', () => {
    const variants: Variant[] = [
      { key: 'a', weight: 50, stickiness: 'sessionId', overrides: [{ userIds: ['vip'] }] },
      { key: 'b', weight: 50 },
    ]
    const flag = compileFlag(rulesFlag([{ id: 'all', variants }]))
    // Sticky on sessionId: the same session gets the same variant whoever the user is.
    for (const sessionId of ['s1', 's2', 's3', 's4', 's5']) {
      expect(flag.variant({ userId: 'x', sessionId })).toEqual(flag.variant({ userId: 'y', sessionId }))
    }
    expect(flag.variant({ userId: 'vip', sessionId: 's1' })).toEqual({ key: 'a' })
    const seen = new Set(Array.from({ length: 50 }, (_, i) => flag.variant({ sessionId: `s${i}` })?.key))
    expect(seen).toEqual(new Set(['a', 'b']))
  })

  it('rolls a rule out by the DESIGN §5 bucket of its groupId and stickiness', () => {
    const flag = compileFlag(rulesFlag([{ id: 'half', rollout: 50, groupId: 'g' }]))
    for (let i = 0; i < 200; i++) {
      const userId = `user-${i}`
      expect(flag.isEnabled({ userId })).toBe(fineBucketOf('g', userId) <= 5000)
    }
    const byKey = compileFlag(rulesFlag([{ id: 'half', rollout: 50 }]))
    for (let i = 0; i < 50; i++) expect(byKey.isEnabled({ userId: `user-${i}` })).toBe(fineBucketOf('checkout', `user-${i}`) <= 5000)
  })

  it('turns off a context without the named stickiness field, even at 100%', () => {
    const flag = compileFlag(rulesFlag([{ id: 'by-org', stickiness: 'orgId' }]))
    expect(flag.isEnabled({ userId: 'u1' })).toBe(false)
    expect(flag.isEnabled({ attributes: { orgId: 'acme' } })).toBe(true)
    const zero = compileFlag(rulesFlag([{ id: 'none', rollout: 0 }]))
    expect(zero.isEnabled({ userId: 'u1' })).toBe(false)
  })

  it('matches a segment only when all its constraints hold, and not at all when it is missing', () => {
    const lookups = state([{ key: 'beta', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }, { attribute: 'country', operator: 'IN', values: ['NO'] }] }])
    const flag = compileFlag(rulesFlag([{ id: 'beta', segments: ['beta'] }]), lookups)
    expect(flag.isEnabled(ctx({ plan: 'pro', country: 'NO' }))).toBe(true)
    expect(flag.isEnabled(ctx({ plan: 'pro', country: 'SE' }))).toBe(false)
    lookups.segments.delete('beta')
    expect(flag.evaluate(ctx({ plan: 'pro', country: 'NO' })).reason).toBe('no_rule_matched')
  })

  it('sees a new version of a segment without being recompiled', () => {
    const lookups = state([{ key: 'beta', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }])
    const flag = compileFlag(rulesFlag([{ id: 'beta', segments: ['beta'] }]), lookups)
    expect(flag.isEnabled(ctx({ plan: 'free' }))).toBe(false)
    lookups.segments.set('beta', compileSegment({ key: 'beta', constraints: [{ attribute: 'plan', operator: 'IN', values: ['free'] }] }))
    expect(flag.isEnabled(ctx({ plan: 'free' }))).toBe(true)
  })

  describe('dependencies', () => {
    function withParent(parent: FlagRules, dependencies: Dependency[]): CompiledFlag {
      const lookups = state()
      lookups.flags.set(parent.key, compileFlag(parent, lookups))
      const child = compileFlag(rulesFlag([{ id: 'all' }], { key: 'child', dependencies }), lookups)
      lookups.flags.set('child', child)
      return child
    }
    const parent = rulesFlag([pro], { key: 'parent', variants: [{ key: 'x', weight: 1 }] })

    it('hold when the parent is on for the same context', () => {
      const child = withParent(parent, [{ flag: 'parent' }])
      expect(child.evaluate(ctx({ plan: 'pro' }))).toEqual({ enabled: true, reason: 'rule_match', ruleId: 'all' })
      expect(child.evaluate(ctx({ plan: 'free' }))).toEqual({ enabled: false, reason: 'dependency_failed' })
    })

    it('with enabled: false, hold when the parent is off', () => {
      const child = withParent(parent, [{ flag: 'parent', enabled: false }])
      expect(child.isEnabled(ctx({ plan: 'free' }))).toBe(true)
      expect(child.isEnabled(ctx({ plan: 'pro' }))).toBe(false)
    })

    it('with variants, hold when the parent gives one of them', () => {
      expect(withParent(parent, [{ flag: 'parent', variants: ['x'] }]).isEnabled(ctx({ plan: 'pro' }))).toBe(true)
      expect(withParent(parent, [{ flag: 'parent', variants: ['y'] }]).isEnabled(ctx({ plan: 'pro' }))).toBe(false)
    })

    it('fail for a missing or archived parent, or a parent with dependencies of its own', () => {
      expect(withParent(parent, [{ flag: 'nope' }]).isEnabled(ctx({ plan: 'pro' }))).toBe(false)
      expect(withParent(parent, [{ flag: 'nope', enabled: false }]).isEnabled(ctx({ plan: 'pro' }))).toBe(false)
      expect(withParent({ ...parent, archived: true }, [{ flag: 'parent', enabled: false }]).isEnabled(ctx({ plan: 'pro' }))).toBe(false)
      const grandchild = withParent({ ...parent, dependencies: [{ flag: 'other' }] }, [{ flag: 'parent', enabled: false }])
      expect(grandchild.isEnabled(ctx({ plan: 'free' }))).toBe(false)
    })

    it('do not loop when a flag names itself', () => {
      const lookups = state()
      const self = compileFlag(rulesFlag([{ id: 'all' }], { key: 'self', dependencies: [{ flag: 'self' }] }), lookups)
      lookups.flags.set('self', self)
      expect(self.evaluate({}).reason).toBe('dependency_failed')
    })
  })

  it('explains which rule decided, or the first thing that failed in each rule', () => {
    const lookups = state([{ key: 'nordics', constraints: [{ attribute: 'country', operator: 'IN', values: ['NO', 'SE'] }] }])
    const flag = rulesFlag([
      { id: 'pro', name: 'Pro users', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }, { attribute: 'age', operator: 'NUM_GTE', value: '18' }] },
      { id: 'nordic', segments: ['nordics', 'gone'] },
      { id: 'never', rollout: 0 },
      { id: 'everyone' },
    ])
    expect(explain(flag, ctx({ plan: 'pro', age: '12', country: 'NO' }), lookups)).toEqual({
      enabled: true,
      reason: 'rule_match',
      ruleId: 'everyone',
      rules: [
        { id: 'pro', name: 'Pro users', matched: false, failed: { kind: 'constraint', index: 1, attribute: 'age', operator: 'NUM_GTE' } },
        { id: 'nordic', matched: false, failed: { kind: 'segment', segment: 'gone', found: false } },
        { id: 'never', matched: false, failed: { kind: 'rollout', rollout: 0 } },
        { id: 'everyone', matched: true },
      ],
    })
    const segmentFailure = explain(rulesFlag([{ id: 'nordic', segments: ['nordics'] }]), ctx({ country: 'DE' }), lookups)
    expect(segmentFailure.rules?.[0]?.failed).toEqual({ kind: 'segment', segment: 'nordics', found: true, index: 0, attribute: 'country', operator: 'IN' })
    expect(segmentFailure.reason).toBe('no_rule_matched')
  })

  it('explains a failed dependency', () => {
    const lookups = state()
    const child = rulesFlag([{ id: 'all' }], { key: 'child', dependencies: [{ flag: 'parent' }] })
    expect(explain(child, {}, lookups)).toEqual({ enabled: false, reason: 'dependency_failed', dependencies: [{ flag: 'parent', held: false }] })
  })

  it('returns the same frozen result every time rather than building one', () => {
    const flag = compileFlag(rulesFlag([{ ...pro, variants: [{ key: 'a', weight: 1 }] }]))
    const first = flag.evaluate(ctx({ plan: 'pro' }))
    expect(Object.isFrozen(first)).toBe(true)
    expect(flag.evaluate(ctx({ plan: 'pro' }))).toBe(first)
    expect(flag.evaluate(ctx({ plan: 'free' }))).toBe(flag.evaluate(ctx({ plan: 'basic' })))
  })

  it('compiles a malformed definition to an always-off flag with reason error, and never throws', () => {
    const malformed = [
      rulesFlag('nope' as never),
      rulesFlag([{ id: 'r', rollout: 'half' as never }]),
      rulesFlag([{ id: 'r', segments: 'beta' as never }]),
      rulesFlag([{ id: 'r', variants: [{ key: '', weight: 1 }] }]),
      rulesFlag([{ id: 'r' }], { dependencies: 'parent' as never }),
    ]
    for (const flag of malformed) expect(evaluate(flag, { userId: 'u' })).toEqual({ enabled: false, reason: 'error' })
    const hostile = new Proxy({}, { get: () => { throw new Error('boom') } }) as EvaluationContext
    const flag = compileFlag(rulesFlag([pro, { id: 'half', rollout: 50 }]))
    expect(flag.evaluate(hostile)).toEqual({ enabled: false, reason: 'error' })
    expect(flag.isEnabled(hostile)).toBe(false)
    expect(flag.explain(hostile).reason).toBe('error')
  })

  it('turns off a rule with an operator it does not know, and keeps the others', () => {
    const flag = compileFlag(rulesFlag([{ id: 'future', constraints: [{ attribute: 'plan', operator: 'GEO_WITHIN' as never, value: 'x', inverted: true }] }, norway]))
    expect(flag.evaluate(ctx({ plan: 'pro', country: 'NO' })).ruleId).toBe('norway')
    expect(flag.isEnabled(ctx({ plan: 'pro', country: 'SE' }))).toBe(false)
  })
})
