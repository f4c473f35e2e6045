import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

let t: TestApp
let viewerToken: string
const url = '/api/v1/admin/import/unleash'
const flags = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp()
  viewerToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'viewer', role: 'viewer' } })).json().token
})
afterAll(() => t.close())

/** What an Unleash server answers at /api/client/features. */
function unleashExport(rollout = '25') {
  return {
    version: 2,
    features: [
      {
        name: 'Checkout.V2',
        enabled: true,
        strategies: [
          {
            id: 'a1b2',
            name: 'flexibleRollout',
            constraints: [{ contextName: 'plan', operator: 'IN', values: ['pro'] }],
            parameters: { rollout, stickiness: 'default', groupId: 'Checkout.V2' },
            segments: [7],
          },
        ],
      },
      { name: 'kill.switch', enabled: true, strategies: [{ name: 'default', parameters: {} }] },
      {
        name: 'needs-parent',
        enabled: true,
        strategies: [{ name: 'default', parameters: {} }],
        dependencies: [{ feature: 'kill.switch' }],
      },
      { name: 'by-host', enabled: true, strategies: [{ name: 'applicationHostname', parameters: { hostNames: 'web-1' } }] },
      { name: 'has space', enabled: true, strategies: [{ name: 'default', parameters: {} }] },
    ],
    segments: [{ id: 7, name: 'eu', constraints: [{ contextName: 'country', operator: 'IN', values: ['DE', 'FR'] }] }],
  }
}

async function importBody(body: object, query = '') {
  const res = await t.request({ method: 'POST', url: `${url}${query}`, payload: body })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const byKey = (items: Array<{ key: string }>) => Object.fromEntries(items.map((item) => [item.key, item]))

describe('POST /admin/import/unleash', () => {
  it('a dry run reports what it would do and changes nothing', async () => {
    const auditBefore = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })).json().length
    const report = await importBody(unleashExport(), '?dryRun=true')
    expect(report.dryRun).toBe(true)
    expect(byKey(report.features)['Checkout.V2']).toMatchObject({ action: 'created' })
    expect(byKey(report.segments)['unleash-segment-7']).toMatchObject({ action: 'created' })
    expect((await t.request({ method: 'GET', url: `${flags}/Checkout.V2` })).statusCode).toBe(404)
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/segments/unleash-segment-7' })).statusCode).toBe(404)
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })).json()).toHaveLength(auditBefore)
  })

  it('creates flags and segments, refuses by name what cannot be expressed, and reports per feature', async () => {
    const report = await importBody(unleashExport())
    expect(report.dryRun).toBe(false)
    const features = byKey(report.features)
    expect(features['Checkout.V2']).toMatchObject({ action: 'created', version: 1 })
    expect(features['kill.switch']).toMatchObject({ action: 'created' })
    expect(features['needs-parent']).toMatchObject({ action: 'created' })
    expect(features['by-host']).toMatchObject({ action: 'refused', reason: expect.stringContaining('applicationHostname') })
    expect(features['has space']).toMatchObject({ action: 'refused', reason: expect.stringContaining('flag key') })
    expect(report.summary.features).toEqual({ created: 3, updated: 0, unchanged: 0, refused: 2 })
    expect(report.features.map((f: { key: string }) => f.key), 'in the export\'s order').toEqual(['Checkout.V2', 'kill.switch', 'needs-parent', 'by-host', 'has space'])
    expect(report.segments).toEqual([{ key: 'unleash-segment-7', action: 'created', version: 1 }])
    expect((await t.request({ method: 'GET', url: `${flags}/by-host` })).statusCode).toBe(404)

    const flag = (await t.request({ method: 'GET', url: `${flags}/Checkout.V2` })).json()
    expect(flag).toMatchObject({ type: 'rules', enabled: true, rules: [{ rollout: 25, segments: ['unleash-segment-7'] }] })
    const check = async (query: string) => (await t.request({ method: 'GET', url: `${flags}/Checkout.V2/check?${query}` })).json()
    expect((await check('userId=u1&attr.plan=free&attr.country=DE')).enabled).toBe(false)
    expect((await check('userId=u1&attr.plan=pro&attr.country=US')).enabled).toBe(false)

    const audit = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=import' })).json()
    expect(audit[0]).toMatchObject({ action: 'import.unleash' })
  })

  it('importing the same export again changes nothing; a changed rollout updates the flag and keeps its rule ids', async () => {
    const again = await importBody(unleashExport())
    expect(byKey(again.features)['Checkout.V2']).toMatchObject({ action: 'unchanged', version: 1 })
    expect(byKey(again.segments)['unleash-segment-7']).toMatchObject({ action: 'unchanged', version: 1 })

    const before = (await t.request({ method: 'GET', url: `${flags}/Checkout.V2` })).json()
    const changed = await importBody(unleashExport('50'))
    expect(byKey(changed.features)['Checkout.V2']).toMatchObject({ action: 'updated', version: 2 })
    const after = (await t.request({ method: 'GET', url: `${flags}/Checkout.V2` })).json()
    expect(after.rules[0]).toMatchObject({ id: before.rules[0].id, rollout: 50 })
  })

  it('refuses a feature whose flag is archived here, and imports the rest', async () => {
    await t.request({ method: 'DELETE', url: `${flags}/kill.switch` })
    const report = await importBody({ features: [unleashExport().features[1], { name: 'fresh', enabled: false, strategies: [] }] })
    expect(byKey(report.features)['kill.switch']).toMatchObject({ action: 'refused', reason: expect.stringContaining('archived') })
    expect(byKey(report.features)['fresh']).toMatchObject({ action: 'created' })
  })

  it('refuses, naming the field, a feature the flag API would not take back as it is', async () => {
    const longVariant = { name: 'v'.repeat(200), weight: 1000, stickiness: 'default' }
    const report = await importBody({ features: [{ name: 'long-variant', enabled: true, strategies: [], variants: [longVariant] }] }, '?dryRun=true')
    expect(report.features).toEqual([{ key: 'long-variant', action: 'refused', reason: expect.stringMatching(/^variants\[0\]\.key: must NOT have more than 128 characters/) }])
  })

  it('refuses a segment the segment API would not take, and the features that use it, by name', async () => {
    const report = await importBody(
      {
        features: [{ name: 'uses-long-segment', enabled: true, strategies: [{ name: 'default', parameters: {}, segments: [99] }] }],
        segments: [{ id: 99, name: 'n'.repeat(300), constraints: [] }],
      },
      '?dryRun=true',
    )
    expect(report.segments).toEqual([{ key: 'unleash-segment-99', action: 'refused', reason: expect.stringMatching(/^name: must NOT have more than 200 characters/) }])
    expect(report.features).toEqual([{ key: 'uses-long-segment', action: 'refused', reason: expect.stringContaining('no segment "unleash-segment-99"') }])
  })

  it('takes an export larger than the 1 MiB other bodies are held to', async () => {
    const report = await importBody({ features: [], query: { padding: 'x'.repeat(2 * 1024 * 1024) } }, '?dryRun=true')
    expect(report.features).toEqual([])
  })

  it('answers 400 for a body without features, and 403 for a viewer', async () => {
    const bad = await t.request({ method: 'POST', url, payload: { flags: [] } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^features: is required/)
    expect((await t.request({ method: 'POST', url, token: viewerToken, payload: { features: [] } })).statusCode).toBe(403)
  })
})
