import { describe, expect, it } from 'vitest'
import { ApiError, createApiClient, unwrap } from './index.js'

function fakeFetch(status: number, body: unknown, seen: Request[] = []) {
  return async (request: Request) => {
    seen.push(request)
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' } })
  }
}

describe('createApiClient', () => {
  it('sends the bearer token to the path under the given url', async () => {
    const seen: Request[] = []
    const api = createApiClient({ url: 'http://sluice.test:3001/', token: 'tok', fetch: fakeFetch(200, [], seen) })
    const flags = await unwrap(api.GET('/api/v1/admin/feature-flags'))
    expect(flags).toEqual([])
    expect(seen[0]!.url).toBe('http://sluice.test:3001/api/v1/admin/feature-flags')
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer tok')
  })

  it('checks its options at the door, naming the option', () => {
    expect(() => createApiClient({ url: 'localhost:3001', token: 't' })).toThrow(/options\.url/)
    expect(() => createApiClient({ url: 'http://127.0.0.1:3001', token: ' ' })).toThrow(/options\.token/)
  })
})

describe('unwrap', () => {
  it("turns an error answer into an ApiError carrying the server's body", async () => {
    const body = { statusCode: 404, error: 'Not Found', code: 'SLUICE_FLAG_NOT_FOUND', message: 'flag "nope" not found' }
    const api = createApiClient({ url: 'http://sluice.test', token: 'tok', fetch: fakeFetch(404, body) })
    const failure = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}', { params: { path: { key: 'nope' } } })).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject(body)
    expect((failure as ApiError).toJSON()).toEqual(body)
  })

  it('still gives the status when something in between answers with text', async () => {
    const api = createApiClient({ url: 'http://sluice.test', token: 'tok', fetch: fakeFetch(502, '<html>bad gateway</html>') })
    const failure = await unwrap(api.GET('/api/v1/admin/chaos-rules')).catch((e: unknown) => e)
    expect(failure).toMatchObject({ statusCode: 502, error: 'Bad Gateway', message: '<html>bad gateway</html>' })
  })

  it('resolves to undefined for a 204', async () => {
    const api = createApiClient({ url: 'http://sluice.test', token: 'tok', fetch: fakeFetch(204, null) })
    const id = '00000000-0000-4000-8000-000000000000'
    await expect(unwrap(api.DELETE('/api/v1/admin/chaos-rules/{id}', { params: { path: { id } } }))).resolves.toBeUndefined()
  })
})
