import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const flags = '/api/v1/admin/feature-flags'
const rollbacks = '/api/v1/admin/rollbacks'

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function flag(body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: flags, payload: { name: String(body.key), ...body } })
  expect(res.statusCode, res.body).toBe(201)
}

async function token(role: string) {
  return (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `rb-${role}`, role } })).json().token as string
}

describe('POST /admin/rollbacks/feature-flag', () => {
  it('disables the flag now and records who, why, before and after', async () => {
    await flag({ key: 'test_flag', type: 'boolean', enabled: true })
    const res = await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, payload: { featureKey: 'test_flag', reason: 'Testing rollback' } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      type: 'feature_flag',
      targetKey: 'test_flag',
      reason: 'Testing rollback',
      actor: 'admin (ADMIN_TOKEN)',
      automatic: false,
      previousState: { flag: { enabled: true, version: 1 } },
      newState: { flag: { enabled: false, version: 2 } },
    })
    expect(res.json().durationMs).toBeGreaterThan(0)
    expect((await t.request({ method: 'GET', url: `${flags}/test_flag/check` })).json()).toMatchObject({ enabled: false, reason: 'disabled' })
    const audit = (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=rollback&entityKey=${res.json().id}` })).json()
    expect(audit).toEqual([expect.objectContaining({ action: 'rollback.created', actor: 'admin (ADMIN_TOKEN)' })])
  })

  it('ends an active canary on the flag with it', async () => {
    await flag({ key: 'canaried', type: 'percentage' })
    await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: 'canaried', version: 'v2' } })
    const res = await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, payload: { featureKey: 'canaried', reason: 'pager' } })
    expect(res.json().newState).toMatchObject({ flag: { enabled: false, percentage: 0 }, canary: { status: 'rolled_back' } })
    const list = (await t.request({ method: 'GET', url: `${rollbacks}?targetKey=canaried` })).json()
    expect(list.map((r: { type: string }) => r.type)).toEqual(['feature_flag'])
  })

  it('requires a reason and a known flag, and writes nothing otherwise', async () => {
    await flag({ key: 'kept', type: 'boolean', enabled: true })
    for (const payload of [{ featureKey: 'kept' }, { featureKey: 'kept', reason: '   ' }]) {
      const res = await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().message).toMatch(/^reason: /)
    }
    expect((await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, payload: { featureKey: 'ghost', reason: 'x' } })).statusCode).toBe(404)
    expect((await t.request({ method: 'GET', url: `${flags}/kept` })).json()).toMatchObject({ enabled: true, version: 1 })
    expect((await t.request({ method: 'GET', url: `${rollbacks}?targetKey=kept` })).json()).toEqual([])
  })
})

describe('POST /admin/rollbacks/canary', () => {
  it('drops the canary to 0% and answers 404 when the flag has none', async () => {
    await flag({ key: 'ramping', type: 'percentage' })
    await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: 'ramping', version: 'v2', initialPercentage: 25 } })
    const res = await t.request({ method: 'POST', url: `${rollbacks}/canary`, payload: { featureKey: 'ramping', reason: 'latency' } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ type: 'canary', newState: { canary: { status: 'rolled_back', percentage: 0 } } })
    expect((await t.request({ method: 'GET', url: `${flags}/ramping` })).json().percentage).toBe(0)
    expect((await t.request({ method: 'POST', url: `${rollbacks}/canary`, payload: { featureKey: 'test_flag', reason: 'x' } })).statusCode).toBe(404)
  })
})

describe('POST /admin/rollbacks/flag-version', () => {
  it('restores the targeting a flag had at an earlier version, as a new version', async () => {
    await flag({ key: 'vip_list', type: 'user_targeting', enabled: true, userIds: ['alice', 'bob'] })
    await t.request({ method: 'PUT', url: `${flags}/vip_list`, payload: { userIds: ['mallory'] } })
    await t.request({ method: 'PUT', url: `${flags}/vip_list`, payload: { description: 'oops' } })
    expect((await t.request({ method: 'GET', url: `${flags}/vip_list/check?userId=alice` })).json().enabled).toBe(false)

    const res = await t.request({ method: 'POST', url: `${rollbacks}/flag-version`, payload: { featureKey: 'vip_list', version: 1, reason: 'bad list pushed' } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ type: 'flag_version', newState: { revertedTo: 1, flag: { version: 4, userIds: ['alice', 'bob'] } } })
    const now = (await t.request({ method: 'GET', url: `${flags}/vip_list` })).json()
    expect(now).toMatchObject({ version: 4, userIds: ['alice', 'bob'] })
    expect(now).not.toHaveProperty('description')
    expect((await t.request({ method: 'GET', url: `${flags}/vip_list/check?userId=alice` })).json().enabled).toBe(true)
    const history = (await t.request({ method: 'GET', url: `${flags}/vip_list/history` })).json()
    expect(history[0]).toMatchObject({ version: 4, action: 'flag.reverted' })
  })

  it('answers 404 for a version that never existed and 409 for one that is not earlier', async () => {
    await flag({ key: 'young', type: 'boolean' })
    expect((await t.request({ method: 'POST', url: `${rollbacks}/flag-version`, payload: { featureKey: 'young', version: 7, reason: 'x' } })).statusCode).toBe(404)
    expect((await t.request({ method: 'POST', url: `${rollbacks}/flag-version`, payload: { featureKey: 'young', version: 1, reason: 'x' } })).statusCode).toBe(409)
  })
})

describe('GET /admin/rollbacks and roles', () => {
  it('lists newest first with filters, lets operators roll back and keeps viewers and sdk tokens out', async () => {
    const operator = await token('operator')
    const viewer = await token('viewer')
    const sdk = await token('sdk')
    await flag({ key: 'op_flag', type: 'boolean', enabled: true })
    expect((await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, token: viewer, payload: { featureKey: 'op_flag', reason: 'x' } })).statusCode).toBe(403)
    expect((await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, token: sdk, payload: { featureKey: 'op_flag', reason: 'x' } })).statusCode).toBe(403)
    const done = await t.request({ method: 'POST', url: `${rollbacks}/feature-flag`, token: operator, payload: { featureKey: 'op_flag', reason: 'on call' } })
    expect(done.json()).toMatchObject({ actor: 'rb-operator' })

    const all = (await t.request({ method: 'GET', url: rollbacks, token: viewer })).json()
    expect(all[0].targetKey).toBe('op_flag')
    const times = all.map((r: { createdAt: string }) => r.createdAt)
    expect(times).toEqual([...times].sort().reverse())
    const canaryOnly = (await t.request({ method: 'GET', url: `${rollbacks}?type=canary` })).json()
    expect(canaryOnly.every((r: { type: string }) => r.type === 'canary')).toBe(true)
    expect((await t.request({ method: 'GET', url: `${rollbacks}?limit=1` })).json()).toHaveLength(1)
  })
})
