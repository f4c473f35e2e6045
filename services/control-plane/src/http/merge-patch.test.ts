import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { applyMergePatch } from './merge-patch.js'

let t: TestApp
const flags = '/api/v1/admin/feature-flags'
const chaos = '/api/v1/admin/chaos-rules'
const MERGE = { 'content-type': 'application/merge-patch+json' }

beforeAll(async () => {
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true' } })
})
afterAll(() => t.close())

function patch(url: string, body: unknown, headers: Record<string, string> = {}) {
  return t.request({ method: 'PATCH', url, payload: JSON.stringify(body), headers: { ...MERGE, ...headers } })
}

async function auditCount(entityType: string): Promise<number> {
  return (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=${entityType}&limit=1000` })).json().length
}

describe('RFC 7396 merge', () => {
  it('removes nulls, merges objects recursively and replaces arrays', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { a: null, b: { c: null, x: { y: null, z: 1 } }, e: [3] })).toEqual({ b: { d: 3, x: { z: 1 } }, e: [3] })
    expect(applyMergePatch({ a: 1 }, [1])).toEqual([1])
  })
})

describe('PATCH a feature flag', () => {
  it('changes the named fields, removes null ones, replaces arrays, and audits like PUT', async () => {
    await t.request({ method: 'POST', url: flags, payload: { key: 'merge_me', name: 'x', type: 'percentage', percentage: 5, description: 'd', variants: [{ key: 'a', weight: 1 }] } })
    const audits = await auditCount('feature_flag')
    const res = await patch(`${flags}/merge_me`, { percentage: 20, description: null, variants: [{ key: 'b', weight: 2 }] }, { 'if-match': '"1"' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    const flag = res.json()
    expect(flag).toMatchObject({ percentage: 20, variants: [{ key: 'b', weight: 2 }], name: 'x', version: 2 })
    expect(flag.description).toBeUndefined()
    expect(await auditCount('feature_flag')).toBe(audits + 1)
  })

  it('validates as PUT does, naming the field, and changes nothing', async () => {
    await t.request({ method: 'POST', url: flags, payload: { key: 'merge_bad', name: 'x', type: 'percentage', percentage: 5 } })
    const over = await patch(`${flags}/merge_bad`, { percentage: 101 })
    expect(over.statusCode).toBe(400)
    expect(over.json().message).toBe('percentage: must be ≤ 100')
    const nameless = await patch(`${flags}/merge_bad`, { name: null })
    expect(nameless.statusCode).toBe(400)
    expect(nameless.json().message).toMatch(/^name: /)
    expect((await t.request({ method: 'GET', url: `${flags}/merge_bad` })).json()).toMatchObject({ percentage: 5, version: 1 })
  })

  it('answers 412 to a stale If-Match, treats {} as no change, and wants the merge-patch media type', async () => {
    await t.request({ method: 'POST', url: flags, payload: { key: 'merge_cond', name: 'x', type: 'boolean' } })
    expect((await patch(`${flags}/merge_cond`, { enabled: true }, { 'if-match': '"1"' })).statusCode).toBe(200)
    const stale = await patch(`${flags}/merge_cond`, { enabled: false }, { 'if-match': '"1"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'SLUICE_VERSION_CONFLICT' })
    expect((await patch(`${flags}/merge_cond`, {})).json()).toMatchObject({ enabled: true, version: 2 })
    const json = await t.request({ method: 'PATCH', url: `${flags}/merge_cond`, payload: { enabled: false } })
    expect(json.statusCode).toBe(415)
    expect(json.headers['accept-patch']).toBe('application/merge-patch+json')
  })
})

describe('PATCH a chaos rule', () => {
  it('merges config field by field, and a null config field returns to its default', async () => {
    const created = await t.request({ method: 'POST', url: chaos, payload: { name: 'slow', type: 'latency', probability: 10, config: { latencyMs: 100, jitterMs: 20 } } })
    const id = created.json().id as string
    const merged = await patch(`${chaos}/${id}`, { config: { latencyMs: 300 } })
    expect(merged.statusCode, merged.body).toBe(200)
    expect(merged.json()).toMatchObject({ config: { latencyMs: 300, jitterMs: 20 }, version: 2 })
    expect((await patch(`${chaos}/${id}`, { config: { jitterMs: null } })).json()).toMatchObject({ config: { latencyMs: 300, jitterMs: 0 }, version: 3 })
    const bad = await patch(`${chaos}/${id}`, { config: { statusCode: 500 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('config.statusCode: is not a known field for latency rules')
    expect((await patch(`${chaos}/${id}`, { type: 'error', config: { statusCode: 503 } })).json()).toMatchObject({ type: 'error', config: { statusCode: 503 } })
  })
})
