import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/canary-deployments'
const flags = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
})
afterAll(() => t.close())

const RULES = [
  { id: 'staff', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@sluice.dev'] }] },
  {
    id: 'pro-eu',
    constraints: [
      { attribute: 'plan', operator: 'IN', values: ['pro'] },
      { attribute: 'country', operator: 'IN', values: ['DE', 'FR'] },
    ],
  },
]

async function rulesFlag(key: string) {
  const res = await t.request({ method: 'POST', url: flags, payload: { key, name: key, type: 'rules', enabled: false, rules: RULES } })
  expect(res.statusCode, res.body).toBe(201)
}

async function rollouts(key: string): Promise<Record<string, number | undefined>> {
  const flag = (await t.request({ method: 'GET', url: `${flags}/${key}` })).json()
  return Object.fromEntries(flag.rules.map((rule: { id: string; rollout?: number }) => [rule.id, rule.rollout]))
}

describe('a canary driving one rule', () => {
  it('sets that rule\'s rollout on start, increase, rollback and complete, and leaves the other rules alone', async () => {
    await rulesFlag('rule-canary')
    const started = await t.request({ method: 'POST', url: base, payload: { featureKey: 'rule-canary', version: 'v2', ruleId: 'pro-eu', initialPercentage: 5 } })
    expect(started.statusCode, started.body).toBe(201)
    expect(started.json()).toMatchObject({ ruleId: 'pro-eu', percentage: 5 })
    expect(await rollouts('rule-canary')).toEqual({ staff: undefined, 'pro-eu': 5 })
    expect((await t.request({ method: 'GET', url: `${flags}/rule-canary` })).json().enabled).toBe(true)

    const increased = await t.request({ method: 'PUT', url: `${base}/rule-canary/increase`, payload: { percentage: 25 } })
    expect(increased.statusCode, increased.body).toBe(200)
    expect(await rollouts('rule-canary')).toEqual({ staff: undefined, 'pro-eu': 25 })

    const rolledBack = await t.request({ method: 'POST', url: `${base}/rule-canary/rollback`, payload: { reason: 'errors on v2' } })
    expect(rolledBack.statusCode, rolledBack.body).toBe(200)
    expect(await rollouts('rule-canary')).toEqual({ staff: undefined, 'pro-eu': 0 })

    await t.request({ method: 'POST', url: base, payload: { featureKey: 'rule-canary', version: 'v3', ruleId: 'pro-eu' } })
    const completed = await t.request({ method: 'POST', url: `${base}/rule-canary/complete` })
    expect(completed.statusCode, completed.body).toBe(200)
    expect(await rollouts('rule-canary')).toEqual({ staff: undefined, 'pro-eu': 100 })
  })

  it('puts 5% of the rule\'s audience on, and nobody outside it', async () => {
    await rulesFlag('rule-audience')
    await t.request({ method: 'POST', url: base, payload: { featureKey: 'rule-audience', version: 'v2', ruleId: 'pro-eu', initialPercentage: 5 } })
    let on = 0
    for (let i = 0; i < 200; i++) {
      const res = await t.request({ method: 'GET', url: `${flags}/rule-audience/check?userId=user-${i}&attr.plan=pro&attr.country=DE` })
      if (res.json().enabled) on++
      const outside = await t.request({ method: 'GET', url: `${flags}/rule-audience/check?userId=user-${i}&attr.plan=free&attr.country=DE` })
      expect(outside.json().enabled).toBe(false)
    }
    expect(on).toBeGreaterThan(2)
    expect(on).toBeLessThan(25)
  })

  it('refuses admin edits of the rollout it owns, or removing its rule, with 409', async () => {
    await rulesFlag('rule-guarded')
    await t.request({ method: 'POST', url: base, payload: { featureKey: 'rule-guarded', version: 'v2', ruleId: 'pro-eu' } })
    const moved = await t.request({ method: 'PUT', url: `${flags}/rule-guarded`, payload: { rules: [RULES[0], { ...RULES[1], rollout: 50 }] } })
    expect(moved.statusCode).toBe(409)
    expect(moved.json()).toMatchObject({ code: 'SLUICE_FLAG_UNDER_CANARY' })
    const removed = await t.request({ method: 'PUT', url: `${flags}/rule-guarded`, payload: { rules: [RULES[0]] } })
    expect(removed.statusCode).toBe(409)
    const otherRule = await t.request({ method: 'PUT', url: `${flags}/rule-guarded`, payload: { rules: [{ ...RULES[0], rollout: 50 }, { ...RULES[1], rollout: 5 }] } })
    expect(otherRule.statusCode, otherRule.body).toBe(200)
  })

  it.each([
    ['a rule the flag does not have', 'rule-unknown', 'rules', { ruleId: 'nope' }, /^ruleId: flag "rule-unknown" has no rule "nope"/],
    ['a ruleId on a percentage flag', 'rule-on-percentage', 'percentage', { ruleId: 'pro-eu' }, /^ruleId: flag "rule-on-percentage" is a percentage flag/],
    ['a rules flag without a ruleId', 'rule-missing', 'rules', {}, /^ruleId: is required/],
  ])('refuses %s with 400, changing nothing', async (_name, key, type, extra, message) => {
    if (type === 'rules') await rulesFlag(key)
    else await t.request({ method: 'POST', url: flags, payload: { key, name: key, type, enabled: false } })
    const before = (await t.request({ method: 'GET', url: `${flags}/${key}` })).json()
    const res = await t.request({ method: 'POST', url: base, payload: { featureKey: key, version: 'v2', ...extra } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().message).toMatch(message)
    expect((await t.request({ method: 'GET', url: `${flags}/${key}` })).json()).toEqual(before)
    expect((await t.request({ method: 'GET', url: `${base}/${key}` })).statusCode).toBe(404)
  })
})
