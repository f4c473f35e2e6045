import { describe, expect, it } from 'vitest'
import { compileConstraint } from './compile-constraint.js'
import type { Constraint, EvaluationContext } from './types.js'

const holds = (constraint: Partial<Constraint> & Record<string, unknown>, ctx: EvaluationContext | undefined): boolean =>
  compileConstraint(constraint).test(ctx)

const withAttrs = (attributes: Record<string, string | number | boolean>, rest: EvaluationContext = {}): EvaluationContext => ({ ...rest, attributes })

describe('constraint operators', () => {
  it('IN and NOT_IN look the value up among trimmed, non-blank values', () => {
    const c = { attribute: 'plan', operator: 'IN' as const, values: [' pro ', '', 'enterprise'] }
    expect(holds(c, withAttrs({ plan: 'pro' }))).toBe(true)
    expect(holds(c, withAttrs({ plan: 'free' }))).toBe(false)
    expect(holds(c, withAttrs({ plan: '' }))).toBe(false)
    expect(holds({ ...c, operator: 'NOT_IN' }, withAttrs({ plan: 'free' }))).toBe(true)
    expect(holds({ ...c, operator: 'NOT_IN' }, withAttrs({ plan: 'pro' }))).toBe(false)
  })

  it('a missing attribute fails every operator but NOT_IN, which holds', () => {
    const operators: Array<[Constraint['operator'], Partial<Constraint>]> = [
      ['IN', { values: ['x'] }],
      ['STR_CONTAINS', { values: ['x'] }],
      ['STR_STARTS_WITH', { values: ['x'] }],
      ['STR_ENDS_WITH', { values: ['x'] }],
      ['NUM_EQ', { value: '0' }],
      ['NUM_LTE', { value: '10' }],
      ['NUM_GTE', { value: '-10' }],
      ['DATE_AFTER', { value: '2000-01-01T00:00:00Z' }],
      ['SEMVER_GTE', { value: '0.0.0' }],
      ['REGEX', { value: '.*' }],
      ['IN_CIDR', { values: ['0.0.0.0/0'] }],
    ]
    for (const [operator, rest] of operators) expect(holds({ attribute: 'missing', operator, ...rest }, {}), operator).toBe(false)
    expect(holds({ attribute: 'missing', operator: 'NOT_IN', values: ['x'] }, {})).toBe(true)
  })

  it('inverted negates the answer, a missing attribute included', () => {
    expect(holds({ attribute: 'plan', operator: 'IN', values: ['pro'], inverted: true }, withAttrs({ plan: 'pro' }))).toBe(false)
    expect(holds({ attribute: 'plan', operator: 'IN', values: ['pro'], inverted: true }, {})).toBe(true)
    expect(holds({ attribute: 'plan', operator: 'NOT_IN', values: ['pro'], inverted: true }, {})).toBe(false)
  })

  it('caseInsensitive applies to IN/NOT_IN, the string operators and REGEX', () => {
    const ctx = withAttrs({ email: 'Alice@Example.COM', plan: 'PRO' })
    expect(holds({ attribute: 'plan', operator: 'IN', values: ['pro'] }, ctx)).toBe(false)
    expect(holds({ attribute: 'plan', operator: 'IN', values: ['Pro'], caseInsensitive: true }, ctx)).toBe(true)
    expect(holds({ attribute: 'plan', operator: 'NOT_IN', values: ['pro'], caseInsensitive: true }, ctx)).toBe(false)
    expect(holds({ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] }, ctx)).toBe(false)
    expect(holds({ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'], caseInsensitive: true }, ctx)).toBe(true)
    expect(holds({ attribute: 'email', operator: 'STR_STARTS_WITH', values: ['alice'], caseInsensitive: true }, ctx)).toBe(true)
    expect(holds({ attribute: 'email', operator: 'STR_CONTAINS', values: ['@EXAMPLE.'], caseInsensitive: true }, ctx)).toBe(true)
    expect(holds({ attribute: 'plan', operator: 'REGEX', value: '^pro$', caseInsensitive: true }, ctx)).toBe(true)
    expect(holds({ attribute: 'plan', operator: 'REGEX', value: '^pro$' }, ctx)).toBe(false)
  })

  it('compares numbers as numbers, and a value that is not one makes the operator false', () => {
    const ctx = withAttrs({ age: '42', score: 7.5, flag: true })
    expect(holds({ attribute: 'age', operator: 'NUM_EQ', value: '42.0' }, ctx)).toBe(true)
    expect(holds({ attribute: 'age', operator: 'NUM_GT', value: '41' }, ctx)).toBe(true)
    expect(holds({ attribute: 'age', operator: 'NUM_LT', value: '42' }, ctx)).toBe(false)
    expect(holds({ attribute: 'score', operator: 'NUM_LTE', value: '7.5' }, ctx)).toBe(true)
    expect(holds({ attribute: 'flag', operator: 'NUM_EQ', value: '1' }, ctx)).toBe(false)
    expect(holds({ attribute: 'age', operator: 'NUM_GT', value: 'lots' }, ctx)).toBe(false)
    expect(holds({ attribute: 'age', operator: 'NUM_GT', value: 'lots', inverted: true }, ctx)).toBe(true)
  })

  it('compares dates with the context time, now when it has none', () => {
    const past = '2000-01-01T00:00:00Z'
    const future = '2999-01-01T00:00:00Z'
    expect(holds({ attribute: 'currentTime', operator: 'DATE_AFTER', value: past }, {})).toBe(true)
    expect(holds({ attribute: 'currentTime', operator: 'DATE_BEFORE', value: future }, {})).toBe(true)
    expect(holds({ attribute: 'currentTime', operator: 'DATE_AFTER', value: '2026-06-01T00:00:00Z' }, { currentTime: '2026-06-02T00:00:00Z' })).toBe(true)
    expect(holds({ attribute: 'currentTime', operator: 'DATE_AFTER', value: '2026-06-01T00:00:00Z' }, { currentTime: new Date('2026-05-01T00:00:00Z') })).toBe(false)
    expect(holds({ attribute: 'currentTime', operator: 'DATE_AFTER', value: 'not a date' }, {})).toBe(false)
    expect(holds({ attribute: 'signupDate', operator: 'DATE_BEFORE', value: '2026-01-01T00:00:00Z' }, withAttrs({ signupDate: '2025-12-31T00:00:00Z' }))).toBe(true)
    expect(holds({ attribute: 'signupDate', operator: 'DATE_BEFORE', value: '2026-01-01T00:00:00Z' }, {})).toBe(false)
  })

  it('compares semantic versions by precedence, refusing a context version written with a v', () => {
    const v = (appVersion: string) => withAttrs({ appVersion })
    const gte = { attribute: 'appVersion', operator: 'SEMVER_GTE' as const, value: '2.0.0' }
    expect(holds(gte, v('2.0.0'))).toBe(true)
    expect(holds(gte, v('10.0.0'))).toBe(true)
    expect(holds(gte, v('2.0.0-rc.1'))).toBe(false)
    expect(holds(gte, v('v2.0.0'))).toBe(false)
    expect(holds(gte, v('2.0'))).toBe(false)
    expect(holds({ attribute: 'appVersion', operator: 'SEMVER_EQ', value: '1.2.3' }, v('1.2.3+build.5'))).toBe(true)
    expect(holds({ attribute: 'appVersion', operator: 'SEMVER_LT', value: '1.0.0-beta.11' }, v('1.0.0-beta.2'))).toBe(true)
    expect(holds({ attribute: 'appVersion', operator: 'SEMVER_GT', value: 'not.a.version' }, v('1.0.0'))).toBe(false)
  })

  it('matches addresses against CIDR ranges, skipping ranges that do not parse', () => {
    const c = { attribute: 'remoteAddress', operator: 'IN_CIDR' as const, values: ['10.0.0.0/8', 'bogus', '2001:db8::/32'] }
    expect(holds(c, { ip: '10.1.2.3' })).toBe(true)
    expect(holds(c, { ip: '2001:db8::1' })).toBe(true)
    expect(holds(c, { ip: '11.0.0.1' })).toBe(false)
    expect(holds({ ...c, attribute: 'ip' }, { ip: '10.9.9.9' })).toBe(true)
  })

  it('reads top-level fields first, then attributes of the same name', () => {
    const c = { attribute: 'userId', operator: 'IN' as const, values: ['u1'] }
    expect(holds(c, { userId: 'u1' })).toBe(true)
    expect(holds(c, withAttrs({ userId: 'u1' }))).toBe(true)
    expect(holds(c, withAttrs({ userId: 'u1' }, { userId: 'u2' }))).toBe(false)
    expect(holds({ attribute: 'appName', operator: 'IN', values: ['shop'] }, { appName: 'shop' })).toBe(true)
    expect(holds({ attribute: 'environment', operator: 'IN', values: ['prod'] }, { environment: 'prod' })).toBe(true)
    expect(holds({ attribute: 'count', operator: 'IN', values: ['3'] }, withAttrs({ count: 3 }))).toBe(true)
    expect(holds({ attribute: 'toString', operator: 'STR_CONTAINS', values: ['function'] }, withAttrs({}))).toBe(false)
  })

  it('an unknown operator or a malformed constraint is false, inverted or not', () => {
    expect(holds({ attribute: 'plan', operator: 'SOUNDS_LIKE' as never, values: ['pro'], inverted: true }, withAttrs({ plan: 'pro' }))).toBe(false)
    expect(holds({ attribute: 'plan', operator: 'IN', values: 'pro' as never, inverted: true }, withAttrs({ plan: 'pro' }))).toBe(false)
    expect(compileConstraint(null).test({})).toBe(false)
    expect(compileConstraint({ operator: 'IN', values: [] }).test({})).toBe(false)
  })

  it('never throws on odd contexts', () => {
    const tests = [
      compileConstraint({ attribute: 'plan', operator: 'IN', values: ['pro'] }),
      compileConstraint({ attribute: 'currentTime', operator: 'DATE_AFTER', value: '2000-01-01' }),
      compileConstraint({ attribute: 'v', operator: 'SEMVER_EQ', value: '1.0.0' }),
    ]
    for (const ctx of [undefined, null, 42, 'text', { attributes: null }, { attributes: 'x' }, { currentTime: {} }]) {
      for (const c of tests) expect(() => c.test(ctx)).not.toThrow()
    }
  })
})
