import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readSse, type SseReader } from '../test-support/sse-reader.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
let url: string
let sdkToken: string
let viewerToken: string
const readers: SseReader[] = []
const base = '/api/v1/admin/segments'
const flags = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  const token = async (role: string) => (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: role, role } })).json().token as string
  sdkToken = await token('sdk')
  viewerToken = await token('viewer')
})
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close()
})
afterAll(() => t.close())

const PRO = [{ attribute: 'plan', operator: 'IN', values: ['pro'] }]

async function createSegment(key: string, constraints: unknown[] = PRO) {
  const res = await t.request({ method: 'POST', url: base, payload: { key, name: key, constraints } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function createRulesFlag(key: string, segments: string[]) {
  const res = await t.request({ method: 'POST', url: flags, payload: { key, name: key, type: 'rules', enabled: true, rules: [{ segments }] } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function audit(key: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=segment&entityKey=${key}` })).json() as Array<{ action: string }>
}

describe('segments CRUD', () => {
  it('creates, reads, lists, updates with If-Match and deletes a segment, auditing each change', async () => {
    const created = await createSegment('crud-seg')
    expect(created).toMatchObject({ key: 'crud-seg', name: 'crud-seg', constraints: PRO, version: 1 })

    const got = await t.request({ method: 'GET', url: `${base}/crud-seg` })
    expect(got.headers.etag).toBe('"1"')
    expect((await t.request({ method: 'GET', url: `${base}/crud-seg`, headers: { 'if-none-match': '"1"' } })).statusCode).toBe(304)
    expect((await t.request({ method: 'GET', url: base, token: viewerToken })).json().map((s: { key: string }) => s.key)).toContain('crud-seg')

    const constraints = [{ attribute: 'plan', operator: 'IN', values: ['pro', 'enterprise'] }]
    const updated = await t.request({ method: 'PUT', url: `${base}/crud-seg`, headers: { 'if-match': '"1"' }, payload: { constraints } })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.json()).toMatchObject({ constraints, version: 2 })

    const stale = await t.request({ method: 'PUT', url: `${base}/crud-seg`, headers: { 'if-match': '1' }, payload: { name: 'late' } })
    expect(stale.statusCode).toBe(412)
    expect(stale.json().code).toBe('SLUICE_VERSION_CONFLICT')

    expect((await t.request({ method: 'DELETE', url: `${base}/crud-seg` })).statusCode).toBe(204)
    expect((await t.request({ method: 'GET', url: `${base}/crud-seg` })).statusCode).toBe(404)
    expect((await audit('crud-seg')).map((e) => e.action).sort()).toEqual(['segment.created', 'segment.deleted', 'segment.updated'])
  })

  it('refuses a duplicate key with 409 and an unknown one with 404', async () => {
    await createSegment('dup-seg')
    expect((await t.request({ method: 'POST', url: base, payload: { key: 'dup-seg', name: 'again', constraints: [] } })).statusCode).toBe(409)
    expect((await t.request({ method: 'PUT', url: `${base}/nope`, payload: { name: 'x' } })).statusCode).toBe(404)
    expect((await t.request({ method: 'DELETE', url: `${base}/nope` })).statusCode).toBe(404)
  })

  it.each([
    ['an unknown operator', [{ attribute: 'plan', operator: 'LIKE', values: ['pro'] }], /^constraints\[0\]\.operator: must be one of: IN, NOT_IN/],
    ['a semver operator with a bad version', [{ attribute: 'v', operator: 'SEMVER_GT', value: 'two' }], /^constraints\[0\]\.value: not a semantic version/],
    ['a regex that does not compile', [{ attribute: 'email', operator: 'REGEX', value: '(' }], /^constraints\[0\]\.value: /],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_name, constraints, message) => {
    const res = await t.request({ method: 'POST', url: base, payload: { key: 'bad-seg', name: 'bad', constraints } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(message)
    expect((await t.request({ method: 'GET', url: `${base}/bad-seg` })).statusCode).toBe(404)
  })

  it('names an update\'s bad constraint with the segment error code, and leaves the segment as it was', async () => {
    await createSegment('kept-seg')
    const res = await t.request({ method: 'PUT', url: `${base}/kept-seg`, payload: { constraints: [{ attribute: 'ip', operator: 'IN_CIDR', values: ['10.0.0.0/8', 'nope'] }] } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'SLUICE_INVALID_SEGMENT', message: expect.stringMatching(/^constraints\[0\]\.values\[1\]: /) })
    expect((await t.request({ method: 'GET', url: `${base}/kept-seg` })).json()).toMatchObject({ constraints: PRO, version: 1 })
  })

  it('lets only admins write and any reader read', async () => {
    expect((await t.request({ method: 'POST', url: base, token: viewerToken, payload: { key: 'v-seg', name: 'v', constraints: [] } })).statusCode).toBe(403)
    expect((await t.request({ method: 'GET', url: base, token: viewerToken })).statusCode).toBe(200)
  })
})

describe('a segment in use', () => {
  it('cannot be deleted while a flag names it (409 naming the flag), and can once the flag is archived', async () => {
    await createSegment('used-seg')
    await createRulesFlag('uses-seg', ['used-seg'])
    const refused = await t.request({ method: 'DELETE', url: `${base}/used-seg` })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'SLUICE_SEGMENT_IN_USE' })
    expect(refused.json().message).toContain('"uses-seg"')
    expect((await t.request({ method: 'GET', url: `${base}/used-seg` })).statusCode).toBe(200)

    expect((await t.request({ method: 'DELETE', url: `${flags}/uses-seg` })).statusCode).toBe(200)
    expect((await t.request({ method: 'DELETE', url: `${base}/used-seg` })).statusCode).toBe(204)
  })

  it('changes the answers of the flags that name it at once, without a new flag version', async () => {
    await createSegment('eu', [{ attribute: 'country', operator: 'IN', values: ['DE'] }])
    const flag = await createRulesFlag('eu-only', ['eu'])
    const check = async () => (await t.request({ method: 'GET', url: `${flags}/eu-only/check?userId=u1&attr.country=FR` })).json()
    expect(await check()).toMatchObject({ enabled: false })
    await t.request({ method: 'PUT', url: `${base}/eu`, payload: { constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] } })
    expect(await check()).toMatchObject({ enabled: true, version: flag.version })
  })
})

describe('segments on the stream', () => {
  it('sends segment.upserted and segment.deleted, and the snapshot and /sdk/state carry segments', async () => {
    await createSegment('streamed-seg')
    const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdkToken}` })
    readers.push(reader)
    const [snapshot] = await reader.waitFor(1)
    expect(JSON.parse(snapshot!.data).segments.map((s: { key: string }) => s.key)).toContain('streamed-seg')

    const constraints = [{ attribute: 'plan', operator: 'IN', values: ['team'] }]
    await t.request({ method: 'PUT', url: `${base}/streamed-seg`, payload: { constraints } })
    await t.request({ method: 'DELETE', url: `${base}/streamed-seg` })
    const [, upserted, deleted] = await reader.waitFor(3)
    expect(upserted!.event).toBe('segment.upserted')
    expect(JSON.parse(upserted!.data)).toMatchObject({ key: 'streamed-seg', constraints, version: 2, seq: Number(upserted!.id) })
    expect(deleted!.event).toBe('segment.deleted')
    expect(JSON.parse(deleted!.data)).toEqual({ seq: Number(deleted!.id), key: 'streamed-seg' })

    await createSegment('polled-seg')
    const state = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken })
    expect(state.json().segments.map((s: { key: string }) => s.key)).toEqual(expect.arrayContaining(['polled-seg']))
    expect(state.json().segments.map((s: { key: string }) => s.key)).not.toContain('streamed-seg')
  })
})
