import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderOpenApiDocument } from '../openapi-document.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const src = fileURLToPath(new URL('..', import.meta.url))

let codes: string[]
let reasons: string[]
let t: TestApp

beforeAll(async () => {
  const document = JSON.parse(await renderOpenApiDocument())
  codes = document.components.schemas.Error.properties.code.enum
  reasons = document.components.schemas.FlagCheck.properties.reason.enum
  t = await createTestApp()
})
afterAll(() => t.close())

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.parentPath.includes('test-support'))
    .map((e) => join(e.parentPath, e.name))
}

describe('error codes and reasons are closed enums in the OpenAPI document', () => {
  it('lists every SLUICE_ code the service source names (environment variables aside)', async () => {
    const named = new Set<string>()
    for (const file of await sources(src)) {
      const text = await readFile(file, 'utf8')
      // An environment variable is read or named through config.ts, never as an error code.
      if (file.endsWith('config.ts')) continue
      for (const match of text.matchAll(/'(SLUICE_[A-Z_]+)'/g)) named.add(match[1]!)
    }
    expect(named.size).toBeGreaterThan(20)
    expect([...named].filter((code) => !codes.includes(code))).toEqual([])
  })

  it("maps Fastify's own error codes into the enum", async () => {
    const tooLarge = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', headers: { 'content-type': 'application/json' }, payload: `{"name":"${'x'.repeat(2_000_000)}"}` })
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json().code).toBe('SLUICE_BODY_TOO_LARGE')
    const badJson = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', headers: { 'content-type': 'application/json' }, payload: '{"key":' })
    expect(badJson.statusCode).toBe(400)
    expect(codes).toContain(badJson.json().code)
  })

  it('lists every reason /check answers', () => {
    expect(reasons).toEqual(expect.arrayContaining(['not_found', 'archived', 'disabled', 'default', 'rollout', 'out_of_rollout', 'missing_stickiness', 'targeted', 'not_targeted', 'error']))
  })
})
