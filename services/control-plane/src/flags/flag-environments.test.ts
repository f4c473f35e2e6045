import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../db/rows.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
const base = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

async function ok(res: { statusCode: number; body: string; json(): any }, status = 200) {
  expect(res.statusCode, res.body).toBe(status)
  return res.json()
}

describe('environments', () => {
  it('starts with development, staging and production, production marked as such', async () => {
    const list = await ok(await t.request({ method: 'GET', url: '/api/v1/admin/environments' }))
    expect(list.map((e: { key: string; production: boolean }) => [e.key, e.production])).toEqual([
      ['development', false],
      ['staging', false],
      ['production', true],
    ])
  })

  it('creates, renames and deletes an environment; a new one has every flag, disabled', async () => {
    await ok(await t.request({ method: 'POST', url: base, payload: { key: 'before_qa', name: 'Before QA', type: 'boolean', enabled: true } }), 201)
    const qa = await ok(await t.request({ method: 'POST', url: '/api/v1/admin/environments', payload: { key: 'qa', name: 'QA', sortOrder: 15 } }), 201)
    expect(qa).toMatchObject({ key: 'qa', name: 'QA', production: false, sortOrder: 15 })
    expect(await ok(await t.request({ method: 'GET', url: `${base}/before_qa?environment=qa` }))).toMatchObject({
      environment: 'qa',
      enabled: false,
      version: 1,
    })
    // Streamed like any flag change, so every replica's memory and qa's SDKs have it.
    const events = rowsOf<{ type: string }>(
      await t.app.infrastructure.db.execute(sql`select type from change_events where entity_key = 'before_qa' and environment = 'qa'`),
    )
    expect(events).toEqual([{ type: 'flag.upserted' }])
    const dup = await t.request({ method: 'POST', url: '/api/v1/admin/environments', payload: { key: 'qa', name: 'QA again' } })
    expect(dup.statusCode).toBe(409)
    expect(await ok(await t.request({ method: 'PUT', url: '/api/v1/admin/environments/qa', payload: { name: 'Quality' } }))).toMatchObject({ name: 'Quality' })

    await ok(await t.request({ method: 'PUT', url: `${base}/before_qa?environment=qa`, payload: { enabled: true } }))
    const busy = await t.request({ method: 'DELETE', url: '/api/v1/admin/environments/qa' })
    expect(busy.statusCode).toBe(409)
    expect(busy.json()).toMatchObject({ code: 'SLUICE_ENVIRONMENT_IN_USE', message: expect.stringContaining('1 flags') })
    await ok(await t.request({ method: 'PUT', url: `${base}/before_qa?environment=qa`, payload: { enabled: false } }))
    // Turned off again but edited: its config there is state someone made.
    expect((await t.request({ method: 'DELETE', url: '/api/v1/admin/environments/qa' })).statusCode).toBe(409)
  })

  it('audits every environment change and records it in the change log as a global event', async () => {
    const audit = await ok(await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=environment&entityKey=qa' }))
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['environment.updated', 'environment.created'])
    expect(audit[0]).toMatchObject({ before: { name: 'QA' }, after: { name: 'Quality' } })
    const events = rowsOf<{ type: string; environment: string | null }>(
      await t.app.infrastructure.db.execute(sql`select type, environment from change_events where entity_key = 'qa' and type like 'environment.%' order by seq`),
    )
    expect(events).toEqual([
      { type: 'environment.upserted', environment: null },
      { type: 'environment.upserted', environment: null },
    ])
  })

  it('refuses to delete the default environment, and answers 404 for an unknown one', async () => {
    expect((await t.request({ method: 'DELETE', url: '/api/v1/admin/environments/production' })).json()).toMatchObject({
      statusCode: 409,
      code: 'SLUICE_ENVIRONMENT_IN_USE',
    })
    expect((await t.request({ method: 'DELETE', url: '/api/v1/admin/environments/nowhere' })).json()).toMatchObject({
      statusCode: 404,
      code: 'SLUICE_ENVIRONMENT_NOT_FOUND',
    })
  })

  it('deletes an environment nobody used', async () => {
    await ok(await t.request({ method: 'POST', url: '/api/v1/admin/environments', payload: { key: 'scratch', name: 'Scratch' } }), 201)
    expect((await t.request({ method: 'DELETE', url: '/api/v1/admin/environments/scratch' })).statusCode).toBe(204)
    expect((await t.request({ method: 'GET', url: `${base}/before_qa?environment=scratch` })).statusCode).toBe(404)
  })

  it('refuses a bad key with 400 and an unknown ?environment= with 404 naming it, changing nothing', async () => {
    const bad = await t.request({ method: 'POST', url: '/api/v1/admin/environments', payload: { key: 'Not OK', name: 'x' } })
    expect(bad.statusCode).toBe(400)
    const unknown = await t.request({ method: 'POST', url: `${base}?environment=nowhere`, payload: { key: 'lost', name: 'Lost', type: 'boolean', enabled: true } })
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'SLUICE_ENVIRONMENT_NOT_FOUND', message: expect.stringContaining('"nowhere"') })
    expect((await t.request({ method: 'GET', url: `${base}/lost` })).statusCode).toBe(404)
  })
})

