import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileFlag } from './compile-flag.js'
import { canarySide, evaluate, isEnabled, variant } from './evaluate.js'
import type { Evaluation, EvaluationContext, FlagRules, Reason } from './types.js'

const REASONS: Reason[] = [
  'not_found',
  'archived',
  'disabled',
  'default',
  'rollout',
  'out_of_rollout',
  'missing_stickiness',
  'targeted',
  'not_targeted',
  'error',
]

const boolean: FlagRules = { key: 'kill-switch', type: 'boolean', enabled: true }
const users: FlagRules = { key: 'beta', type: 'user_targeting', enabled: true, userIds: ['alice', 'bob', '42'] }
const office: FlagRules = {
  key: 'office',
  type: 'ip_targeting',
  enabled: true,
  ips: ['203.0.113.0/24', '198.51.100.7', '2001:db8:abcd::/48', '::ffff:192.0.2.1'],
}

describe('evaluate', () => {
  it('is off with not_found for an unknown (undefined) flag', () => {
    expect(evaluate(undefined, { userId: 'u' })).toEqual({ enabled: false, reason: 'not_found' })
    expect(isEnabled(undefined, { userId: 'u' })).toBe(false)
  })

  it('turns an enabled boolean flag on for everyone, even with no context', () => {
    expect(evaluate(boolean, { userId: 'u' })).toEqual({ enabled: true, reason: 'default' })
    expect(evaluate(boolean)).toEqual({ enabled: true, reason: 'default' })
  })

  it('reports disabled and archived flags, archived first', () => {
    expect(evaluate({ ...boolean, enabled: false })).toEqual({ enabled: false, reason: 'disabled' })
    expect(evaluate({ ...boolean, archived: true })).toEqual({ enabled: false, reason: 'archived' })
    expect(evaluate({ ...boolean, enabled: false, archived: true })).toEqual({ enabled: false, reason: 'archived' })
    expect(evaluate({ ...users, enabled: false }, { userId: 'alice' })).toEqual({ enabled: false, reason: 'disabled' })
  })

  it('targets users by userId', () => {
    expect(evaluate(users, { userId: 'alice' })).toEqual({ enabled: true, reason: 'targeted' })
    expect(evaluate(users, { userId: 'carol' })).toEqual({ enabled: false, reason: 'not_targeted' })
    expect(evaluate(users, { sessionId: 'alice' })).toEqual({ enabled: false, reason: 'not_targeted' })
    expect(evaluate(users)).toEqual({ enabled: false, reason: 'not_targeted' })
    expect(evaluate(users, { userId: 'ALICE' }).enabled).toBe(false)
    // A numeric id is compared as its string, as Unleash compares context values.
    expect(evaluate(users, { userId: 42 as never }).enabled).toBe(true)
    expect(evaluate({ ...users, userIds: null }, { userId: 'alice' }).enabled).toBe(false)
  })

  it('targets IPs by address and CIDR range, IPv4, IPv6 and IPv4-mapped', () => {
    for (const ip of ['203.0.113.77', '198.51.100.7', '2001:db8:abcd:12::1', '::ffff:203.0.113.5', '192.0.2.1']) {
      expect(evaluate(office, { ip })).toEqual({ enabled: true, reason: 'targeted' })
    }
    for (const ip of ['203.0.114.1', '198.51.100.8', '2001:db8:abce::1', '192.0.2.2', 'garbage', '']) {
      expect(evaluate(office, { ip })).toEqual({ enabled: false, reason: 'not_targeted' })
    }
    expect(evaluate(office, { userId: 'u' })).toEqual({ enabled: false, reason: 'not_targeted' })
  })

  it('returns frozen results, so one caller cannot change what the next is told', () => {
    const first = evaluate(boolean)
    expect(Object.isFrozen(first)).toBe(true)
    expect(() => {
      ;(first as { enabled: boolean }).enabled = false
    }).toThrow(TypeError)
    expect(evaluate(boolean).enabled).toBe(true)
  })

  it('sees edits to a flag object it has already evaluated', () => {
    const flag: FlagRules = { key: 'ramp', type: 'percentage', enabled: true, percentage: 0 }
    expect(isEnabled(flag, { userId: 'u' })).toBe(false)
    flag.percentage = 100
    expect(isEnabled(flag, { userId: 'u' })).toBe(true)
    flag.enabled = false
    expect(evaluate(flag, { userId: 'u' }).reason).toBe('disabled')
    const list: FlagRules = { key: 'list', type: 'user_targeting', enabled: true, userIds: ['a'] }
    expect(isEnabled(list, { userId: 'b' })).toBe(false)
    list.userIds!.push('b')
    expect(isEnabled(list, { userId: 'b' })).toBe(true)
  })

  it('answers like the compiled flag', () => {
    const flags: FlagRules[] = [boolean, users, office, { key: 'p', type: 'percentage', enabled: true, percentage: 37.5 }]
    for (const flag of flags) {
      const compiled = compileFlag(flag)
      expect(compiled.flag).toBe(flag)
      for (let i = 0; i < 200; i++) {
        const ctx = { userId: i % 3 === 0 ? 'alice' : `user-${i}`, ip: `203.0.${112 + (i % 3)}.${i}` }
        expect(compiled.evaluate(ctx)).toEqual(evaluate(flag, ctx))
        expect(compiled.isEnabled(ctx)).toBe(evaluate(flag, ctx).enabled)
      }
    }
  })
})

