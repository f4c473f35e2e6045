import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function create(body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: base, payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function check(key: string, query = '') {
  const res = await t.request({ method: 'GET', url: `${base}/${key}/check${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

async function auditCount(): Promise<number> {
  return (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=feature_flag&limit=1000' })).json().length
}

describe('the seed examples', () => {
  it('creates a flag with the seed curl body (no content type) and checks it', async () => {
    const res = await t.request({
      method: 'POST',
      url: base,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{\n    "key": "test_flag",\n    "name": "Test Flag",\n    "type": "boolean",\n    "enabled": true\n  }',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ key: 'test_flag', name: 'Test Flag', type: 'boolean', enabled: true, archived: false, version: 1 })
    expect(res.headers.etag).toBe('"1"')
    expect(await check('test_flag', '?userId=xxx')).toEqual({ key: 'test_flag', enabled: true, reason: 'default', version: 1 })
  })

  it('creates a disabled percentage flag as the seed integration does, then ramps it', async () => {
    const flag = await create({ key: 'new_payment_flow', name: 'New Payment Flow', type: 'percentage', enabled: false })
    expect(flag).toMatchObject({ percentage: 0, enabled: false })
    expect(await check('new_payment_flow', '?userId=u1')).toMatchObject({ enabled: false, reason: 'disabled' })
    const updated = await t.request({ method: 'PUT', url: `${base}/new_payment_flow`, payload: { enabled: true, percentage: 100 } })
    expect(updated.json()).toMatchObject({ enabled: true, percentage: 100, version: 2 })
    expect(await check('new_payment_flow', '?userId=u1')).toMatchObject({ enabled: true, reason: 'rollout', version: 2 })
  })

  it('archives with DELETE: the flag evaluates off, leaves the list and stays readable', async () => {
    await create({ key: 'to_archive', name: 'Archive me', type: 'boolean', enabled: true })
    const res = await t.request({ method: 'DELETE', url: `${base}/to_archive` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ archived: true, version: 2 })
    expect(await check('to_archive')).toMatchObject({ enabled: false, reason: 'archived' })
    const listed = (await t.request({ method: 'GET', url: base })).json().map((f: { key: string }) => f.key)
    expect(listed).not.toContain('to_archive')
    const all = (await t.request({ method: 'GET', url: `${base}?includeArchived=true` })).json().map((f: { key: string }) => f.key)
    expect(all).toContain('to_archive')
    expect((await t.request({ method: 'GET', url: `${base}/to_archive` })).json()).toMatchObject({ archived: true })
  })
})

describe('evaluation through /check', () => {
  it('targets users by exact id', async () => {
    await create({ key: 'vip', name: 'VIP', type: 'user_targeting', enabled: true, userIds: ['alice', 'bob'] })
    expect(await check('vip', '?userId=alice')).toMatchObject({ enabled: true, reason: 'targeted' })
    expect(await check('vip', '?userId=Alice')).toMatchObject({ enabled: false, reason: 'not_targeted' })
    expect(await check('vip')).toMatchObject({ enabled: false, reason: 'not_targeted' })
  })

  it('targets IPs by address and CIDR, IPv4 and IPv6, including IPv4-mapped addresses', async () => {
    await create({ key: 'office', name: 'Office', type: 'ip_targeting', enabled: true, ips: ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'] })
    for (const ip of ['203.0.113.7', '10.200.3.4', '2001:db8:1::5', '::ffff:10.1.1.1']) {
      expect(await check('office', `?ip=${encodeURIComponent(ip)}`), ip).toMatchObject({ enabled: true, reason: 'targeted' })
    }
    for (const ip of ['203.0.113.8', '11.0.0.1', '2001:db9::1', 'not-an-ip']) {
      expect(await check('office', `?ip=${encodeURIComponent(ip)}`), ip).toMatchObject({ enabled: false, reason: 'not_targeted' })
    }
  })

  it('assigns variants to contexts that are on, with their payloads and overrides', async () => {
    await create({
      key: 'checkout_test',
      name: 'Checkout A/B',
      type: 'boolean',
      enabled: true,
      variants: [
        { key: 'control', weight: 50 },
        { key: 'one_page', weight: 50, payload: { steps: 1 }, overrides: [{ userIds: ['qa-1'] }] },
      ],
    })
    expect(await check('checkout_test', '?userId=qa-1')).toMatchObject({ enabled: true, variant: { key: 'one_page', payload: { steps: 1 } } })
    const keys = new Set<string>()
    for (let i = 0; i < 40; i++) keys.add((await check('checkout_test', `?userId=user-${i}`)).variant.key)
    expect(keys).toEqual(new Set(['control', 'one_page']))
  })

  it('answers an unknown flag as off with reason not_found, never an error', async () => {
    expect(await check('never_created')).toEqual({ key: 'never_created', enabled: false, reason: 'not_found' })
  })

  it('reads attributes for stickiness and rejects malformed ones', async () => {
    await create({ key: 'by_tenant', name: 'By tenant', type: 'percentage', enabled: true, percentage: 100, stickiness: 'tenant' })
    expect(await check('by_tenant', `?attributes=${encodeURIComponent('{"tenant":"acme"}')}`)).toMatchObject({ enabled: true, reason: 'rollout' })
    expect(await check('by_tenant', '?userId=u1')).toMatchObject({ enabled: false, reason: 'missing_stickiness' })
    const bad = await t.request({ method: 'GET', url: `${base}/by_tenant/check?attributes=${encodeURIComponent('{"tenant":{}}')}` })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('attributes.tenant: must be a string, number or boolean')
  })
})

describe('validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a bad key', { key: 'Bad Key', name: 'x', type: 'boolean' }, /^key: must match pattern/],
    ['an unknown type', { key: 'k1', name: 'x', type: 'gradual' }, /^type: must be one of: boolean, percentage, user_targeting, ip_targeting, rules$/],
    ['a missing name', { key: 'k1', type: 'boolean' }, /^name: is required$/],
    ['a percentage over 100', { key: 'k1', name: 'x', type: 'percentage', percentage: 100.5 }, /^percentage: must be ≤ 100$/],
    ['a negative percentage', { key: 'k1', name: 'x', type: 'percentage', percentage: -1 }, /^percentage: must be ≥ 0$/],
    ['three decimals', { key: 'k1', name: 'x', type: 'percentage', percentage: 12.345 }, /^percentage: must have at most two decimals/],
    ['a malformed IP', { key: 'k1', name: 'x', type: 'ip_targeting', ips: ['10.0.0.1', '10.0.0.256'] }, /^ips\[1\]: is not an IPv4 or IPv6 address or CIDR range: "10.0.0.256"$/],
    ['a CIDR prefix out of range', { key: 'k1', name: 'x', type: 'ip_targeting', ips: ['10.0.0.0/33'] }, /^ips\[0\]: is not/],
    ['a duplicate IP', { key: 'k1', name: 'x', type: 'ip_targeting', ips: ['::1', '::1'] }, /^ips: lists "::1" more than once$/],
    ['a duplicate user id', { key: 'k1', name: 'x', type: 'user_targeting', userIds: ['a', 'a'] }, /^userIds: lists "a" more than once$/],
    ['an empty user id', { key: 'k1', name: 'x', type: 'user_targeting', userIds: ['a', ''] }, /^userIds\[1\]: must NOT have fewer than 1 characters$/],
    ['a blank user id', { key: 'k1', name: 'x', type: 'user_targeting', userIds: ['  '] }, /^userIds\[0\]: must not be blank$/],
    ['a zero weight', { key: 'k1', name: 'x', type: 'boolean', variants: [{ key: 'a', weight: 0 }] }, /^variants\[0\]\.weight: must be ≥ 1$/],
    ['a fractional weight', { key: 'k1', name: 'x', type: 'boolean', variants: [{ key: 'a', weight: 1.5 }] }, /^variants\[0\]\.weight: must be integer$/],
    ['duplicate variant keys', { key: 'k1', name: 'x', type: 'boolean', variants: [{ key: 'a', weight: 1 }, { key: 'a', weight: 1 }] }, /^variants: has two variants with the key "a"$/],
    ['a user overridden into two variants', { key: 'k1', name: 'x', type: 'boolean', variants: [{ key: 'a', weight: 1, overrides: [{ userIds: ['u'] }] }, { key: 'b', weight: 1, overrides: [{ userIds: ['u'] }] }] }, /put user "u" in both "a" and "b"/],
    ['userIds on a boolean flag', { key: 'k1', name: 'x', type: 'boolean', userIds: ['a'] }, /^userIds: does not apply to boolean flags/],
    ['a percentage on a targeting flag', { key: 'k1', name: 'x', type: 'user_targeting', percentage: 5 }, /^percentage: does not apply to user_targeting flags/],
    ['ips on a percentage flag', { key: 'k1', name: 'x', type: 'percentage', ips: ['::1'] }, /^ips: does not apply to percentage flags/],
    ['an unknown field', { key: 'k1', name: 'x', type: 'boolean', rollout: 5 }, /^rollout: is not a known field$/],
    ['a string for enabled', { key: 'k1', name: 'x', type: 'boolean', enabled: 'true' }, /^enabled: must be boolean$/],
  ]

  it.each(cases)('rejects %s with a 400 naming the field and writes nothing', async (_name, body, message) => {
    const audits = await auditCount()
    const res = await t.request({ method: 'POST', url: base, payload: body })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect(res.json().message).toMatch(message)
    expect((await t.request({ method: 'GET', url: `${base}/k1` })).statusCode).toBe(404)
    expect(await auditCount()).toBe(audits)
  })

  it('rejects an update that adds a field the type does not use, and leaves the flag as it was', async () => {
    await create({ key: 'stable', name: 'Stable', type: 'boolean', enabled: true })
    const res = await t.request({ method: 'PUT', url: `${base}/stable`, payload: { ips: ['10.0.0.1'] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^ips: does not apply to boolean flags/)
    expect((await t.request({ method: 'GET', url: `${base}/stable` })).json()).toMatchObject({ version: 1 })
  })

  it('refuses to change a key and an empty update', async () => {
    await create({ key: 'fixed_key', name: 'x', type: 'boolean' })
    const rename = await t.request({ method: 'PUT', url: `${base}/fixed_key`, payload: { key: 'other_key' } })
    expect(rename.statusCode).toBe(400)
    expect(rename.json().message).toMatch(/^key: cannot change/)
    const empty = await t.request({ method: 'PUT', url: `${base}/fixed_key`, payload: {} })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().message).toBe('body must NOT have fewer than 1 properties')
  })

  it('answers 404 for unknown flags on read, update, archive and history', async () => {
    for (const [method, url] of [['GET', `${base}/ghost`], ['PUT', `${base}/ghost`], ['DELETE', `${base}/ghost`], ['GET', `${base}/ghost/history`]] as const) {
      const res = await t.request({ method, url, ...(method === 'PUT' ? { payload: { enabled: true } } : {}) })
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.json()).toMatchObject({ code: 'SLUICE_FLAG_NOT_FOUND', message: 'no feature flag with key "ghost"' })
    }
  })
})

describe('versions, conflicts and history', () => {
  it('answers 409 to a duplicate key', async () => {
    await create({ key: 'dup', name: 'x', type: 'boolean' })
    const res = await t.request({ method: 'POST', url: base, payload: { key: 'dup', name: 'y', type: 'boolean' } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'SLUICE_FLAG_EXISTS' })
  })

  it('creates one flag and answers 409, never 500, when creates of one key race', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => t.request({ method: 'POST', url: base, payload: { key: 'raced', name, type: 'boolean' } })),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409])
    for (const lost of results.filter((r) => r.statusCode === 409)) expect(lost.json()).toMatchObject({ code: 'SLUICE_FLAG_EXISTS' })
    const history = await t.request({ method: 'GET', url: `${base}/raced/history` })
    expect(history.json()).toHaveLength(1)
  })

  it('keeps an archived key reserved until the flag is restored, which brings it back disabled', async () => {
    await create({ key: 'reserved', name: 'x', type: 'percentage', enabled: true, percentage: 30 })
    await t.request({ method: 'DELETE', url: `${base}/reserved` })
    const reuse = await t.request({ method: 'POST', url: base, payload: { key: 'reserved', name: 'y', type: 'boolean' } })
    expect(reuse.statusCode).toBe(409)
    expect(reuse.json().message).toMatch(/archived flag; restore it/)
    const change = await t.request({ method: 'PUT', url: `${base}/reserved`, payload: { enabled: true } })
    expect(change.statusCode).toBe(409)
    const restored = await t.request({ method: 'POST', url: `${base}/reserved/restore` })
    expect(restored.json()).toMatchObject({ archived: false, enabled: false, percentage: 30, version: 3 })
    expect((await t.request({ method: 'POST', url: `${base}/reserved/restore` })).statusCode).toBe(409)
  })

  it('rejects a stale If-Match with 412, so two admins never overwrite each other', async () => {
    await create({ key: 'contended', name: 'x', type: 'percentage', percentage: 5 })
    const first = await t.request({ method: 'PUT', url: `${base}/contended`, headers: { 'if-match': '"1"' }, payload: { percentage: 10 } })
    expect(first.statusCode).toBe(200)
    const second = await t.request({ method: 'PUT', url: `${base}/contended`, headers: { 'if-match': '1' }, payload: { percentage: 50 } })
    expect(second.statusCode).toBe(412)
    expect(second.json()).toMatchObject({ error: 'Precondition Failed', code: 'SLUICE_VERSION_CONFLICT', message: expect.stringMatching(/at version 2, not 1/) })
    expect((await t.request({ method: 'GET', url: `${base}/contended` })).json()).toMatchObject({ percentage: 10, version: 2 })
    const garbage = await t.request({ method: 'PUT', url: `${base}/contended`, headers: { 'if-match': 'yesterday' }, payload: { percentage: 50 } })
    expect(garbage.statusCode).toBe(400)
  })

  it('gives exactly one of two concurrent If-Match updates the win', async () => {
    await create({ key: 'race', name: 'x', type: 'percentage', percentage: 1 })
    const results = await Promise.all(
      [20, 30].map((percentage) => t.request({ method: 'PUT', url: `${base}/race`, headers: { 'if-match': '1' }, payload: { percentage } })),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412])
  })

  it('keeps the version, history and audit for variants resent in another key order', async () => {
    const payload = { steps: 1, copy: { title: 'Pay', cta: 'Go' } }
    await create({ key: 'reordered', name: 'x', type: 'boolean', variants: [{ key: 'a', weight: 1, payload, overrides: [{ userIds: ['u'] }] }] })
    const audits = await auditCount()
    const res = await t.request({
      method: 'PUT',
      url: `${base}/reordered`,
      payload: { variants: [{ overrides: [{ userIds: ['u'] }], payload: { copy: { cta: 'Go', title: 'Pay' }, steps: 1 }, weight: 1, key: 'a' }] },
    })
    expect(res.json()).toMatchObject({ version: 1 })
    expect((await t.request({ method: 'GET', url: `${base}/reordered/history` })).json()).toHaveLength(1)
    expect(await auditCount()).toBe(audits)
  })

  it('answers 304 to If-None-Match with the current version', async () => {
    await create({ key: 'etagged', name: 'x', type: 'boolean' })
    const res = await t.request({ method: 'GET', url: `${base}/etagged`, headers: { 'if-none-match': '"1"' } })
    expect(res.statusCode).toBe(304)
  })

  it('drops fields the new type does not use when the type changes', async () => {
    await create({ key: 'morph', name: 'x', type: 'user_targeting', userIds: ['a'] })
    const res = await t.request({ method: 'PUT', url: `${base}/morph`, payload: { type: 'percentage', percentage: 20 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ type: 'percentage', percentage: 20 })
    expect(res.json()).not.toHaveProperty('userIds')
  })

  it('does not bump the version for an update that changes nothing', async () => {
    await create({ key: 'same', name: 'x', type: 'boolean', enabled: true })
    const res = await t.request({ method: 'PUT', url: `${base}/same`, payload: { enabled: true } })
    expect(res.json()).toMatchObject({ version: 1 })
  })

  it('keeps every version whole in history and audits each change with before and after', async () => {
    await create({ key: 'storied', name: 'Storied', type: 'percentage', percentage: 5 })
    await t.request({ method: 'PUT', url: `${base}/storied`, payload: { percentage: 25, enabled: true } })
    await t.request({ method: 'DELETE', url: `${base}/storied` })

    const history = (await t.request({ method: 'GET', url: `${base}/storied/history` })).json()
    expect(history.map((h: { version: number; action: string }) => [h.version, h.action])).toEqual([
      [3, 'flag.archived'],
      [2, 'flag.updated'],
      [1, 'flag.created'],
    ])
    expect(history[1]).toMatchObject({ actor: 'admin (ADMIN_TOKEN)', flag: { key: 'storied', percentage: 25, enabled: true, version: 2 } })
    expect(history[2].flag).toMatchObject({ percentage: 5, enabled: false, version: 1 })

    const audit = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=feature_flag&entityKey=storied' })).json()
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['flag.archived', 'flag.updated', 'flag.created'])
    expect(audit[1]).toMatchObject({ before: { percentage: 5, version: 1 }, after: { percentage: 25, version: 2 } })
  })
})

describe('roles', () => {
  it('lets viewers read and check, sdk tokens only check, and only admins write', async () => {
    const token = async (role: string) =>
      (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `flags-${role}`, role } })).json().token
    const viewer = await token('viewer')
    const sdk = await token('sdk')
    const operator = await token('operator')
    await create({ key: 'roles_flag', name: 'x', type: 'boolean' })
    expect((await t.request({ method: 'GET', url: base, token: viewer })).statusCode).toBe(200)
    expect((await t.request({ method: 'GET', url: `${base}/roles_flag/check`, token: viewer })).statusCode).toBe(200)
    expect((await t.request({ method: 'GET', url: `${base}/roles_flag/check`, token: sdk })).statusCode).toBe(200)
    expect((await t.request({ method: 'GET', url: base, token: sdk })).statusCode).toBe(403)
    expect((await t.request({ method: 'PUT', url: `${base}/roles_flag`, token: operator, payload: { enabled: true } })).statusCode).toBe(403)
    expect((await t.request({ method: 'POST', url: base, token: viewer, payload: { key: 'v', name: 'v', type: 'boolean' } })).statusCode).toBe(403)
  })
})
