import { describe, expect, it } from 'vitest'
import { constraintProblems, formatProblem, rulesFlagProblems, variantProblems } from './rules-validation.js'

const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path)

describe('rules flag validation', () => {
  it('accepts a well-formed flag', () => {
    expect(
      rulesFlagProblems({
        key: 'checkout',
        rules: [
          {
            id: 'pro',
            name: 'Pro users in the EU',
            constraints: [
              { attribute: 'plan', operator: 'IN', values: ['pro'] },
              { attribute: 'appVersion', operator: 'SEMVER_GTE', value: '2.0.0' },
              { attribute: 'email', operator: 'REGEX', value: '(?i)@example\\.com$', inverted: true },
              { attribute: 'ip', operator: 'IN_CIDR', values: ['10.0.0.0/8'] },
            ],
            segments: ['eu'],
            rollout: 12.5,
            stickiness: 'userId',
            groupId: '',
            variants: [{ key: 'a', weight: 1, stickiness: 'sessionId' }],
          },
        ],
        dependencies: [{ flag: 'payments', variants: ['on'] }],
      }),
    ).toEqual([])
  })

  it('names the exact field of each problem', () => {
    const problems = rulesFlagProblems({
      key: 'checkout',
      rules: [
        { id: 'a' },
        {
          id: 'b',
          constraints: [
            { attribute: 'plan', operator: 'IN', values: ['pro'] },
            { attribute: 'appVersion', operator: 'SEMVER_GTE', value: '2.0' },
            { attribute: 'age', operator: 'NUM_GT', value: 'eighteen' },
            { attribute: 'signup', operator: 'DATE_AFTER', value: 'yesterday' },
            { attribute: 'email', operator: 'REGEX', value: '(unclosed' },
            { attribute: 'ip', operator: 'IN_CIDR', values: ['10.0.0.0/33'] },
            { attribute: 'plan', operator: 'SOUNDS_LIKE', value: 'pro' },
            { attribute: 'plan', operator: 'IN', value: 'pro' },
          ],
          rollout: 33.333,
        },
        { id: 'a' },
      ],
      dependencies: [{ flag: 'checkout' }],
    })
    expect(problems.map(formatProblem)).toEqual([
      'rules[1].constraints[1].value: not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build]): "2.0"',
      'rules[1].constraints[2].value: not a number: "eighteen"',
      'rules[1].constraints[3].value: not a date (ISO 8601, e.g. 2026-01-31T00:00:00Z): "yesterday"',
      expect.stringMatching(/^rules\[1\]\.constraints\[4\]\.value: regex does not compile: .*Unterminated group/),
      'rules[1].constraints[5].values[0]: not an IPv4 or IPv6 address or CIDR range: "10.0.0.0/33"',
      expect.stringMatching(/^rules\[1\]\.constraints\[6\]\.operator: unknown operator "SOUNDS_LIKE" \(one of IN, NOT_IN/),
      'rules[1].constraints[7].value: IN reads "values", a list, not "value"',
      'rules[1].constraints[7].values: is required by IN: a list of strings',
      'rules[1].rollout: must be a percentage from 0 to 100 with at most two decimals, got 33.333',
      'rules[2].id: "a" is already the id of rules[0]',
      'dependencies[0].flag: a flag cannot depend on itself',
    ])
  })

  it('holds rules flags to 1–100 rules of at most 50 constraints', () => {
    expect(paths(rulesFlagProblems({ rules: [] }))).toEqual(['rules'])
    expect(paths(rulesFlagProblems({}))).toEqual(['rules'])
    expect(paths(rulesFlagProblems({ rules: Array.from({ length: 101 }, (_, i) => ({ id: `r${i}` })) }))).toEqual(['rules'])
    const constraints = Array.from({ length: 51 }, () => ({ attribute: 'plan', operator: 'IN', values: ['pro'] }))
    expect(paths(rulesFlagProblems({ rules: [{ constraints }] }))).toEqual(['rules[0].constraints'])
  })

  it('checks variants, segments and dependencies', () => {
    expect(paths(rulesFlagProblems({ rules: [{ segments: ['eu', 'eu', ''] }] }))).toEqual(['rules[0].segments[1]', 'rules[0].segments[2]'])
    expect(paths(variantProblems([{ key: 'a', weight: 1.5 }, { key: 'a', weight: 1, stickiness: '' }]))).toEqual(['variants[0].weight', 'variants[1].key', 'variants[1].stickiness'])
    expect(paths(rulesFlagProblems({ rules: [{}], dependencies: [{ flag: 'p', enabled: false, variants: ['x'] }, { flag: 'p' }, {}] }))).toEqual([
      'dependencies[0].variants',
      'dependencies[1].flag',
      'dependencies[2].flag',
    ])
  })

  it('checks a segment’s constraints with the prefix the caller gives', () => {
    expect(constraintProblems([{ attribute: 'v', operator: 'SEMVER_EQ', value: 'one' }]).map(formatProblem)).toEqual([
      'constraints[0].value: not a semantic version (MAJOR.MINOR.PATCH[-prerelease][+build]): "one"',
    ])
    expect(paths(constraintProblems(undefined, 'body.constraints'))).toEqual(['body.constraints'])
    expect(constraintProblems([])).toEqual([])
  })
})
