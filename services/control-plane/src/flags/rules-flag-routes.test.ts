import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
  const segment = await t.request({ method: 'POST', url: '/api/v1/admin/segments', payload: { key: 'eu', name: 'EU', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] } })
  expect(segment.statusCode, segment.body).toBe(201)
})
afterAll(() => t.close())

const PRO_RULE = { name: 'pro', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }
const BETA_RULE = { name: 'beta', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] }] }

async function create(body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: base, payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

function rulesFlag(key: string, extra: Record<string, unknown> = {}) {
  return { key, name: key, type: 'rules', enabled: true, rules: [PRO_RULE], ...extra }
}

async function check(key: string, query: string) {
  const res = await t.request({ method: 'GET', url: `${base}/${key}/check?${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('rules flags', () => {
  it('creates a rules flag, giving each rule an id, and evaluates it for the new context', async () => {
    const flag = await create(rulesFlag('pro-only', { rules: [PRO_RULE, { ...BETA_RULE, segments: ['eu'], rollout: 100 }] }))
    expect(flag.rules).toHaveLength(2)
    for (const rule of flag.rules) expect(rule.id).toMatch(/^[A-Za-z0-9_.:~-]{1,64}$/)
    expect(flag.rules[0].id).not.toBe(flag.rules[1].id)
    expect(await check('pro-only', 'userId=u1&attr.plan=pro')).toMatchObject({ enabled: true, ruleId: flag.rules[0].id })
    expect(await check('pro-only', 'userId=u1&attr.plan=free')).toMatchObject({ enabled: false })
    expect(await check('pro-only', 'userId=u1&attr.email=a@example.com&attr.country=FR')).toMatchObject({ enabled: true, ruleId: flag.rules[1].id })
  })

  it('keeps the ids of rules sent back with them and gives new rules new ids', async () => {
    const flag = await create(rulesFlag('stable-ids', { rules: [PRO_RULE, BETA_RULE] }))
    const [pro, beta] = flag.rules
    const res = await t.request({
      method: 'PUT',
      url: `${base}/stable-ids`,
      payload: { rules: [{ ...BETA_RULE, id: beta.id, rollout: 50 }, { name: 'new', constraints: [{ attribute: 'plan', operator: 'IN', values: ['team'] }] }, pro] },
    })
    expect(res.statusCode, res.body).toBe(200)
    const rules = res.json().rules
    expect(rules.map((r: { id: string }) => r.id).slice(0, 3)).toEqual([beta.id, rules[1].id, pro.id])
    expect([pro.id, beta.id]).not.toContain(rules[1].id)
    expect(rules[0].rollout).toBe(50)

    const untouched = await t.request({ method: 'PUT', url: `${base}/stable-ids`, payload: { enabled: false } })
    expect(untouched.json().rules).toEqual(rules)

    const resent = await t.request({ method: 'PUT', url: `${base}/stable-ids`, payload: { rules } })
    expect(resent.json().version, 'resending the same rules is no change').toBe(untouched.json().version)
  })

  it.each([
    ['a constraint value that is not a semantic version', { rules: [PRO_RULE, BETA_RULE, { constraints: [{ attribute: 'appVersion', operator: 'SEMVER_GTE', value: 'latest' }] }] }, /^rules\[2\]\.constraints\[0\]\.value: .*semantic version/i],
    ['a regex that does not compile', { rules: [{ constraints: [{ attribute: 'email', operator: 'REGEX', value: '[a-' }] }] }, /^rules\[0\]\.constraints\[0\]\.value: /],
    ['a number operator with a bad number', { rules: [{ constraints: [{ attribute: 'age', operator: 'NUM_GT', value: 'ten' }] }] }, /^rules\[0\]\.constraints\[0\]\.value: /],
    ['a date operator with a bad date', { rules: [{ constraints: [{ attribute: 'currentTime', operator: 'DATE_AFTER', value: 'soon' }] }] }, /^rules\[0\]\.constraints\[0\]\.value: /],
    ['an unknown operator', { rules: [{ constraints: [{ attribute: 'plan', operator: 'LIKE', values: ['pro'] }] }] }, /^rules\[0\]\.constraints\[0\]\.operator: must be one of: IN, /],
    ['an unknown segment', { rules: [PRO_RULE, { segments: ['eu', 'nowhere'] }] }, /^rules\[1\]\.segments\[1\]: no segment "nowhere"/],
    ['a rollout with three decimals', { rules: [{ ...PRO_RULE, rollout: 5.125 }] }, /^rules\[0\]\.rollout: /],
    ['two rules with one id', { rules: [{ ...PRO_RULE, id: 'same' }, { ...BETA_RULE, id: 'same' }] }, /^rules\[1\]\.id: "same" is already the id of rules\[0\]/],
    ['no rules', { rules: undefined }, /^rules: is required for rules flags/],
    ['an unknown parent flag', { dependencies: [{ flag: 'ghost' }] }, /^dependencies\[0\]\.flag: no flag "ghost"/],
    ['a dependency on itself', { dependencies: [{ flag: 'bad-flag' }] }, /^dependencies\[0\]\.flag: a flag cannot depend on itself/],
    ['percentage, a field of another type', { percentage: 5 }, /^percentage: does not apply to rules flags/],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_name, extra, message) => {
    const res = await t.request({ method: 'POST', url: base, payload: rulesFlag('bad-flag', extra) })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().message).toMatch(message)
    expect((await t.request({ method: 'GET', url: `${base}/bad-flag` })).statusCode).toBe(404)
  })

  it('refuses a parent that has dependencies itself, and a cycle, naming the field', async () => {
    await create({ key: 'root', name: 'root', type: 'boolean', enabled: true })
    await create(rulesFlag('child', { dependencies: [{ flag: 'root' }] }))
    const grandchild = await t.request({ method: 'POST', url: base, payload: rulesFlag('grandchild', { dependencies: [{ flag: 'child' }] }) })
    expect(grandchild.statusCode).toBe(400)
    expect(grandchild.json().message).toMatch(/^dependencies\[0\]\.flag: "child" has dependencies of its own/)

    await create(rulesFlag('other'))
    await t.request({ method: 'PUT', url: `${base}/child`, payload: { dependencies: [{ flag: 'other' }] } })
    const cycle = await t.request({ method: 'PUT', url: `${base}/other`, payload: { dependencies: [{ flag: 'child' }] } })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().message).toMatch(/^dependencies: "other" is the parent of "child"/)
  })

  it('evaluates a dependency: the child is off while its parent is off', async () => {
    await create({ key: 'parent-switch', name: 'p', type: 'boolean', enabled: false })
    await create(rulesFlag('dependent', { rules: [{ name: 'everyone' }], dependencies: [{ flag: 'parent-switch' }] }))
    expect(await check('dependent', 'userId=u1')).toMatchObject({ enabled: false })
    await t.request({ method: 'PUT', url: `${base}/parent-switch`, payload: { enabled: true } })
    expect(await check('dependent', 'userId=u1')).toMatchObject({ enabled: true })
  })
})

describe('history and reverts of a rules flag', () => {
  it('reverts to an earlier version with its rules and their ids', async () => {
    const v1 = await create(rulesFlag('revertible', { rules: [PRO_RULE] }))
    await t.request({ method: 'PUT', url: `${base}/revertible`, payload: { rules: [BETA_RULE] } })
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/flag-version', payload: { featureKey: 'revertible', version: 1, reason: 'beta rule leaked' } })
    expect(res.statusCode, res.body).toBe(201)
    const now = (await t.request({ method: 'GET', url: `${base}/revertible` })).json()
    expect(now).toMatchObject({ version: 3, rules: v1.rules })
    expect((await t.request({ method: 'GET', url: `${base}/revertible/history` })).json()[2].flag.rules).toEqual(v1.rules)
  })
})

describe('/check explains a rules flag', () => {
  it('names the rule that decided, or for each rule the first constraint that failed', async () => {
    const flag = await create(
      rulesFlag('explained', {
        rules: [
          { id: 'pro-eu', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }, { attribute: 'appVersion', operator: 'SEMVER_GTE', value: '2.0.0' }] },
          { id: 'staff', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@sluice.dev'] }] },
        ],
      }),
    )
    expect(flag.version).toBe(1)
    const on = await check('explained', 'userId=u1&attr.plan=pro&attr.appVersion=2.1.0')
    expect(on).toMatchObject({ enabled: true, ruleId: 'pro-eu' })

    const off = await check('explained', 'userId=u1&attr.plan=pro&attr.appVersion=1.9.0&attr.email=a@b.c')
    expect(off.enabled).toBe(false)
    expect(off.rules).toEqual([
      expect.objectContaining({ id: 'pro-eu', matched: false, failed: expect.objectContaining({ kind: 'constraint', index: 1, attribute: 'appVersion', operator: 'SEMVER_GTE' }) }),
      expect.objectContaining({ id: 'staff', matched: false, failed: expect.objectContaining({ kind: 'constraint', index: 0, attribute: 'email' }) }),
    ])
  })

  it('names the segment or the rollout that failed, and the dependency that did not hold', async () => {
    await create(
      rulesFlag('explained-more', {
        rules: [
          { id: 'in-eu', segments: ['eu'] },
          { id: 'nobody-yet', rollout: 0 },
        ],
      }),
    )
    const off = await check('explained-more', 'userId=u1&attr.country=US')
    expect(off).toMatchObject({ enabled: false, reason: 'no_rule_matched' })
    expect(off.rules).toEqual([
      expect.objectContaining({ id: 'in-eu', matched: false, failed: expect.objectContaining({ kind: 'segment', segment: 'eu' }) }),
      expect.objectContaining({ id: 'nobody-yet', matched: false, failed: expect.objectContaining({ kind: 'rollout', rollout: 0 }) }),
    ])

    await create({ key: 'gate', name: 'gate', type: 'boolean', enabled: false })
    await create(rulesFlag('gated', { rules: [{ id: 'all' }], dependencies: [{ flag: 'gate' }] }))
    expect(await check('gated', 'userId=u1')).toMatchObject({ enabled: false, reason: 'dependency_failed', dependencies: [{ flag: 'gate', held: false }] })
  })

  it("reports a segment's failure as the engine explains it, saying the segment was found", async () => {
    await create(rulesFlag('explained-segment', { rules: [{ id: 'in-eu', segments: ['eu'] }] }))
    const off = await check('explained-segment', 'userId=u1&attr.country=US')
    expect(off.rules).toEqual([{ id: 'in-eu', matched: false, failed: { kind: 'segment', segment: 'eu', found: true, index: 0, attribute: 'country', operator: 'IN' } }])
  })

  it('takes appName, environment and currentTime from the query', async () => {
    await create(
      rulesFlag('ctx-fields', {
        rules: [
          {
            constraints: [
              { attribute: 'appName', operator: 'IN', values: ['checkout'] },
              { attribute: 'environment', operator: 'IN', values: ['production'] },
              { attribute: 'currentTime', operator: 'DATE_AFTER', value: '2030-01-01T00:00:00Z' },
            ],
          },
        ],
      }),
    )
    expect(await check('ctx-fields', 'appName=checkout&environment=production&currentTime=2031-01-01T00:00:00Z')).toMatchObject({ enabled: true })
    expect(await check('ctx-fields', 'appName=checkout&environment=production&currentTime=2029-01-01T00:00:00Z')).toMatchObject({ enabled: false })
  })
})

describe('the seed types are unchanged', () => {
  it.each([
    [{ type: 'boolean', enabled: true }, ['key', 'name', 'tags', 'type', 'enabled', 'archived', 'environment', 'version', 'createdAt', 'updatedAt']],
    [{ type: 'percentage', enabled: true, percentage: 25 }, ['key', 'name', 'tags', 'type', 'enabled', 'percentage', 'archived', 'environment', 'version', 'createdAt', 'updatedAt']],
    [{ type: 'user_targeting', enabled: true, userIds: ['u1'] }, ['key', 'name', 'tags', 'type', 'enabled', 'userIds', 'archived', 'environment', 'version', 'createdAt', 'updatedAt']],
    [{ type: 'ip_targeting', enabled: true, ips: ['10.0.0.0/8'] }, ['key', 'name', 'tags', 'type', 'enabled', 'ips', 'archived', 'environment', 'version', 'createdAt', 'updatedAt']],
  ])('a %o flag has the fields it had, and no rules or dependencies', async (body, fields) => {
    const key = `seed-${body.type}`
    const flag = await create({ key, name: key, ...body })
    expect(Object.keys(flag).sort()).toEqual([...fields].sort())
    expect(Object.keys((await check(key, 'userId=u1&ip=10.1.2.3')) as object).sort()).toEqual(['enabled', 'key', 'reason', 'version'])
  })

  it('refuses rules on a seed type', async () => {
    const res = await t.request({ method: 'POST', url: base, payload: { key: 'bool-rules', name: 'b', type: 'boolean', enabled: true, rules: [PRO_RULE] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^rules: does not apply to boolean flags/)
  })
})

describe('flag keys', () => {
  it("accepts Unleash's names: both cases, digits, -, _, ., ~; case-sensitive", async () => {
    await create({ key: 'Checkout.V2~beta_1-a', name: 'k', type: 'boolean', enabled: true })
    await create({ key: 'checkout.v2~beta_1-a', name: 'k', type: 'boolean', enabled: false })
    expect((await check('Checkout.V2~beta_1-a', 'userId=u1')).enabled).toBe(true)
    expect((await check('checkout.v2~beta_1-a', 'userId=u1')).enabled).toBe(false)
  })

  it.each(['..', '.', 'has space', 'slash/key'])('refuses %j by name', async (key) => {
    const res = await t.request({ method: 'POST', url: base, payload: { key, name: 'k', type: 'boolean' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^key: must match pattern/)
  })

  it('refuses a key of 129 characters by its length', async () => {
    const res = await t.request({ method: 'POST', url: base, payload: { key: 'x'.repeat(129), name: 'k', type: 'boolean' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^key: must NOT have more than 128 characters/)
  })
})
