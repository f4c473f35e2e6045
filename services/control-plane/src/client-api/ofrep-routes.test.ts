import { evaluate, type Flag } from '@sluice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
let client: string
let stagingClient: string

const flagsUrl = '/api/v1/admin/feature-flags'
const single = (key: string) => `/ofrep/v1/evaluate/flags/${key}`
const bulk = '/ofrep/v1/evaluate/flags'

async function createFlag(body: Record<string, unknown>, environment = 'production'): Promise<Flag> {
  const res = await t.request({ method: 'POST', url: `${flagsUrl}?environment=${environment}`, payload: { name: body.key, ...body } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function token(role: string, environment: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `${role}-${environment}`, role, environment } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().token
}

const evaluateOne = (key: string, context: unknown, as = client) => t.request({ method: 'POST', url: single(key), token: as, payload: { context } })
const evaluateAll = (context: unknown, headers: Record<string, string> = {}, as = client) => t.request({ method: 'POST', url: bulk, token: as, payload: { context }, headers })

const PAYLOAD = { color: '#1d4ed8', ratio: 0.5 }
let rollout: Flag

beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
  client = await token('client', 'production')
  stagingClient = await token('client', 'staging')
  await createFlag({ key: 'dark_mode', type: 'boolean', enabled: true })
  await createFlag({ key: 'legacy_banner', type: 'boolean', enabled: false })
  rollout = await createFlag({ key: 'new_checkout', type: 'percentage', enabled: true, percentage: 50 })
  await createFlag({ key: 'beta_users', type: 'user_targeting', enabled: true, userIds: ['user-secret-1', 'user-2'] })
  await createFlag({ key: 'theme', type: 'boolean', enabled: true, variants: [{ key: 'blue', weight: 1, payload: PAYLOAD }] })
  await createFlag({ key: 'copy_test', type: 'boolean', enabled: true, variants: [{ key: 'short', weight: 1 }] })
  await createFlag({ key: 'theme_off', type: 'boolean', enabled: false, variants: [{ key: 'blue', weight: 1, payload: PAYLOAD }] })
  await createFlag({
    key: 'pro_feature',
    type: 'rules',
    enabled: true,
    rules: [{ constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }],
  })
  await createFlag({ key: 'staging_only', type: 'boolean', enabled: true }, 'staging')
})
afterAll(() => t.close())

