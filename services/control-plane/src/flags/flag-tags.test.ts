import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/rows.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/feature-flags'
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' }

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  expect(res.statusCode, res.body).toBe(status)
  return res.json()
}

async function create(key: string, tags?: string[], environment = 'production') {
  const payload = { key, name: key, type: 'boolean', enabled: true, ...(tags ? { tags } : {}) }
  return ok(await t.request({ method: 'POST', url: `${base}?environment=${environment}`, payload }), 201)
}

async function read(key: string, environment = 'production') {
  return ok(await t.request({ method: 'GET', url: `${base}/${key}?environment=${environment}` }))
}

async function listed(query: string): Promise<string[]> {
  return (await ok(await t.request({ method: 'GET', url: `${base}?${query}` }))).map((flag: { key: string }) => flag.key)
}

describe('tags on create, PUT and PATCH', () => {
  it('stores them sorted and without duplicates, and answers [] for a flag created without any', async () => {
    expect((await create('tagged', ['team:checkout', 'payments', 'payments'])).tags).toEqual(['payments', 'team:checkout'])
    expect((await create('untagged')).tags).toEqual([])
    expect((await read('untagged')).tags).toEqual([])
  })

  it('replaces them with a PUT and with a merge patch; null or [] removes them all', async () => {
    await create('retagged', ['a'])
    expect(await ok(await t.request({ method: 'PUT', url: `${base}/retagged`, payload: { tags: ['c', 'b'] } }))).toMatchObject({ tags: ['b', 'c'], version: 2 })
    const patched = await ok(await t.request({ method: 'PATCH', url: `${base}/retagged`, headers: MERGE_PATCH, payload: JSON.stringify({ tags: ['d'] }) }))
    expect(patched).toMatchObject({ tags: ['d'], version: 3 })
    const cleared = await ok(await t.request({ method: 'PATCH', url: `${base}/retagged`, headers: MERGE_PATCH, payload: JSON.stringify({ tags: null }) }))
    expect(cleared).toMatchObject({ tags: [], version: 4 })
    expect(await ok(await t.request({ method: 'PUT', url: `${base}/retagged`, payload: { tags: ['e'] } }))).toMatchObject({ tags: ['e'], version: 5 })
    expect(await ok(await t.request({ method: 'PUT', url: `${base}/retagged`, payload: { tags: [] } }))).toMatchObject({ tags: [], version: 6 })
  })

  it('is no change when the same tags come back in another order or repeated', async () => {
    await create('same', ['x', 'y'])
    expect(await ok(await t.request({ method: 'PUT', url: `${base}/same`, payload: { tags: ['y', 'x', 'x'] } }))).toMatchObject({ tags: ['x', 'y'], version: 1 })
  })

  it('refuses a bad tag with a 400 naming it as sent, and changes nothing', async () => {
    await create('guarded', ['ok'])
    const bad = await t.request({ method: 'PUT', url: `${base}/guarded`, payload: { tags: ['fine', 'also-fine', 'Not Fine'] } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^tags\[2\]: must match pattern/)
    const patched = await t.request({ method: 'PATCH', url: `${base}/guarded`, headers: MERGE_PATCH, payload: JSON.stringify({ tags: ['-leading'] }) })
    expect(patched.statusCode).toBe(400)
    expect(patched.json().message).toMatch(/^tags\[0\]: must match pattern/)
    const tooLong = await t.request({ method: 'PUT', url: `${base}/guarded`, payload: { tags: ['a'.repeat(65)] } })
    expect(tooLong.json().message).toMatch(/^tags\[0\]: must NOT have more than 64 characters/)
    const tooMany = await t.request({ method: 'PUT', url: `${base}/guarded`, payload: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } })
    expect(tooMany.json().message).toMatch(/^tags: must NOT have more than 20 items/)
    expect(await read('guarded')).toMatchObject({ tags: ['ok'], version: 1 })

    const created = await t.request({ method: 'POST', url: base, payload: { key: 'never', name: 'Never', type: 'boolean', tags: [''] } })
    expect(created.statusCode).toBe(400)
    expect(created.json().message).toMatch(/^tags\[0\]: must match pattern/)
    expect((await t.request({ method: 'GET', url: `${base}/never` })).statusCode).toBe(404)
  })
})

