import { describe, expect, it } from 'vitest'
import { fromUnleash } from './from-unleash.js'

const feature = (strategies: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'Checkout.New-Flow_v2~x', enabled: true, strategies, ...extra })
const rulesOf = (strategies: unknown[]) => {
  const result = fromUnleash({ features: [feature(strategies)] })
  expect(result.refused).toEqual([])
  return result.flags[0]!.rules
}

describe('fromUnleash', () => {
  it('keeps the feature name as the key, case and punctuation included', () => {
    const { flags } = fromUnleash({ features: [feature([{ name: 'default' }], { description: 'New checkout', enabled: false })] })
    expect(flags).toEqual([
      { key: 'Checkout.New-Flow_v2~x', name: 'Checkout.New-Flow_v2~x', type: 'rules', enabled: false, description: 'New checkout', rules: [{ id: 'strategy-0', name: 'default' }] },
    ])
  })

  it('turns a feature without strategies into one rule for everyone, as Unleash does', () => {
    expect(rulesOf([])).toEqual([{ id: 'strategy-0', name: 'default' }])
  })

  it('maps each built-in strategy to a rule', () => {
    expect(
      rulesOf([
        { id: 'a1', name: 'flexibleRollout', title: 'Half', parameters: { rollout: '50', stickiness: 'sessionId', groupId: 'exp' } },
        { name: 'flexibleRollout', parameters: { rollout: '33.7', stickiness: 'default', groupId: 'Checkout.New-Flow_v2~x' } },
        { name: 'gradualRolloutUserId', parameters: { percentage: '20', groupId: '' } },
        { name: 'gradualRolloutSessionId', parameters: { percentage: '150', groupId: 'g' } },
        { name: 'gradualRolloutRandom', parameters: { percentage: '10' } },
        { name: 'userWithId', parameters: { userIds: 'alice, bob,carol' } },
        { name: 'remoteAddress', parameters: { IPs: '10.0.0.0/8, 192.168.1.1' } },
      ]),
    ).toEqual([
      { id: 'a1', name: 'Half', rollout: 50, stickiness: 'sessionId', groupId: 'exp' },
      { id: 'strategy-1', name: 'flexibleRollout', rollout: 33 },
      { id: 'strategy-2', name: 'gradualRolloutUserId', rollout: 20, stickiness: 'userId', groupId: '' },
      { id: 'strategy-3', name: 'gradualRolloutSessionId', stickiness: 'sessionId', groupId: 'g' },
      { id: 'strategy-4', name: 'gradualRolloutRandom', rollout: 10, stickiness: 'random' },
      { id: 'strategy-5', name: 'userWithId', constraints: [{ attribute: 'userId', operator: 'IN', values: ['alice', 'bob', 'carol'] }] },
      { id: 'strategy-6', name: 'remoteAddress', constraints: [{ attribute: 'remoteAddress', operator: 'IN_CIDR', values: ['10.0.0.0/8', '192.168.1.1'] }] },
    ])
  })

  it('maps constraints, dropping what Unleash ignores', () => {
    const [rule] = rulesOf([
      {
        name: 'default',
        constraints: [
          { contextName: 'plan', operator: 'IN', values: ['pro'], caseInsensitive: true, inverted: false },
          { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@x.com'], caseInsensitive: true, inverted: true },
          { contextName: 'version', operator: 'SEMVER_GT', value: '1.0.0', values: [] },
          { contextName: 'signupDate', operator: 'DATE_AFTER', value: '2026-01-01T00:00:00Z' },
        ],
        segments: [3],
      },
    ])
    expect(rule).toEqual({
      id: 'strategy-0',
      name: 'default',
      constraints: [
        { attribute: 'plan', operator: 'IN', values: ['pro'] },
        { attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@x.com'], inverted: true, caseInsensitive: true },
        { attribute: 'version', operator: 'SEMVER_GT', value: '1.0.0' },
        // Unleash's client compares the current time whatever field a date constraint names.
        { attribute: 'currentTime', operator: 'DATE_AFTER', value: '2026-01-01T00:00:00Z' },
      ],
      segments: ['unleash-segment-3'],
    })
  })

  it('maps variants, payloads, overrides, stickiness and dependencies', () => {
    const { flags } = fromUnleash({
      features: [
        feature(
          [
            {
              name: 'flexibleRollout',
              parameters: { rollout: '100', stickiness: 'userId', groupId: 'g' },
              variants: [{ name: 'blue', weight: 500, payload: { type: 'json', value: '{"a":1}' } }, { name: 'red', weight: 500, stickiness: 'default' }],
            },
          ],
          {
            variants: [{ name: 'control', weight: 1000, stickiness: 'sessionId', overrides: [{ contextName: 'userId', values: ['vip'] }] }],
            dependencies: [{ feature: 'parent' }, { feature: 'other', enabled: false }, { feature: 'third', variants: ['x'] }],
          },
        ),
      ],
    })
    expect(flags[0]).toMatchObject({
      rules: [
        {
          id: 'strategy-0',
          stickiness: 'userId',
          groupId: 'g',
          variants: [{ key: 'blue', weight: 500, payload: { type: 'json', value: '{"a":1}' }, stickiness: 'userId' }, { key: 'red', weight: 500, stickiness: 'default' }],
        },
      ],
      variants: [{ key: 'control', weight: 1000, stickiness: 'sessionId', overrides: [{ userIds: ['vip'] }] }],
      dependencies: [{ flag: 'parent' }, { flag: 'other', enabled: false }, { flag: 'third', variants: ['x'] }],
    })
  })

  it('maps segments to stable keys', () => {
    const { segments } = fromUnleash({ features: [], segments: [{ id: 7, name: 'Beta testers', constraints: [{ contextName: 'plan', operator: 'IN', values: ['beta'] }] }, { id: 8, constraints: [] }] })
    expect(segments).toEqual([
      { key: 'unleash-segment-7', name: 'Beta testers', constraints: [{ attribute: 'plan', operator: 'IN', values: ['beta'] }] },
      { key: 'unleash-segment-8', name: 'Unleash segment 8', constraints: [] },
    ])
  })

  it('refuses by name what Sluice cannot express, and imports the rest', () => {
    const result = fromUnleash({
      features: [
        { name: 'custom', enabled: true, strategies: [{ name: 'byTenant', parameters: {} }] },
        { name: 'bad-operator', enabled: true, strategies: [{ name: 'default', constraints: [{ contextName: 'x', operator: 'LIKE', value: 'y' }] }] },
        { name: 'override', enabled: true, strategies: [], variants: [{ name: 'a', weight: 1, overrides: [{ contextName: 'orgId', values: ['acme'] }] }] },
        { name: 'two-groups', enabled: true, strategies: [{ name: 'flexibleRollout', parameters: { rollout: '50', stickiness: 'default' }, variants: [{ name: 'a', weight: 1 }] }] },
        { name: 'fine', enabled: true, strategies: [] },
        { enabled: true },
      ],
      segments: [{ constraints: [] }],
    })
    expect(result.flags.map((f) => f.key)).toEqual(['fine'])
    expect(result.refused).toEqual([
      { kind: 'segment', name: '(no id)', reason: 'a segment has no id' },
      { kind: 'feature', name: 'custom', reason: 'strategy 0 (byTenant): custom strategy "byTenant" has no Sluice equivalent' },
      { kind: 'feature', name: 'bad-operator', reason: 'strategy 0 (default): operator "LIKE" is not one Sluice knows' },
      { kind: 'feature', name: 'override', reason: 'feature variants: variant "a" overrides on "orgId"; Sluice overrides by userId only' },
      { kind: 'feature', name: 'two-groups', reason: 'strategy 0 (flexibleRollout): its variants hash in group "undefined" but its rollout in "two-groups"; a Sluice rule has one group' },
      { kind: 'feature', name: '(unnamed)', reason: 'a feature has no name' },
    ])
  })

  it('refuses a body that is not a features response', () => {
    expect(() => fromUnleash({ toggles: [] })).toThrow(TypeError)
    expect(() => fromUnleash(null)).toThrow(TypeError)
  })
})