describe('OFREP single evaluation', () => {
  it('answers every flag type with the value, variant and reason of @sluice/core', async () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['dark_mode', { targetingKey: 'u-1' }, { value: true, reason: 'STATIC', metadata: { enabled: true, sluiceReason: 'default' } }],
      ['legacy_banner', { targetingKey: 'u-1' }, { value: false, reason: 'DISABLED' }],
      ['beta_users', { targetingKey: 'user-2' }, { value: true, reason: 'TARGETING_MATCH' }],
      ['beta_users', { targetingKey: 'user-3' }, { value: false, reason: 'TARGETING_MATCH' }],
      ['theme', { targetingKey: 'u-1' }, { value: PAYLOAD, variant: 'blue', reason: 'STATIC' }],
      ['copy_test', { targetingKey: 'u-1' }, { value: 'short', variant: 'short' }],
      ['pro_feature', { targetingKey: 'u-1', plan: 'pro' }, { value: true, reason: 'TARGETING_MATCH', metadata: { enabled: true, sluiceReason: 'rule_match' } }],
      ['pro_feature', { targetingKey: 'u-1', plan: 'free' }, { value: false, reason: 'TARGETING_MATCH' }],
    ]
    for (const [key, context, expected] of cases) {
      const res = await evaluateOne(key, context)
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200)
      expect(res.json(), key).toMatchObject({ key, ...expected })
    }
  })

  it("gives a percentage rollout each user's bucket, as the engine computes it", async () => {
    for (let i = 0; i < 40; i++) {
      const userId = `user-${i}`
      const res = await evaluateOne('new_checkout', { targetingKey: userId })
      expect(res.json()).toMatchObject({ value: evaluate(rollout, { userId }).enabled, reason: 'SPLIT' })
    }
  })

  it('gives no value for a flag with variants that is off, so the caller keeps its default', async () => {
    const answer = (await evaluateOne('theme_off', { targetingKey: 'u-1' })).json()
    expect(answer).toEqual({ key: 'theme_off', reason: 'DISABLED', metadata: { enabled: false, sluiceReason: 'disabled' } })
  })

  it('says TARGETING_KEY_MISSING for a rollout asked about with no identity, instead of a random answer', async () => {
    const res = await evaluateOne('new_checkout', { plan: 'pro' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ key: 'new_checkout', errorCode: 'TARGETING_KEY_MISSING', errorDetails: expect.stringContaining('targetingKey') })
    expect((await evaluateOne('new_checkout', { sessionId: 's-1' })).json()).toMatchObject({ reason: 'SPLIT' })
  })

  it('answers 404 FLAG_NOT_FOUND for an unknown flag', async () => {
    const res = await evaluateOne('nope', { targetingKey: 'u-1' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ key: 'nope', errorCode: 'FLAG_NOT_FOUND', errorDetails: 'flag "nope" was not found in environment "production"' })
  })

  it("answers with the token's own environment's configuration", async () => {
    expect((await evaluateOne('staging_only', { targetingKey: 'u-1' }, stagingClient)).json()).toMatchObject({ value: true })
    expect((await evaluateOne('staging_only', { targetingKey: 'u-1' })).json()).toMatchObject({ value: false, reason: 'DISABLED' })
  })

  it('answers 400 PARSE_ERROR for a body that is not JSON and INVALID_CONTEXT for a context that is not an object', async () => {
    const broken = await t.request({ method: 'POST', url: single('dark_mode'), token: client, payload: '{"context":', headers: { 'content-type': 'application/json' } })
    expect(broken.statusCode).toBe(400)
    expect(broken.json()).toMatchObject({ key: 'dark_mode', errorCode: 'PARSE_ERROR' })
    for (const body of [{ context: 'u-1' }, {}, { context: { targetingKey: 42 } }]) {
      const res = await t.request({ method: 'POST', url: single('dark_mode'), token: client, payload: body })
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json()).toMatchObject({ key: 'dark_mode', errorCode: 'INVALID_CONTEXT', errorDetails: expect.stringMatching(/context/) })
    }
  })

  it('answers 401 without a token, and takes the token from X-API-Key as OFREP allows', async () => {
    expect((await evaluateOne('dark_mode', {}, '')).statusCode).toBe(401)
    const res = await t.request({ method: 'POST', url: single('dark_mode'), token: null, headers: { 'x-api-key': client }, payload: { context: {} } })
    expect(res.statusCode, res.body).toBe(200)
  })

  it('answers 403 to a token whose role may not evaluate (operator, viewer)', async () => {
    for (const role of ['operator', 'viewer']) {
      const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `ofrep-${role}`, role } })
      const refused = await evaluateOne('dark_mode', {}, res.json().token)
      expect(refused.statusCode, role).toBe(403)
      expect(refused.json().message).toContain(`role ${role}`)
    }
  })

  it('lets sdk tokens evaluate in their environment and admin tokens in the one they name', async () => {
    const sdk = await token('sdk', 'staging')
    expect((await evaluateOne('staging_only', {}, sdk)).json()).toMatchObject({ value: true })
    const admin = await t.request({ method: 'POST', url: `${single('staging_only')}?environment=staging`, payload: { context: {} } })
    expect(admin.json()).toMatchObject({ value: true })
  })
})

describe('OFREP bulk evaluation', () => {
  it('answers every live flag of the environment for the context, with no rules or user lists', async () => {
    const res = await evaluateAll({ targetingKey: 'user-2', plan: 'pro' })
    expect(res.statusCode).toBe(200)
    const { flags, metadata } = res.json()
    expect(flags.map((f: { key: string }) => f.key)).toEqual(['beta_users', 'copy_test', 'dark_mode', 'legacy_banner', 'new_checkout', 'pro_feature', 'staging_only', 'theme', 'theme_off'])
    expect(metadata).toMatchObject({ environment: 'production', seq: expect.any(Number) })
    expect(res.body).not.toMatch(/user-secret-1|constraints|"rules"|percentage|"plan"/)
  })

  it('answers 304 to its own ETag until a flag changes or the context does', async () => {
    const context = { targetingKey: 'u-9' }
    const first = await evaluateAll(context)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"\d+-[\w-]+"$/)
    expect((await evaluateAll(context, { 'if-none-match': etag })).statusCode).toBe(304)
    const other = await evaluateAll({ targetingKey: 'u-10' }, { 'if-none-match': etag })
    expect(other.statusCode).toBe(200)

    expect((await t.request({ method: 'PUT', url: `${flagsUrl}/legacy_banner`, payload: { enabled: true } })).statusCode).toBe(200)
    const changed = await evaluateAll(context, { 'if-none-match': etag })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
    expect(changed.json().flags.find((f: { key: string }) => f.key === 'legacy_banner')).toMatchObject({ value: true })
  })

  it('answers 400 INVALID_CONTEXT without a key for a bad context', async () => {
    const res = await t.request({ method: 'POST', url: bulk, token: client, payload: { context: [] } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ errorCode: 'INVALID_CONTEXT', errorDetails: expect.any(String) })
  })
})
