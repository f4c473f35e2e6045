import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/chaos-rules'

beforeAll(async () => {
  // The server allows chaos; only the environment's production mark may refuse it.
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' }, jobIntervalMs: 3_600_000 })
})
afterAll(() => t.close())

const rule = { name: 'slow wallet', type: 'latency', probability: 10, config: { latencyMs: 100 } }

describe('chaos rules in a production environment', () => {
  it('refuses an enabled rule with 403 naming the environment, whatever the server settings, and writes nothing', async () => {
    const res = await t.request({ method: 'POST', url: `${base}?environment=production`, payload: { ...rule, enabled: true } })
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json().code).toBe('SLUICE_CHAOS_FORBIDDEN')
    expect(res.json().message).toContain('"production"')
    expect((await t.request({ method: 'GET', url: `${base}?environment=production` })).json()).toEqual([])
  })

  it('refuses enabling a disabled rule there, and keeps it disabled', async () => {
    const created = await t.request({ method: 'POST', url: `${base}?environment=production`, payload: { ...rule, enabled: false } })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id
    const res = await t.request({ method: 'PUT', url: `${base}/${id}?environment=production`, payload: { enabled: true } })
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json().message).toContain('"production"')
    expect((await t.request({ method: 'GET', url: `${base}/${id}?environment=production` })).json().enabled).toBe(false)
  })

  it('allows the same rule in staging, and keeps each environment to its own rules', async () => {
    const res = await t.request({ method: 'POST', url: `${base}?environment=staging`, payload: { ...rule, enabled: true } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().environment).toBe('staging')
    const id = res.json().id
    expect((await t.request({ method: 'GET', url: `${base}/${id}?environment=development` })).statusCode).toBe(404)
    const staging = (await t.request({ method: 'GET', url: base })).json() as Array<{ id: string }>
    expect(staging.map((r) => r.id)).toContain(id)
  })

  it('answers 404 naming an unknown environment', async () => {
    const res = await t.request({ method: 'POST', url: `${base}?environment=nowhere`, payload: { ...rule, enabled: true } })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('SLUICE_ENVIRONMENT_NOT_FOUND')
  })
})
