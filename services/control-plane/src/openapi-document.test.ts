import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderOpenApiDocument } from './openapi-document.js'

const committedPath = fileURLToPath(new URL('../../../openapi/openapi.json', import.meta.url))
const root = fileURLToPath(new URL('../../..', import.meta.url))

interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  security?: unknown[]
  responses: Record<string, unknown>
}

let rendered: string
let document: { paths: Record<string, Record<string, Operation>> }

beforeAll(async () => {
  rendered = await renderOpenApiDocument()
  document = JSON.parse(rendered)
})

describe('the OpenAPI document', () => {
  it('is committed as generated from the current route schemas (run `pnpm openapi` if this fails)', async () => {
    expect(await readFile(committedPath, 'utf8')).toBe(rendered)
  })

  it('gives every operation an id, a summary, a tag and its error responses', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/)
        expect(op.summary, where).toBeTruthy()
        expect(op.tags?.length, where).toBeGreaterThan(0)
        if (!path.startsWith('/api/')) continue
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['401', '403']))
      }
    }
  })

  it('describes every response in its own words', () => {
    const placeholders: string[] = []
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if ((response as { description?: string }).description === 'Default Response') placeholders.push(`${method.toUpperCase()} ${path} ${status}`)
        }
      }
    }
    expect(placeholders).toEqual([])
  })

  it('passes redocly lint with no errors and no warnings', () => {
    const result = spawnSync('npx', ['redocly', 'lint', committedPath, '--format=summary'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
      encoding: 'utf8',
    })
    const output = `${result.stdout}${result.stderr}`
    expect(result.status, output).toBe(0)
    expect(output).toMatch(/Your API description is valid/)
    expect(output).not.toMatch(/You have \d+ (warning|error)/)
  }, 60_000)
})