describe('malformed flag definitions', () => {
  const base = { key: 'k', enabled: true }
  it.each<[string, unknown]>([
    ['a string', 'flag'],
    ['a number', 7],
    ['an array', []],
    ['no key', { type: 'boolean', enabled: true }],
    ['an empty key', { ...base, key: '', type: 'boolean' }],
    ['an unknown type', { ...base, type: 'gradual' }],
    ['no type', { ...base }],
    ['enabled not a boolean', { key: 'k', type: 'boolean', enabled: 'yes' }],
    ['enabled missing', { key: 'k', type: 'boolean' }],
    ['archived not a boolean', { ...base, type: 'boolean', archived: 'no' }],
    ['a percentage missing', { ...base, type: 'percentage' }],
    ['a percentage as a string', { ...base, type: 'percentage', percentage: '50' }],
    ['a percentage below 0', { ...base, type: 'percentage', percentage: -1 }],
    ['a percentage above 100', { ...base, type: 'percentage', percentage: 100.5 }],
    ['a NaN percentage', { ...base, type: 'percentage', percentage: Number.NaN }],
    ['a numeric groupId', { ...base, type: 'percentage', percentage: 5, groupId: 5 }],
    ['a numeric stickiness', { ...base, type: 'percentage', percentage: 5, stickiness: 1 }],
    ['userIds not an array', { ...base, type: 'user_targeting', userIds: 'alice' }],
    ['a userId not a string', { ...base, type: 'user_targeting', userIds: ['alice', 7] }],
    ['ips not an array', { ...base, type: 'ip_targeting', ips: '10.0.0.1' }],
    ['a malformed ip entry', { ...base, type: 'ip_targeting', ips: ['10.0.0.1', '10.0.0.0/33'] }],
    ['variants not an array', { ...base, type: 'boolean', variants: {} }],
    ['a variant without key', { ...base, type: 'boolean', variants: [{ weight: 1 }] }],
    ['a negative weight', { ...base, type: 'boolean', variants: [{ key: 'a', weight: -1 }] }],
    ['a fractional weight', { ...base, type: 'boolean', variants: [{ key: 'a', weight: 0.5 }] }],
    ['a string weight', { ...base, type: 'boolean', variants: [{ key: 'a', weight: '1' }] }],
    ['overrides not an array', { ...base, type: 'boolean', variants: [{ key: 'a', weight: 1, overrides: {} }] }],
    ['override userIds not strings', { ...base, type: 'boolean', variants: [{ key: 'a', weight: 1, overrides: [{ userIds: [1] }] }] }],
  ])('is off with reason error for %s', (_, flag) => {
    const ctx: EvaluationContext = { userId: 'alice', ip: '10.0.0.1' }
    expect(evaluate(flag as FlagRules, ctx)).toEqual({ enabled: false, reason: 'error' })
    expect(isEnabled(flag as FlagRules, ctx)).toBe(false)
    expect(variant(flag as FlagRules, ctx)).toBeUndefined()
    expect(compileFlag(flag as FlagRules).evaluate(ctx)).toEqual({ enabled: false, reason: 'error' })
  })

  it('ignores fields the type does not read', () => {
    const flag = { key: 'k', type: 'boolean', enabled: true, percentage: 'x', ips: ['nope'], userIds: 3 }
    expect(evaluate(flag as never)).toEqual({ enabled: true, reason: 'default' })
  })

  it('is off with reason error when reading the definition throws', () => {
    const flag = {
      key: 'k',
      enabled: true,
      get type(): string {
        throw new Error('boom')
      },
    }
    expect(evaluate(flag as never)).toEqual({ enabled: false, reason: 'error' })
  })
})

