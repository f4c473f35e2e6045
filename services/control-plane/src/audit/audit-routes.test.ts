import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('audit log', () => {
  it('records who created and revoked a token, with before, after and the request id', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/admin/api-tokens',
      payload: { name: 'ci-pipeline', role: 'operator' },
      headers: { 'x-request-id': 'req-create-1' },
    })
    const { id } = created.json()
    await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}`, headers: { 'x-request-id': 'req-revoke-1' } })

    const res = await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=api_token&entityKey=${id}` })
    expect(res.statusCode).toBe(200)
    const [revoked, createdEntry] = res.json()
    expect(createdEntry).toMatchObject({
      actor: 'admin (ADMIN_TOKEN)',
      action: 'token.created',
      entityType: 'api_token',
      entityKey: id,
      before: null,
      after: { name: 'ci-pipeline', role: 'operator', revokedAt: null },
      requestId: 'req-create-1',
    })
    expect(revoked).toMatchObject({
      action: 'token.revoked',
      before: { revokedAt: null },
      after: { revokedAt: expect.any(String) },
      requestId: 'req-revoke-1',
    })
    expect(JSON.stringify(res.json())).not.toMatch(/secretHash|sluice_operator_/)
  })

  it('filters by actor and action, pages with before and honours the limit', async () => {
    for (const name of ['a', 'b', 'c']) {
      await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name, role: 'viewer' } })
    }
    const page1 = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?action=token.created&limit=2' })).json()
    expect(page1).toHaveLength(2)
    expect(page1.map((e: { after: { name: string } }) => e.after.name)).toEqual(['c', 'b'])
    const page2 = (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?action=token.created&limit=2&before=${page1[1].id}` })).json()
    expect(page2[0].after.name).toBe('a')
    const bySystem = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?actor=system' })).json()
    expect(bySystem.length).toBeGreaterThan(0)
    expect(bySystem.every((e: { actor: string }) => e.actor === 'system')).toBe(true)
  })

  it('rejects a limit out of range with 400 naming it', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=0' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^limit: must be ≥ 1/)
  })
})
