import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { registerCors } from './cors.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const SHOP = 'https://shop.example.com'
let t: TestApp
let client: string

async function token(role: string, name: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name, role } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().token
}

beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000, env: { CORS_ORIGINS: `${SHOP}, http://127.0.0.1:5173`, CLIENT_RATE_LIMIT: '20' } })
  client = await token('client', 'storefront')
  const flag = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'checkout_redesign', name: 'Checkout redesign', type: 'percentage' } })
  expect(flag.statusCode, flag.body).toBe(201)
  const canary = await t.request({
    method: 'POST',
    url: '/api/v1/admin/canary-deployments',
    payload: { featureKey: 'checkout_redesign', version: 'v2', minSampleSize: 10_000_000, latencyGuard: null },
  })
  expect(canary.statusCode, canary.body).toBe(201)
})
afterAll(() => t.close())

describe('CORS on the browser routes', () => {
  it('answers a preflight from a listed origin with what a page needs, and refuses another origin by name', async () => {
    const preflight = await t.request({
      method: 'OPTIONS',
      url: '/ofrep/v1/evaluate/flags',
      token: null,
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': expect.stringContaining('Authorization'),
      vary: 'Origin',
    })
    const evil = await t.request({ method: 'OPTIONS', url: '/api/v1/client/outcomes', token: null, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
    expect(evil.statusCode).toBe(403)
    expect(evil.headers['access-control-allow-origin']).toBeUndefined()
    expect(evil.json().message).toContain('"https://evil.example" is not allowed: add it to CORS_ORIGINS')
  })

  it('lets a listed origin read answers and refusals (ETag included), and never opens the admin API to pages', async () => {
    const answer = await t.request({ method: 'POST', url: '/ofrep/v1/evaluate/flags', token: client, headers: { origin: SHOP }, payload: { context: { targetingKey: 'u-1' } } })
    expect(answer.headers).toMatchObject({ 'access-control-allow-origin': SHOP, 'access-control-expose-headers': expect.stringContaining('ETag') })
    const refused = await t.request({ method: 'POST', url: '/ofrep/v1/evaluate/flags', token: 'sluice_client_wrong', headers: { origin: SHOP }, payload: { context: {} } })
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['access-control-allow-origin']).toBe(SHOP)
    const admin = await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags', headers: { origin: SHOP } })
    expect(admin.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await t.request({ method: 'OPTIONS', url: '/api/v1/admin/feature-flags', token: null, headers: { origin: SHOP, 'access-control-request-method': 'GET' } })
    expect(preflight.statusCode).toBe(404)
  })

  it('allows no origin at all when CORS_ORIGINS is unset', async () => {
    expect(loadConfig({}).corsOrigins).toEqual([])
    const bare = Fastify()
    registerCors(bare, [])
    bare.post('/ofrep/v1/evaluate/flags', async () => ({ flags: [] }))
    const preflight = await bare.inject({ method: 'OPTIONS', url: '/ofrep/v1/evaluate/flags', headers: { origin: SHOP, 'access-control-request-method': 'POST' } })
    expect(preflight.statusCode).toBe(403)
    const call = await bare.inject({ method: 'POST', url: '/ofrep/v1/evaluate/flags', headers: { origin: SHOP }, payload: {} })
    expect(call.headers['access-control-allow-origin']).toBeUndefined()
    await bare.close()
  })

  it('refuses a CORS_ORIGINS entry that is not an origin, naming it', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://shop.example.com/, *' })).toThrow(/CORS_ORIGINS must list origins.*"https:\/\/shop.example.com\/"[\s\S]*"\*"/)
  })
})

describe('rate limiting of client tokens', () => {
  it('answers 429 with Retry-After past CLIENT_RATE_LIMIT for one token and address, and leaves other addresses and sdk tokens alone', async () => {
    const limited = await token('client', 'looping-page')
    const call = (as: string, ip = '203.0.113.7') =>
      t.app.inject({ method: 'POST', url: '/ofrep/v1/evaluate/flags', remoteAddress: ip, headers: { authorization: `Bearer ${as}` }, payload: { context: { targetingKey: 'u-1' } } })
    for (let i = 0; i < 20; i++) expect((await call(limited)).statusCode).toBe(200)
    const refused = await call(limited)
    expect(refused.statusCode).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(refused.json()).toMatchObject({ code: 'SLUICE_TOO_MANY_REQUESTS', message: expect.stringContaining('CLIENT_RATE_LIMIT=20') })
    expect((await call(limited, '198.51.100.9')).statusCode).toBe(200)
    const sdk = await token('sdk', 'server')
    for (let i = 0; i < 22; i++) expect((await call(sdk)).statusCode).toBe(200)
  })
})

describe('POST /api/v1/client/outcomes', () => {
  it("counts a browser's outcomes into the canary, also as sendBeacon sends them (text/plain, token in the query)", async () => {
    const items = [
      { flagKey: 'checkout_redesign', side: 'canary', requests: 20, errors: 2, latencyMsSum: 400 },
      { flagKey: 'checkout_redesign', side: 'baseline', requests: 30, errors: 0, latencyMsSum: 600 },
    ]
    const viaFetch = await t.request({ method: 'POST', url: '/api/v1/client/outcomes', token: client, payload: { items } })
    expect(viaFetch.statusCode, viaFetch.body).toBe(202)
    expect(viaFetch.json()).toEqual({ accepted: 2, ignored: 0 })
    const viaBeacon = await t.request({
      method: 'POST',
      url: `/api/v1/client/outcomes?clientKey=${client}`,
      token: null,
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SHOP },
      payload: JSON.stringify({ items }),
    })
    expect(viaBeacon.statusCode, viaBeacon.body).toBe(202)
    await t.app.canaryAnalysis.settled()
    const canary = (await t.request({ method: 'GET', url: '/api/v1/admin/canary-deployments/checkout_redesign' })).json()
    expect(canary.metrics).toMatchObject({ canary: { requests: 40, errors: 4 }, baseline: { requests: 60, errors: 0 } })
  })

  it('refuses a bad item naming the field, and a query token anywhere but the client routes', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/client/outcomes', token: client, payload: { items: [{ flagKey: 'checkout_redesign', side: 'middle', requests: 1, errors: 0, latencyMsSum: 1 }] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/items\[0\]\.side/)
    const admin = await t.request({ method: 'GET', url: `/api/v1/admin/feature-flags?clientKey=${client}`, token: null })
    expect(admin.statusCode).toBe(401)
  })
})