describe('totality', () => {
  const anyFlag = fc.oneof(
    fc.anything(),
    fc.record(
      {
        key: fc.oneof(fc.string(), fc.anything()),
        type: fc.oneof(fc.constantFrom('boolean', 'percentage', 'user_targeting', 'ip_targeting'), fc.anything()),
        enabled: fc.oneof(fc.boolean(), fc.anything()),
        archived: fc.oneof(fc.boolean(), fc.anything()),
        percentage: fc.oneof(fc.double(), fc.integer({ min: 0, max: 100 }), fc.anything()),
        groupId: fc.oneof(fc.string(), fc.anything()),
        stickiness: fc.oneof(fc.constantFrom('default', 'userId', 'sessionId', 'ip', 'tenant'), fc.anything()),
        userIds: fc.oneof(fc.array(fc.string()), fc.anything()),
        ips: fc.oneof(fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())), fc.anything()),
        variants: fc.oneof(
          fc.array(
            fc.record(
              {
                key: fc.oneof(fc.string(), fc.anything()),
                weight: fc.oneof(fc.nat(1000), fc.anything()),
                payload: fc.anything(),
                overrides: fc.oneof(fc.array(fc.record({ userIds: fc.oneof(fc.array(fc.string()), fc.anything()) })), fc.anything()),
              },
              { requiredKeys: [] },
            ),
          ),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    ),
  )
  const anyContext = fc.oneof(
    fc.anything(),
    fc.record(
      {
        userId: fc.oneof(fc.string(), fc.anything()),
        sessionId: fc.oneof(fc.string(), fc.anything()),
        ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ unit: 'binary' }), fc.anything()),
        attributes: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.boolean())), fc.anything()),
      },
      { requiredKeys: [] },
    ),
  )

  function expectWellFormed(result: Evaluation): void {
    expect(typeof result.enabled).toBe('boolean')
    expect(REASONS).toContain(result.reason)
    if (!result.enabled) expect(result.variant).toBeUndefined()
  }

  it('never throws, for any flag definition and any context', () => {
    fc.assert(
      fc.property(anyFlag, anyContext, (flag, ctx) => {
        const f = flag as FlagRules
        const c = ctx as EvaluationContext
        expectWellFormed(evaluate(f, c))
        expect(typeof isEnabled(f, c)).toBe('boolean')
        variant(f, c)
        const compiled = compileFlag(f)
        expectWellFormed(compiled.evaluate(c))
        expect(typeof compiled.isEnabled(c)).toBe('boolean')
        compiled.variant(c)
      }),
      { numRuns: 5000 },
    )
  })

  it('never throws for a context whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile context')
        },
      },
    )
    const flags: FlagRules[] = [
      boolean,
      users,
      office,
      { key: 'p', type: 'percentage', enabled: true, percentage: 50 },
      { key: 'p', type: 'percentage', enabled: true, percentage: 50, stickiness: 'tenant' },
      { key: 'v', type: 'boolean', enabled: true, variants: [{ key: 'a', weight: 1, overrides: [{ userIds: ['x'] }] }] },
    ]
    for (const flag of flags) {
      expectWellFormed(evaluate(flag, hostile as EvaluationContext))
      expect(typeof isEnabled(flag, hostile as EvaluationContext)).toBe('boolean')
    }
  })

  it('handles huge strings', () => {
    const huge = 'u'.repeat(2_000_000)
    expectWellFormed(evaluate({ key: 'p', type: 'percentage', enabled: true, percentage: 50 }, { userId: huge }))
    expect(evaluate(users, { userId: huge }).enabled).toBe(false)
    expect(evaluate(office, { ip: huge }).enabled).toBe(false)
  })
})

describe('canarySide', () => {
  it('is canary for an evaluation or a boolean that is on, else baseline', () => {
    expect(canarySide(evaluate(boolean))).toBe('canary')
    expect(canarySide(evaluate(undefined))).toBe('baseline')
    expect(canarySide(true)).toBe('canary')
    expect(canarySide(false)).toBe('baseline')
    expect(canarySide(null as never)).toBe('baseline')
  })
})
