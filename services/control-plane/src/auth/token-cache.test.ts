import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { TEST_ADMIN_TOKEN } from '../test-support/test-env.js'
import { TokenCache } from './token-cache.js'

let t: TestApp
let cache: TokenCache
beforeAll(async () => {
  t = await createTestApp()
  cache = new TokenCache(t.app.infrastructure.db)
  await cache.load()
})
afterAll(() => t.close())

describe('the per-replica token cache', () => {
  it('holds every active token from the start, and only them', async () => {
    expect(cache.size.tokens).toBe(1)
    expect(await cache.authenticate(TEST_ADMIN_TOKEN)).toMatchObject({ role: 'admin' })
  })

  it('keeps nothing of tokens it does not know, however many are tried', async () => {
    const before = cache.size
    for (let i = 0; i < 2_000; i++) expect(await cache.authenticate(`sluice_sdk_guess_${i}`)).toBeUndefined()
    expect(cache.size).toEqual(before)
  })

  it('answers a token created after the load by looking it up once, and forgets a revoked one for good', async () => {
    const { id, token } = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'late', role: 'viewer' } })).json()
    expect(await cache.authenticate(token)).toMatchObject({ tokenId: id, role: 'viewer' })
    expect(cache.size.tokens).toBe(2)
    cache.forget(id)
    expect(cache.size.tokens).toBe(1)
    expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    expect(await cache.authenticate(token)).toBeUndefined()
  })
})
