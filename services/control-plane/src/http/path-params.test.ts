import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  await t.app.ready()
})
afterAll(() => t.close())

interface ParamSchema {
  maxLength?: number
  format?: string
  pattern?: string
}
interface Operation {
  parameters?: Array<{ in: string; name: string; schema: ParamSchema }>
}

/** Every operation with a path parameter, from the app's own OpenAPI document. */
function operationsWithPathParams(): Array<{ method: string; path: string; params: Array<{ name: string; schema: ParamSchema }> }> {
  const document = t.app.swagger() as { paths: Record<string, Record<string, Operation>> }
  const found = []
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path')
      if (params.length > 0) found.push({ method: method.toUpperCase(), path, params })
    }
  }
  return found
}

/** The longest value the parameter's schema accepts. */
function longestValid(name: string, schema: ParamSchema): string {
  expect(schema.maxLength, `path parameter ${name} has a maxLength`).toBeTypeOf('number')
  const value = schema.format === 'uuid' ? randomUUID() : 'a'.repeat(schema.maxLength!)
  expect(value.length, name).toBe(schema.maxLength)
  if (schema.pattern) expect(value, `the test's value for ${name} fits its pattern`).toMatch(new RegExp(schema.pattern))
  return value
}

function url(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!)
}

async function send(method: string, target: string) {
  if (method === 'PATCH') return t.request({ method: 'PATCH', url: target, headers: { 'content-type': 'application/merge-patch+json' }, payload: '{}' })
  const withBody = method === 'POST' || method === 'PUT'
  return t.request({ method: method as 'GET', url: target, ...(withBody ? { payload: {} } : {}) })
}

describe('path parameters', () => {
  it('finds the routes to walk', () => {
    const paths = operationsWithPathParams().map((op) => op.path)
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/admin/feature-flags/{key}', '/api/v1/admin/canary-deployments/{key}', '/api/v1/admin/chaos-rules/{id}', '/api/v1/admin/api-tokens/{id}']))
  })

  it('addresses every route with a value of its parameter\'s maximum length', async () => {
    for (const op of operationsWithPathParams()) {
      const values = Object.fromEntries(op.params.map((p) => [p.name, longestValid(p.name, p.schema)]))
      const res = await send(op.method, url(op.path, values))
      const where = `${op.method} ${op.path}: ${res.statusCode} ${res.body}`
      expect(res.statusCode, where).not.toBe(414)
      expect(res.body, where).not.toMatch(/FST_ERR_MAX_PARAM_LENGTH|SLUICE_ROUTE_NOT_FOUND|params\//)
      expect(res.statusCode, where).toBeLessThan(500)
    }
  })

  it('answers a value one character too long with a 400 naming the parameter', async () => {
    for (const op of operationsWithPathParams()) {
      for (const long of op.params) {
        const values = Object.fromEntries(op.params.map((p) => [p.name, longestValid(p.name, p.schema)]))
        values[long.name] += 'a'
        const res = await send(op.method, url(op.path, values))
        const where = `${op.method} ${op.path}`
        expect(res.statusCode, where).toBe(400)
        expect(res.json().message, where).toMatch(new RegExp(`^${long.name}: `))
      }
    }
  })

  it('creates, reads, changes, checks and archives a flag whose key has the maximum length', async () => {
    const key = `k${'x'.repeat(127)}`
    const base = `/api/v1/admin/feature-flags`
    expect((await t.request({ method: 'POST', url: base, payload: { key, name: 'Longest key', type: 'boolean', enabled: false } })).statusCode).toBe(201)
    expect((await t.request({ method: 'GET', url: `${base}/${key}` })).json()).toMatchObject({ key, version: 1 })
    expect((await t.request({ method: 'PUT', url: `${base}/${key}`, payload: { enabled: true } })).json()).toMatchObject({ enabled: true, version: 2 })
    expect((await t.request({ method: 'GET', url: `${base}/${key}/check` })).json()).toMatchObject({ enabled: true })
    expect((await t.request({ method: 'GET', url: `${base}/${key}/history` })).json()).toHaveLength(2)
    expect((await t.request({ method: 'DELETE', url: `${base}/${key}` })).json()).toMatchObject({ archived: true })
  })
})
