import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeEvents } from '../db/schema/index.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function createToken(role: string, name = `${role}-token`): Promise<{ id: string; token: string }> {
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name, role } })
  expect(res.statusCode).toBe(201)
  return res.json()
}

describe('API tokens', () => {
  it('creates a token, shows it once and lists it without the secret', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'checkout', role: 'sdk' } })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ name: 'checkout', role: 'sdk', source: 'api', revokedAt: null })
    expect(created.token).toMatch(/^sluice_sdk_[A-Za-z0-9_-]{43}$/)

    const list = await t.request({ method: 'GET', url: '/api/v1/admin/api-tokens' })
    const listed = list.json().find((row: { id: string }) => row.id === created.id)
    expect(listed).toMatchObject({ name: 'checkout', role: 'sdk' })
    expect(JSON.stringify(list.json())).not.toContain(created.token)
    expect(list.json()[0]).not.toHaveProperty('secretHash')

    // Like every mutation, it is in the change log, and the log carries no secret either.
    const events = await t.app.infrastructure.db.select().from(changeEvents).where(eq(changeEvents.entityKey, created.id))
    expect(events).toEqual([expect.objectContaining({ type: 'token.created', payload: { id: created.id } })])
  })

  it('tells a token its own name and role (whoami), and 401s without one', async () => {
    const viewer = await createToken('viewer', 'pm-laptop')
    const res = await t.request({ method: 'GET', url: '/api/v1/admin/whoami', token: viewer.token })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ name: 'pm-laptop', role: 'viewer', environment: null, environments: null, defaultEnvironment: 'production' })
    const anonymous = await t.request({ method: 'GET', url: '/api/v1/admin/whoami', token: null })
    expect(anonymous.statusCode).toBe(401)
  })

  it('answers 401 without a token, with an unknown token and with a malformed header', async () => {
    for (const authorization of [undefined, 'Bearer nope', 'Basic abc', 'Bearer']) {
      const res = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log', token: null, headers: authorization ? { authorization } : {} })
      expect(res.statusCode).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Bearer realm="sluice"')
      expect(res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/bearer token/) })
    }
  })

  it('answers 403 naming the role when the role may not act', async () => {
    const viewer = await createToken('viewer')
    const read = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log', token: viewer.token })
    expect(read.statusCode).toBe(200)
    const write = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', token: viewer.token, payload: { name: 'x', role: 'admin' } })
    expect(write.statusCode).toBe(403)
    expect(write.json().message).toMatch(/role viewer; this action needs admin/)
  })

  it('lets sdk tokens read nothing of the admin API', async () => {
    const sdk = await createToken('sdk')
    const res = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log', token: sdk.token })
    expect(res.statusCode).toBe(403)
  })

  it('stops a revoked token at once', async () => {
    const operator = await createToken('operator')
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-log', token: operator.token })).statusCode).toBe(200)
    const revoke = await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${operator.id}` })
    expect(revoke.statusCode).toBe(204)
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-log', token: operator.token })).statusCode).toBe(401)
    expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${operator.id}` })).statusCode).toBe(404)
  })

  it('refuses to revoke the last active admin token', async () => {
    const admins = (await t.request({ method: 'GET', url: '/api/v1/admin/api-tokens' }))
      .json()
      .filter((row: { role: string }) => row.role === 'admin')
    expect(admins).toHaveLength(1)
    const res = await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${admins[0].id}` })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'SLUICE_LAST_ADMIN' })
  })

  it('rejects bad bodies with a message naming the field, and writes nothing', async () => {
    const before = (await t.request({ method: 'GET', url: '/api/v1/admin/api-tokens' })).json().length
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', role: 'root' }, /^role: must be one of: admin, operator, viewer, sdk, client, deployer$/],
      [{ role: 'sdk' }, /name: is required/],
      [{ name: '', role: 'sdk' }, /name: must NOT have fewer than 1 characters/],
      [{ name: 'x', role: 'sdk', scope: 'all' }, /scope: is not a known field/],
    ]
    for (const [payload, message] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: payload as object })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json().message).toMatch(message)
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/api-tokens' })).json()).toHaveLength(before)
  })

  it('rejects a malformed token id with 400', async () => {
    const res = await t.request({ method: 'DELETE', url: '/api/v1/admin/api-tokens/not-a-uuid' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/id: must match format "uuid"/)
  })
})