describe('flags per environment', () => {
  it('creates a flag in every environment, in their order: the addressed one gets the body, the others it disabled', async () => {
    const created = await ok(
      await t.request({ method: 'POST', url: `${base}?environment=staging`, payload: { key: 'checkout', name: 'Checkout', type: 'percentage', enabled: true, percentage: 30 } }),
      201,
    )
    expect(created).toMatchObject({ environment: 'staging', enabled: true, percentage: 30, version: 1 })
    const side = await ok(await t.request({ method: 'GET', url: `${base}/checkout/environments` }))
    expect(side.map((f: { environment: string; enabled: boolean; percentage: number; version: number }) => [f.environment, f.enabled, f.percentage, f.version])).toEqual([
      ['development', false, 30, 1],
      ['qa', false, 30, 1],
      ['staging', true, 30, 1],
      ['production', false, 30, 1],
    ])
    // The seed's paths work on the default environment.
    expect(await ok(await t.request({ method: 'GET', url: `${base}/checkout` }))).toMatchObject({ environment: 'production', enabled: false })
    expect(await ok(await t.request({ method: 'GET', url: `${base}/checkout/check?userId=u1` }))).toMatchObject({ enabled: false, reason: 'disabled' })
  })

  it('keeps versions, history and If-Match per environment, and names shared', async () => {
    await ok(await t.request({ method: 'POST', url: base, payload: { key: 'split', name: 'Split', type: 'boolean', enabled: false } }), 201)
    const staged = await ok(await t.request({ method: 'PUT', url: `${base}/split?environment=staging`, headers: { 'if-match': '"1"' }, payload: { enabled: true } }))
    expect(staged).toMatchObject({ environment: 'staging', enabled: true, version: 2 })
    expect(await ok(await t.request({ method: 'GET', url: `${base}/split` }))).toMatchObject({ enabled: false, version: 1 })
    // Version 1 is current in production even though staging moved on.
    expect((await t.request({ method: 'PUT', url: `${base}/split`, headers: { 'if-match': '"1"' }, payload: { enabled: false, name: 'Split test' } })).statusCode).toBe(200)
    const stale = await t.request({ method: 'PUT', url: `${base}/split?environment=staging`, headers: { 'if-match': '"2"' }, payload: { enabled: false } })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'SLUICE_VERSION_CONFLICT' })
    // The rename reached staging (as a new version there) without touching its config.
    expect(await ok(await t.request({ method: 'GET', url: `${base}/split?environment=staging` }))).toMatchObject({ name: 'Split test', enabled: true, version: 3 })
    const history = await ok(await t.request({ method: 'GET', url: `${base}/split/history?environment=staging` }))
    expect(history.map((h: { version: number; flag: { environment: string } }) => [h.version, h.flag.environment])).toEqual([
      [3, 'staging'],
      [2, 'staging'],
      [1, 'staging'],
    ])
  })

  it('evaluates /check in the environment asked for', async () => {
    await ok(await t.request({ method: 'POST', url: `${base}?environment=development`, payload: { key: 'dev_only', name: 'Dev only', type: 'boolean', enabled: true } }), 201)
    expect(await ok(await t.request({ method: 'GET', url: `${base}/dev_only/check?environment=development` }))).toMatchObject({ enabled: true })
    expect(await ok(await t.request({ method: 'GET', url: `${base}/dev_only/check?environment=production` }))).toMatchObject({ enabled: false })
    expect(await ok(await t.request({ method: 'GET', url: `${base}?environment=development` }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'dev_only', environment: 'development', enabled: true })]),
    )
  })

  it('archives a flag in every environment', async () => {
    await ok(await t.request({ method: 'POST', url: base, payload: { key: 'gone', name: 'Gone', type: 'boolean', enabled: true } }), 201)
    await ok(await t.request({ method: 'DELETE', url: `${base}/gone?environment=staging` }))
    const side = await ok(await t.request({ method: 'GET', url: `${base}/gone/environments` }))
    expect(side.every((f: { archived: boolean }) => f.archived)).toBe(true)
  })

  it('promotes staging to production as a new production version, audited, with If-Match on the target', async () => {
    await ok(await t.request({ method: 'POST', url: base, payload: { key: 'ramp', name: 'Ramp', type: 'boolean', enabled: false } }), 201)
    await ok(await t.request({ method: 'PUT', url: `${base}/ramp?environment=staging`, payload: { type: 'percentage', enabled: true, percentage: 25 } }))
    const stale = await t.request({ method: 'POST', url: `${base}/ramp/promote`, headers: { 'if-match': '"7"' }, payload: { from: 'staging', to: 'production', reason: 'tested' } })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'SLUICE_VERSION_CONFLICT' })
    expect(await ok(await t.request({ method: 'GET', url: `${base}/ramp` }))).toMatchObject({ enabled: false, version: 1 })

    const promoted = await ok(
      await t.request({ method: 'POST', url: `${base}/ramp/promote`, headers: { 'if-match': '"1"' }, payload: { from: 'staging', to: 'production', reason: 'tested' } }),
    )
    expect(promoted).toMatchObject({ environment: 'production', type: 'percentage', enabled: true, percentage: 25, version: 2 })
    const audit = await ok(await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=feature_flag&entityKey=ramp&limit=1' }))
    expect(audit[0]).toMatchObject({ action: 'flag.promoted', after: { reason: 'tested', promotedFrom: 'staging', environment: 'production' } })

    const staged = await ok(await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityKey=ramp&environment=staging' }))
    expect(staged.map((a: { action: string; environment: string }) => [a.action, a.environment])).toEqual([['flag.updated', 'staging']])

    const unknown = await t.request({ method: 'POST', url: `${base}/ramp/promote`, payload: { from: 'staging', to: 'nowhere', reason: 'x' } })
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'SLUICE_ENVIRONMENT_NOT_FOUND' })
    const same = await t.request({ method: 'POST', url: `${base}/ramp/promote`, payload: { from: 'staging', to: 'staging', reason: 'x' } })
    expect(same.statusCode).toBe(400)
  })
})
