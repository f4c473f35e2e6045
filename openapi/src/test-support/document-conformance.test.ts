import { describe, expect, it } from 'vitest'
import { conformanceChecker } from './document-conformance.js'

const document = {
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          202: { description: 'accepted, no body', headers: { location: { schema: { type: 'string' } } } },
          204: { description: 'none' },
        },
      },
    },
  },
  components: {
    schemas: { Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } },
  },
}

const answering = (status: number, body?: unknown, headers: Record<string, string> = {}) => async () =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  })

async function mismatchesFor(status: number, body?: unknown, path = '/things/1', headers?: Record<string, string>) {
  const checker = conformanceChecker({ document, fetch: answering(status, body, headers) })
  await checker.fetch(new Request(`http://sluice.test${path}`))
  return checker.mismatches.map((m) => `${m.operation} ${m.status}: ${m.problem}`)
}

describe('the conformance checker', () => {
  it('accepts an answer the document describes', async () => {
    expect(await mismatchesFor(200, { id: '00000000-0000-4000-8000-000000000000' })).toEqual([])
    expect(await mismatchesFor(204)).toEqual([])
  })

  it('reports a body that breaks the schema, and a field the schema does not name', async () => {
    expect(await mismatchesFor(200, { id: 'not-a-uuid' })).toEqual([expect.stringContaining('must match format "uuid"')])
    expect(await mismatchesFor(200, { id: '00000000-0000-4000-8000-000000000000', extra: 1 })).toEqual([
      expect.stringContaining('must NOT have unevaluated properties'),
    ])
  })

  it('reports an undeclared status, an unexpected body and an unknown operation', async () => {
    expect(await mismatchesFor(409, { statusCode: 409 })).toEqual(['GET /things/{id} 409: status not declared (declared: 200, 202, 204)'])
    expect(await mismatchesFor(202, { id: 'x' }, undefined, { location: '/things/1' })).toEqual([expect.stringContaining('declared without a body')])
    expect(await mismatchesFor(200, {}, '/other')).toEqual(['GET /other 200: no such operation in the document'])
  })

  it('reports a header a client acts on that is sent but not declared, or declared but not sent', async () => {
    expect(await mismatchesFor(204, undefined, undefined, { 'x-request-id': 'r1' })).toEqual([])
    expect(await mismatchesFor(202, undefined, undefined, { location: '/things/1' })).toEqual([])
    expect(await mismatchesFor(204, undefined, undefined, { etag: '"3"' })).toEqual(['GET /things/{id} 204: sends the etag header, which is not declared'])
    expect(await mismatchesFor(202)).toEqual(['GET /things/{id} 202: declares the location header but did not send it'])
  })
})
