import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../app.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const tokens = '/api/v1/admin/api-tokens'

describe('errors', () => {
  it('answers 404 with the error shape for unknown routes, token or not', async () => {
    for (const token of [undefined, null]) {
      const res = await t.request({ method: 'GET', url: '/api/v1/nope?x=1', ...(token === null ? { token } : {}) })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'SLUICE_ROUTE_NOT_FOUND', message: 'Route GET /api/v1/nope not found' })
    }
  })

  it('answers 400, not 500, to malformed JSON', async () => {
    const res = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'application/json' }, payload: '{"name": "x", ' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) })
  })

  it('answers 400 to an empty JSON body and to a JSON body that is not an object', async () => {
    const empty = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'application/json' }, payload: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().message).toBe('body must be object')
    const array = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'application/json' }, payload: '[1]' })
    expect(array.statusCode).toBe(400)
    expect(array.json().message).toMatch(/^body must be object/)
  })

  it('does not coerce body types: a string "true" is not a boolean', async () => {
    const res = await t.request({ method: 'POST', url: tokens, payload: { name: 123, role: 'sdk' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('name: must be string')
  })

  it('answers 413 to a body over the limit', async () => {
    const res = await t.request({
      method: 'POST',
      url: tokens,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), role: 'sdk' }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' })
  })

  it('answers 415 to a content type it does not read', async () => {
    const res = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'text/csv' }, payload: 'a,b' })
    expect(res.statusCode).toBe(415)
  })

  it("accepts the seed's curl: a JSON body sent as application/x-www-form-urlencoded", async () => {
    const res = await t.request({
      method: 'POST',
      url: tokens,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{\n  "name": "from-curl",\n  "role": "viewer"\n}',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ name: 'from-curl', role: 'viewer' })
  })

  it('answers 400 naming the field, and writes nothing, when a value holds a NUL character Postgres cannot store', async () => {
    const flag = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'nul-name', name: 'a\u0000b', type: 'boolean' } })
    expect(flag.statusCode).toBe(400)
    expect(flag.json().message).toBe('name: must not contain the NUL character (\\u0000)')
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/nul-name' })).statusCode).toBe(404)

    const nested = await t.request({ method: 'POST', url: tokens, payload: { name: 'ok', role: 'sdk', ['x\u0000']: 1 } })
    expect(nested.json().message).toBe('x\u0000: must not contain the NUL character (\\u0000)')

    const form = await t.request({ method: 'POST', url: tokens, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '{"name": "a\\u0000b", "role": "sdk"}' })
    expect(form.json().message).toBe('name: must not contain the NUL character (\\u0000)')

    const query = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?actor=a%00b' })
    expect(query.statusCode).toBe(400)
    expect(query.json().message).toBe('actor: must not contain the NUL character (\\u0000)')
  })

  it('answers 400, not 500, to a number too large for the column it would be compared with', async () => {
    const page = await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?before=99999999999999999999999' })
    expect(page.statusCode).toBe(400)
    expect(page.json().message).toBe('before: must be ≤ 9007199254740991')
    const revert = await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/flag-version', payload: { featureKey: 'any', version: 99_999_999_999, reason: 'x' } })
    expect(revert.statusCode).toBe(400)
    expect(revert.json().message).toBe('version: must be ≤ 2147483647')
  })

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const kept = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } })
    expect(kept.headers['x-request-id']).toBe('abc-123')
    const replaced = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } })
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
