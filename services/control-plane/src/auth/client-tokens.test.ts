/**
 * `client` tokens (DESIGN §15): environment-bound, shipped inside web pages, so they may
 * evaluate through OFREP and the client routes and nothing else. Every other operation of the
 * published document answers 403, so a route added later is refused to them unless its
 * access says otherwise.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const document = JSON.parse(await readFile(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>
}

/** The operations a client token may call: answers for one context, never rules. */
const CLIENT_PATHS = ['/ofrep/v1/evaluate/flags', '/ofrep/v1/evaluate/flags/{key}', '/api/v1/client/stream', '/api/v1/client/outcomes']

let t: TestApp
let client: { id: string; token: string; role: string; environment: string }

beforeAll(async () => {
  t = await createTestApp()
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'storefront', role: 'client', environment: 'staging' } })
  expect(res.statusCode, res.body).toBe(201)
  client = res.json()
})
afterAll(() => t.close())

describe('client tokens', () => {
  it('are created by an admin, bound to one environment, and shown once with a visible role prefix', async () => {
    expect(client).toMatchObject({ role: 'client', environment: 'staging', environments: null })
    expect(client.token).toMatch(/^sluice_client_/)
    const fallback = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'default-env', role: 'client' } })
    expect(fallback.json()).toMatchObject({ role: 'client', environment: 'production' })
  })

  it('cannot be limited to a list of environments', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'x', role: 'client', environments: ['staging'] } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'SLUICE_TOKEN_SCOPE_INVALID', message: expect.stringContaining('client token is bound to one environment') })
  })

  it('may not create tokens, even client ones', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', token: client.token, payload: { name: 'x', role: 'client' } })
    expect(res.statusCode).toBe(403)
    expect(res.json().message).toMatch(/role client; this action needs admin/)
  })

  it('cannot read the SDK state or stream, whose snapshots carry rules and user lists', async () => {
    for (const url of ['/api/v1/sdk/state', '/api/v1/sdk/stream']) {
      const res = await t.request({ method: 'GET', url, token: client.token })
      expect(res.statusCode, url).toBe(403)
    }
  })

  it('gets 403 from every operation of the document but OFREP and the client routes', async () => {
    const refused: string[] = []
    const allowed: string[] = []
    for (const [path, methods] of Object.entries(document.paths)) {
      // The client stream never ends, so inject would wait forever; client-stream.test.ts opens it.
      if ((!path.startsWith('/api/') && !path.startsWith('/ofrep/')) || path === '/api/v1/client/stream') continue
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{(\w+)\}/g, 'x')
        const res = await t.request({ method: method.toUpperCase() as 'GET', url, token: client.token, payload: method === 'get' || method === 'delete' ? undefined : {} })
        ;(res.statusCode === 403 ? refused : allowed).push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(allowed.map((op) => op.split(' ')[1]).filter((path) => !CLIENT_PATHS.includes(path!))).toEqual([])
    expect(allowed.sort()).toEqual(['POST /api/v1/client/outcomes', 'POST /ofrep/v1/evaluate/flags', 'POST /ofrep/v1/evaluate/flags/{key}'])
    expect(refused.length).toBeGreaterThan(40)
  })
})
