/** An automatic canary rollback halts chaos: the rules naming the flag, or all of them (the default). */
import { afterEach, describe, expect, it } from 'vitest'
import { outcomeItem } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

async function deployment(env: Record<string, string>) {
  const t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging', ...env }, jobIntervalMs: 3_600_000 })
  apps.push(t)
  const sdkToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
  const rule = async (name: string, stopOn?: string): Promise<string> => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/admin/chaos-rules',
      payload: { name, type: 'error', probability: 20, enabled: true, ...(stopOn ? { stopOn: { flagKey: stopOn } } : {}) },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id
  }
  const enabled = async (id: string): Promise<boolean> => (await t.request({ method: 'GET', url: `/api/v1/admin/chaos-rules/${id}` })).json().enabled
  /** A canary on `key` whose error rate is far above its threshold once the sample is large enough. */
  const failCanary = async (key: string) => {
    expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
    const started = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2', minSampleSize: 100 } })
    expect(started.statusCode, started.body).toBe(201)
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/sdk/outcomes',
      token: sdkToken,
      payload: { items: [outcomeItem(key, 'canary', 200, 60), outcomeItem(key, 'baseline', 2000, 20)] },
    })
    expect(res.statusCode, res.body).toBe(202)
    // The 202 answers the stored counts; the analysis that acts on them runs just after.
    await t.app.canaryAnalysis.settled()
    expect((await t.request({ method: 'GET', url: `/api/v1/admin/canary-deployments/${key}` })).json().status).toBe('rolled_back')
  }
  return { t, rule, enabled, failCanary }
}

describe('an automatic canary rollback', () => {
  it('halts every enabled rule by default', async () => {
    const d = await deployment({})
    const [named, unrelated] = [await d.rule('on the flag', 'payments_v2'), await d.rule('elsewhere')]
    await d.failCanary('payments_v2')
    expect(await d.enabled(named)).toBe(false)
    expect(await d.enabled(unrelated)).toBe(false)
    const [entry] = (await d.t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=chaos_rule&entityKey=${unrelated}` })).json()
    expect(entry).toMatchObject({ action: 'chaos.halted', actor: 'system', after: { disabledReason: expect.stringMatching(/^halted because the canary for "payments_v2" was rolled back: automatic rollback/) } })
  })

  it('halts only the rules that name the flag with CHAOS_HALT_ON_AUTO_ROLLBACK=false', async () => {
    const d = await deployment({ CHAOS_HALT_ON_AUTO_ROLLBACK: 'false' })
    const [named, other, unrelated] = [await d.rule('on the flag', 'payments_v2'), await d.rule('other flag', 'search_v2'), await d.rule('elsewhere')]
    await d.failCanary('payments_v2')
    expect(await d.enabled(named)).toBe(false)
    expect(await d.enabled(other)).toBe(true)
    expect(await d.enabled(unrelated)).toBe(true)
  })
})
