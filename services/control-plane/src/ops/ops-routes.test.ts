import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { testRedisUrl } from '../test-support/test-env.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('operations endpoints', () => {
  it('answers /healthz without a token', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz', token: null })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.request({ method: 'GET', url: '/readyz', token: null })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      status: 'ready',
      database: 'ok',
      migrations: 'ok',
      pendingMigrations: [],
      redis: testRedisUrl() ? 'ok' : 'disabled',
    })
  })

  it('exposes Prometheus metrics with per-route request counts', async () => {
    await t.request({ method: 'GET', url: '/api/v1/admin/audit-log' })
    const res = await t.request({ method: 'GET', url: '/metrics', token: null })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.body).toMatch(/sluice_http_requests_total\{method="GET",route="\/api\/v1\/admin\/audit-log",status="200"\} [1-9]/)
    expect(res.body).toMatch(/# TYPE sluice_http_request_duration_seconds histogram/)
    expect(res.body).toMatch(/# TYPE sluice_sse_clients gauge/)
  })

  it('serves the interactive reference and the OpenAPI document without a token', async () => {
    const docs = await t.request({ method: 'GET', url: '/docs/', token: null })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toMatch(/text\/html/)
    expect(docs.body).toMatch(/<title>Sluice API reference<\/title>/)
    const initializer = await t.request({ method: 'GET', url: '/docs/static/swagger-initializer.js', token: null })
    expect(Buffer.from(initializer.body.match(/base64,([A-Za-z0-9+/=]+)/)![1]!, 'base64').toString()).toMatch(/>Sluice</)
    const spec = await t.request({ method: 'GET', url: '/openapi.json', token: null })
    expect(spec.statusCode).toBe(200)
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(spec.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Sluice control plane', version } })
    expect(spec.json().paths).toHaveProperty('/api/v1/admin/api-tokens')
    expect(spec.json().components.schemas).toHaveProperty('ApiToken')
  })
})
