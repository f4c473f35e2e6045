import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp({ env: { DEFAULT_ENVIRONMENT: 'staging' } })
})
afterAll(() => t.close())

describe('resolving ?environment=', () => {
  it('takes DEFAULT_ENVIRONMENT when absent, and an sdk token its own environment', async () => {
    expect((await t.app.environments.resolve(undefined, { name: 'admin' })).key).toBe('staging')
    expect((await t.app.environments.resolve(undefined, { name: 'checkout-sdk', environment: 'production' })).key).toBe('production')
  })

  it('answers 404 naming an unknown environment before looking at the token', async () => {
    await expect(t.app.environments.resolve('nowhere', { name: 'ops', environments: ['production'] })).rejects.toMatchObject({
      statusCode: 404,
      code: 'SLUICE_ENVIRONMENT_NOT_FOUND',
      message: 'no environment "nowhere"',
    })
  })

  it('answers 403 naming the environment a token may not use', async () => {
    await expect(t.app.environments.resolve('staging', { name: 'prod-oncall', environments: ['production'] })).rejects.toMatchObject({
      statusCode: 403,
      code: 'SLUICE_ENVIRONMENT_FORBIDDEN',
      message: 'the token "prod-oncall" may not use the environment "staging"',
    })
    await expect(t.app.environments.resolve('development', { name: 'checkout-sdk', environment: 'production' })).rejects.toMatchObject({
      code: 'SLUICE_ENVIRONMENT_FORBIDDEN',
    })
    expect((await t.app.environments.resolve('production', { name: 'prod-oncall', environments: ['production'] })).production).toBe(true)
  })

  it('serves the seed paths on DEFAULT_ENVIRONMENT', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'here', name: 'Here', type: 'boolean', enabled: true } })
    expect(created.json()).toMatchObject({ environment: 'staging', enabled: true })
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/here?environment=production' })).json()).toMatchObject({ enabled: false })
  })
})