describe('GET /api/v1/client/stream', () => {
  it('says "changed, seq N" for its environment only, never what changed', async () => {
    const url = await baseUrl()
    const controller = new AbortController()
    const res = await fetch(`${url}/api/v1/client/stream`, { headers: { authorization: `Bearer ${client}`, origin: SHOP }, signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += (await reader.read()).value ?? ''
      return text
    }
    await readUntil(/data: \{"type":"refetchEvaluation","seq":\d+\}\n\n/)
    const first = text
    await t.request({ method: 'PUT', url: '/api/v1/admin/feature-flags/checkout_redesign?environment=staging', payload: { enabled: true } })
    const put = await t.request({ method: 'PATCH', url: '/api/v1/admin/feature-flags/checkout_redesign', payload: JSON.stringify({ enabled: false }), headers: { 'content-type': 'application/merge-patch+json' } })
    expect(put.statusCode, put.body).toBe(200)
    const seq = await latestSeq()
    await readUntil(new RegExp(`id: ${seq}\\ndata: \\{"type":"refetchEvaluation","seq":${seq}\\}`))
    const events = text.slice(first.length).match(/^data: .*$/gm)
    expect(events).toEqual([`data: {"type":"refetchEvaluation","seq":${seq}}`])
    controller.abort()
  })
})

describe('revoking a client token', () => {
  it('ends the streams it holds open, and refuses their reconnect', async () => {
    const url = await baseUrl()
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'retired storefront', role: 'client' } })
    const { id, token: retired } = res.json()
    const open = await fetch(`${url}/api/v1/client/stream`, { headers: { authorization: `Bearer ${retired}` } })
    expect(open.status).toBe(200)
    const reader = open.body!.getReader()
    await reader.read()
    expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    // The server ends the response: reading it to its end finishes instead of waiting for the next ping.
    const ended = (async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
      return true
    })()
    expect(await Promise.race([ended, new Promise((resolve) => setTimeout(() => resolve(false), 5_000))])).toBe(true)
    expect((await fetch(`${url}/api/v1/client/stream`, { headers: { authorization: `Bearer ${retired}` } })).status).toBe(401)
  })
})

/** The app's address, listening on first use (both stream tests need a real socket). */
async function baseUrl(): Promise<string> {
  const address = t.app.server.address()
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`
  return t.app.listen({ port: 0, host: '127.0.0.1' })
}

async function latestSeq(): Promise<number> {
  const res = await t.request({ method: 'POST', url: '/ofrep/v1/evaluate/flags', token: client, payload: { context: {} } })
  return res.json().metadata.seq
}
