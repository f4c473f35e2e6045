import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const tokensUrl = '/api/v1/admin/api-tokens'
const flagsUrl = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
  const res = await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'checkout', name: 'checkout', type: 'boolean' } })
  expect(res.statusCode, res.body).toBe(201)
})
afterAll(() => t.close())

async function createToken(payload: Record<string, unknown>, token?: string) {
  return t.request({ method: 'POST', url: tokensUrl, payload, ...(token ? { token } : {}) })
}

async function created(payload: Record<string, unknown>, token?: string): Promise<{ id: string; token: string; environment: string | null; environments: string[] | null }> {
  const res = await createToken(payload, token)
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

describe('tokens and environments', () => {
  it('binds an sdk token to DEFAULT_ENVIRONMENT unless told, and leaves other roles unlimited unless told', async () => {
    expect(await created({ name: 'sdk-default', role: 'sdk' })).toMatchObject({ environment: 'production', environments: null })
    expect(await created({ name: 'sdk-staging', role: 'sdk', environment: 'staging' })).toMatchObject({ environment: 'staging', environments: null })
    expect(await created({ name: 'viewer-all', role: 'viewer' })).toMatchObject({ environment: null, environments: null })
    const limited = await created({ name: 'op-prod', role: 'operator', environments: ['production', 'production'] })
    expect(limited).toMatchObject({ environment: null, environments: ['production'] })
    const listed = (await t.request({ method: 'GET', url: tokensUrl })).json().find((row: { id: string }) => row.id === limited.id)
    expect(listed).toMatchObject({ environments: ['production'] })
    const whoami = await t.request({ method: 'GET', url: '/api/v1/admin/whoami', token: limited.token })
    expect(whoami.json()).toEqual({ name: 'op-prod', role: 'operator', environment: null, environments: ['production'], defaultEnvironment: 'production' })
  })

  it('refuses a scope that does not fit the role, or an unknown environment, naming it, and creates nothing', async () => {
    const before = (await t.request({ method: 'GET', url: tokensUrl })).json().length
    const sdkList = await createToken({ name: 'x', role: 'sdk', environments: ['staging'] })
    expect(sdkList.statusCode).toBe(400)
    expect(sdkList.json()).toMatchObject({ code: 'SLUICE_TOKEN_SCOPE_INVALID' })
    const viewerOne = await createToken({ name: 'x', role: 'viewer', environment: 'staging' })
    expect(viewerOne.statusCode).toBe(400)
    const unknown = await createToken({ name: 'x', role: 'sdk', environment: 'nowhere' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'SLUICE_ENVIRONMENT_NOT_FOUND', message: expect.stringContaining('nowhere') })
    const badKey = await createToken({ name: 'x', role: 'operator', environments: ['Not A Key'] })
    expect(badKey.statusCode).toBe(400)
    expect((await t.request({ method: 'GET', url: tokensUrl })).json()).toHaveLength(before)
  })

  it('lets a production-limited operator read and act in production only: staging answers 403 naming it', async () => {
    const operator = await created({ name: 'prod-oncall', role: 'operator', environments: ['production'] })
    const prod = await t.request({ method: 'GET', url: `${flagsUrl}/checkout?environment=production`, token: operator.token })
    expect(prod.statusCode).toBe(200)
    const staging = await t.request({ method: 'GET', url: `${flagsUrl}/checkout?environment=staging`, token: operator.token })
    expect(staging.statusCode).toBe(403)
    expect(staging.json()).toMatchObject({ code: 'SLUICE_ENVIRONMENT_FORBIDDEN', message: expect.stringContaining('"staging"') })
  })

  it('lets a production-limited admin change production but not staging, which stays as it was', async () => {
    const admin = await created({ name: 'prod-admin', role: 'admin', environments: ['production'] })
    const prod = await t.request({ method: 'PUT', url: `${flagsUrl}/checkout?environment=production`, token: admin.token, payload: { enabled: true } })
    expect(prod.statusCode, prod.body).toBe(200)
    const staging = await t.request({ method: 'PUT', url: `${flagsUrl}/checkout?environment=staging`, token: admin.token, payload: { enabled: true } })
    expect(staging.statusCode).toBe(403)
    expect(staging.json().message).toContain('staging')
    expect((await t.request({ method: 'GET', url: `${flagsUrl}/checkout?environment=staging` })).json()).toMatchObject({ enabled: false, version: 1 })
  })

  it('never mints a token wider than its creator', async () => {
    const admin = await created({ name: 'staging-admin', role: 'admin', environments: ['staging'] })
    const unlimited = await createToken({ name: 'x', role: 'viewer' }, admin.token)
    expect(unlimited.statusCode).toBe(400)
    expect(unlimited.json().message).toContain('staging')
    const production = await createToken({ name: 'x', role: 'sdk', environment: 'production' }, admin.token)
    expect(production.statusCode).toBe(403)
    expect(production.json()).toMatchObject({ code: 'SLUICE_ENVIRONMENT_FORBIDDEN' })
    expect(await created({ name: 'staging-sdk', role: 'sdk', environment: 'staging' }, admin.token)).toMatchObject({ environment: 'staging' })
    // An sdk token by default is bound to DEFAULT_ENVIRONMENT, which this admin may not touch.
    expect((await createToken({ name: 'x', role: 'sdk' }, admin.token)).statusCode).toBe(403)
  })

  it('keeps an sdk token to its environment on /check too', async () => {
    const sdk = await created({ name: 'sdk-check', role: 'sdk', environment: 'staging' })
    const own = await t.request({ method: 'GET', url: `${flagsUrl}/checkout/check?userId=u1`, token: sdk.token })
    expect(own.statusCode, own.body).toBe(200)
    const other = await t.request({ method: 'GET', url: `${flagsUrl}/checkout/check?userId=u1&environment=production`, token: sdk.token })
    expect(other.statusCode).toBe(403)
  })
})
