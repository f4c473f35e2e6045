import { LATENCY_BUCKET_COUNT } from '@sluice/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase } from '../test-support/test-database.js'
import { until } from '../test-support/until.js'
import { withSharedServices } from '../test-support/test-env.js'

const apps: TestApp[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
  await apps[0]?.database.drop()
})

describe.runIf(withSharedServices)('canaries across replicas', () => {
  it('rolls a canary back once when two replicas cross the threshold together', async () => {
    const database = await createTestDatabase()
    const redisPrefix = `sluice-test:canary:${Date.now()}:`
    const a = await createTestApp({ database, redisPrefix })
    const b = await createTestApp({ database, redisPrefix })
    apps.push(a, b)
    await a.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'shared', name: 'x', type: 'percentage' } })
    await a.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: 'shared', version: 'v2', minSampleSize: 100, latencyGuard: null } })
    const { token } = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json()
    const batch = (side: string, requests: number, errors: number) => ({
      items: [{ flagKey: 'shared', side, requests, errors, latencyMsSum: requests * 10, latencyBuckets: new Array(LATENCY_BUCKET_COUNT).fill(0) }],
    })
    await a.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token, payload: batch('baseline', 2000, 20) })
    await a.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token, payload: batch('canary', 90, 0) })
    // Each batch alone crosses both the seed rule and the sequential test.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).request({ method: 'POST', url: '/api/v1/sdk/outcomes', token, payload: batch('canary', 20, 15) })),
    )
    expect(results.every((r) => r.statusCode === 202)).toBe(true)
    // Each replica analyses after its writes, without holding the answers back for it.
    await Promise.all([a.app.canaryAnalysis.settled(), b.app.canaryAnalysis.settled()])
    await until(async () => (await b.request({ method: 'GET', url: '/api/v1/admin/canary-deployments/shared' })).json().status === 'rolled_back')
    const rollbacks = (await b.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=shared' })).json()
    expect(rollbacks).toHaveLength(1)
    expect(rollbacks[0]).toMatchObject({ actor: 'system', type: 'canary' })
    const history = (await a.request({ method: 'GET', url: '/api/v1/admin/canary-deployments/shared/history' })).json()
    expect(history.filter((e: { kind: string }) => e.kind === 'rolled_back')).toHaveLength(1)
    expect((await b.request({ method: 'GET', url: '/api/v1/admin/feature-flags/shared' })).json().percentage).toBe(0)
  })
})
