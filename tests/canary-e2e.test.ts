/**
 * Canary outcomes from a real SDK through the real service: counted exactly, and not lost
 * when the control plane restarts while the application keeps recording.
 */
import { createClient, type SluiceClient } from '@sluice/sdk'
import { afterAll, describe, expect, it } from 'vitest'
import { startDeployment, type Deployment } from './support/deployment.js'
import type { ServiceProcess } from './support/service-process.js'

let deployment: Deployment
let sluice: SluiceClient | undefined
afterAll(async () => {
  await sluice?.close()
  await deployment?.close()
})

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (accept(value)) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('canary outcomes reported by the SDK', () => {
  it('counts every recorded request on its side, including those recorded while the control plane restarted', async () => {
    deployment = await startDeployment(1)
    let service = deployment.replicas[0] as ServiceProcess
    const admin = (method: string, route: string, body?: unknown) => deployment.admin(service, method, route, body)
    await admin('POST', '/admin/feature-flags', { key: 'ledger_v2', name: 'Ledger v2', type: 'percentage' })
    await admin('POST', '/admin/canary-deployments', { featureKey: 'ledger_v2', version: 'v2', initialPercentage: 50, minSampleSize: 100_000 })
    const { body: token } = await admin('POST', '/admin/api-tokens', { name: 'ledger', role: 'sdk' })
    sluice = createClient({ url: service.url, sdkKey: token.token, logger: { warn() {}, error() {} } })
    await sluice.ready({ timeoutMs: 10_000 })
    await eventually(async () => sluice!.isEnabled('ledger_v2', { userId: 'probe-user-0' }) || sluice!.isEnabled('ledger_v2', { userId: 'probe-user-1' }), Boolean)

    const expected = { canary: { requests: 0, errors: 0 }, baseline: { requests: 0, errors: 0 } }
    const record = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const userId = `user-${i}`
        const side = sluice!.isEnabled('ledger_v2', { userId }) ? 'canary' : 'baseline'
        const success = i % 7 !== 0
        // Now and then a runaway timer: the SDK counts it as an hour, so the batch it rides in is still taken.
        const latencyMs = i % 100 === 3 ? 1e308 : 20 + (i % 50)
        sluice!.recordRequest('ledger_v2', { userId }, { success, latencyMs })
        expected[side].requests++
        if (!success) expected[side].errors++
      }
    }

    record(0, 300)
    await eventually(
      async () => (await admin('GET', '/admin/canary-deployments/ledger_v2')).body.metrics,
      (m) => m.canary.requests + m.baseline.requests === 300,
    )

    // The control plane goes away; the application keeps serving and recording.
    expect(await service.stop('SIGTERM')).toBe(0)
    record(300, 700)
    await new Promise((r) => setTimeout(r, 2_500))
    service = await deployment.addReplica({}, service.port)

    const metrics = await eventually(
      async () => (await admin('GET', '/admin/canary-deployments/ledger_v2')).body.metrics,
      (m) => m.canary.requests + m.baseline.requests >= 700,
    )
    expect({
      canary: { requests: metrics.canary.requests, errors: metrics.canary.errors },
      baseline: { requests: metrics.baseline.requests, errors: metrics.baseline.errors },
    }).toEqual(expected)
    expect(expected.canary.requests).toBeGreaterThan(250)
    expect(expected.baseline.requests).toBeGreaterThan(250)
    expect(metrics.canary.p95LatencyMs).toBeGreaterThan(25)
    expect(sluice.stats()).toMatchObject({ outcomesDropped: 0 })
  })
})
