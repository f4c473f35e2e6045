import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { renderSchemaTypes, requestDefaultsOptional, SCHEMA_PATH } from '../scripts/render-schema.js'

describe('the generated client types', () => {
  it('are committed as generated from openapi.json (run `pnpm openapi` at the root if this fails)', async () => {
    expect(await readFile(SCHEMA_PATH, 'utf8')).toBe(await renderSchemaTypes())
  }, 30_000)

  it('let callers leave out request fields and query parameters the service defaults', () => {
    const document = {
      paths: {
        '/things/{id}': {
          post: {
            parameters: [
              { in: 'path', name: 'id', required: true, schema: { type: 'string', default: 'x' } },
              { in: 'query', name: 'all', required: true, schema: { type: 'boolean', default: false } },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['key', 'threshold', 'nested'],
                    properties: {
                      key: { type: 'string' },
                      threshold: { type: 'number', default: 5 },
                      nested: { type: 'object', required: ['hold'], properties: { hold: { type: 'integer', default: 300 } } },
                    },
                  },
                },
              },
            },
            responses: { 200: { content: { 'application/json': { schema: { type: 'object', required: ['threshold'], properties: { threshold: { type: 'number', default: 5 } } } } } } },
          },
        },
      },
    }
    const relaxed = requestDefaultsOptional(document) as typeof document
    const operation = relaxed.paths['/things/{id}'].post
    expect(operation.parameters.map((p) => p.required)).toEqual([true, false])
    const body = operation.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['key', 'nested'])
    expect(body.properties.nested).not.toHaveProperty('required')
    expect(operation.responses[200].content['application/json'].schema.required).toEqual(['threshold'])
    expect(document.paths['/things/{id}'].post.parameters[1]!.required).toBe(true)
  })
})