describe('GET ?tag=', () => {
  beforeAll(async () => {
    await create('filter_both', ['f-one', 'f-two'])
    await create('filter_one', ['f-one'])
    await create('filter_two', ['f-two', 'other'])
  })

  it('lists the flags that have every tag asked for, one or several', async () => {
    expect(await listed('tag=f-one')).toEqual(['filter_both', 'filter_one'])
    expect(await listed('tag=f-two')).toEqual(['filter_both', 'filter_two'])
    expect(await listed('tag=f-one&tag=f-two')).toEqual(['filter_both'])
    expect(await listed('tag=f-one&tag=other')).toEqual([])
    expect(await listed('tag=nobody-has-it')).toEqual([])
  })

  it('combines with includeArchived and refuses a malformed tag with a 400', async () => {
    await ok(await t.request({ method: 'DELETE', url: `${base}/filter_one` }))
    expect(await listed('tag=f-one')).toEqual(['filter_both'])
    expect(await listed('tag=f-one&includeArchived=true')).toEqual(['filter_both', 'filter_one'])
    const bad = await t.request({ method: 'GET', url: `${base}?tag=${encodeURIComponent('No Way')}` })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^tag\[0\]: must match pattern/)
  })
})

describe('tags are identity, shared by every environment', () => {
  it('gives a new flag its tags everywhere and retags every environment in one change, each streamed', async () => {
    await create('shared', ['one'], 'staging')
    expect((await read('shared', 'production')).tags).toEqual(['one'])

    const retagged = await ok(await t.request({ method: 'PUT', url: `${base}/shared?environment=production`, payload: { tags: ['two'] } }))
    expect(retagged).toMatchObject({ environment: 'production', tags: ['two'], version: 2 })
    for (const environment of ['development', 'staging']) {
      expect(await read('shared', environment), environment).toMatchObject({ tags: ['two'], version: 2 })
    }
    expect(await listed('environment=staging&tag=two')).toContain('shared')
    const history = await ok(await t.request({ method: 'GET', url: `${base}/shared/history?environment=staging` }))
    expect(history.map((entry: { flag: { tags: string[] } }) => entry.flag.tags)).toEqual([['two'], ['one']])

    const events = rowsOf<{ environment: string }>(
      await t.app.infrastructure.db.execute(sql`select environment from change_events where entity_key = 'shared' and type = 'flag.upserted' order by seq`),
    )
    expect(events.map((e) => e.environment).sort()).toEqual(['development', 'development', 'production', 'production', 'staging', 'staging'])

    const audit = await ok(await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=feature_flag&entityKey=shared' }))
    expect(audit[0]).toMatchObject({ action: 'flag.updated', before: { tags: ['one'] }, after: { tags: ['two'] } })
  })

  it('keeps the target\'s tags when a configuration is promoted', async () => {
    await create('promoted', ['kept'], 'staging')
    await ok(await t.request({ method: 'PUT', url: `${base}/promoted?environment=staging`, payload: { enabled: false } }))
    const promoted = await ok(
      await t.request({ method: 'POST', url: `${base}/promoted/promote`, payload: { from: 'staging', to: 'production', reason: 'ready' } }),
    )
    expect(promoted).toMatchObject({ enabled: false, tags: ['kept'] })
  })
})

describe('history and revert', () => {
  it('restores the tags of the version reverted to, in every environment', async () => {
    await create('reverted', ['before'])
    await ok(await t.request({ method: 'PUT', url: `${base}/reverted`, payload: { tags: ['after'] } }))
    const revert = await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/flag-version', payload: { featureKey: 'reverted', version: 1, reason: 'wrong tags' } })
    expect(revert.statusCode, revert.body).toBe(201)
    expect(await read('reverted')).toMatchObject({ tags: ['before'], version: 3 })
    expect((await read('reverted', 'staging')).tags).toEqual(['before'])
  })

  it('reads a version written before flags had tags as one without tags, and reverting to it removes them', async () => {
    await create('older', ['new'])
    await ok(await t.request({ method: 'PUT', url: `${base}/older`, payload: { enabled: false } }))
    await t.app.infrastructure.db.execute(sql`update flag_versions set flag = flag - 'tags' where flag_key = 'older' and version = 1`)
    const history = await ok(await t.request({ method: 'GET', url: `${base}/older/history` }))
    expect(history[1]).toMatchObject({ version: 1, flag: { tags: [] } })
    const revert = await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/flag-version', payload: { featureKey: 'older', version: 1, reason: 'as it was' } })
    expect(revert.statusCode, revert.body).toBe(201)
    expect(await read('older')).toMatchObject({ enabled: true, tags: [] })
  })
})
