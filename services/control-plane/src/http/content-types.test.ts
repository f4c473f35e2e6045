import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { TEST_ADMIN_TOKEN } from '../test-support/test-env.js'

let t: TestApp
const flags = '/api/v1/admin/feature-flags'
const tokens = '/api/v1/admin/api-tokens'

beforeAll(async () => {
  t = await createTestApp()
  await t.app.ready()
})
afterAll(() => t.close())

async function ok(method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) {
  const res = await t.request({ method, url, payload })
  expect(res.statusCode, res.body).toBeLessThan(300)
  return res.json()
}

/** Everything a refused request could have changed: the SDK state and the audit log. */
async function everything() {
  const state = (await t.request({ method: 'GET', url: '/api/v1/sdk/state' })).json()
  const audit = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })).json()
  return { state, audit }
}

/** Every operation that may be sent a body, from the app's own OpenAPI document. */
function mutatingOperations(): Array<{ method: string; path: string; documents415: boolean }> {
  const document = t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method !== 'get')
      .map(([method, op]) => ({ method: method.toUpperCase(), path, documents415: '415' in op.responses })),
  )
}

describe('request bodies', () => {
  it('refuses a form body on every route that takes one with 415 naming the type, and changes nothing', async () => {
    await ok('POST', flags, { key: 'payments', name: 'Payments', type: 'percentage', enabled: true, percentage: 10 })
    await ok('POST', '/api/v1/admin/canary-deployments', { featureKey: 'payments', version: 'v2' })
    const token = await ok('POST', tokens, { name: 'ci', role: 'operator' })
    const ids: Record<string, string> = { key: 'payments', id: token.id }
    const before = await everything()

    const operations = mutatingOperations()
    expect(operations.length).toBeGreaterThan(15)
    for (const op of operations) {
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (op.path.includes('chaos') && name === 'id' ? randomUUID() : ids[name]!))
      const res = await t.request({
        method: op.method as 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'featureKey=payments&reason=form&name=x&role=admin&enabled=false&percentage=100&version=v3',
      })
      const where = `${op.method} ${op.path}`
      if (op.path.startsWith('/ofrep/')) {
        // OFREP has its own error shape and no 415: a body that is not JSON is its PARSE_ERROR.
        expect(res.statusCode, where).toBe(400)
        expect(res.json(), where).toMatchObject({ errorCode: 'PARSE_ERROR', errorDetails: expect.stringContaining('application/x-www-form-urlencoded is not supported') })
        continue
      }
      expect(res.statusCode, where).toBe(415)
      expect(res.json(), where).toMatchObject({
        code: 'SLUICE_UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('Content-Type application/x-www-form-urlencoded is not supported'),
      })
      expect(op.documents415, `${where} documents 415`).toBe(true)
    }
    expect(await everything()).toEqual(before)
  })

  it('refuses a rollback sent as a form, and the flag stays on', async () => {
    await ok('POST', flags, { key: 'checkout', name: 'Checkout', type: 'boolean', enabled: true })
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/admin/rollbacks/feature-flag',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'featureKey=checkout&reason=errors',
    })
    expect(res.statusCode).toBe(415)
    expect((await t.request({ method: 'GET', url: `${flags}/checkout` })).json()).toMatchObject({ enabled: true, version: 1 })
  })

  it.each(['text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream'])(
    'refuses a JSON text declared as %s',
    async (contentType) => {
      const res = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': contentType }, payload: '{"name": "declared", "role": "viewer"}' })
      expect(res.statusCode).toBe(415)
      expect(res.json().message).toBe(`Content-Type ${contentType.split(';')[0]} is not supported: send the body as JSON with Content-Type: application/json`)
    },
  )

  it('reads a body with no Content-Type, and curl -d without -H (a JSON text sent as a form), as JSON', async () => {
    const bare = await t.app.inject({
      method: 'POST',
      url: tokens,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      payload: Buffer.from('{"name": "no-type", "role": "viewer"}'),
    })
    expect(bare.statusCode, bare.body).toBe(201)
    const curl = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '{"name": "curl", "role": "viewer"}' })
    expect(curl.statusCode, curl.body).toBe(201)
    const halt = await t.request({ method: 'POST', url: '/api/v1/admin/chaos-rules/halt', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })
    expect(halt.statusCode, halt.body).toBe(200)
  })

  it.each(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/vnd.sluice+json; charset=utf-8'])('reads %s as JSON', async (contentType) => {
    const res = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': contentType }, payload: JSON.stringify({ name: contentType, role: 'viewer' }) })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ name: contentType })
  })
})
