import { afterAll, describe, expect, it } from 'vitest'
import { startLocalDeployer, type LocalDeployer } from '../test-support/local-deployer.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase } from '../test-support/test-database.js'
import { withSharedServices } from '../test-support/test-env.js'
import { until } from '../test-support/until.js'

const apps: TestApp[] = []
let deployer: LocalDeployer | undefined
afterAll(async () => {
  await deployer?.close()
  for (const app of apps) await app.close()
  await apps[0]?.database.drop()
})

describe.runIf(withSharedServices)('deployer requests across replicas', () => {
  it('sends each rollback request once when the replica that wrote it and the leader both send what is due', async () => {
    const database = await createTestDatabase()
    const redisPrefix = `sluice-test:deployers:${Date.now()}:`
    // The leader polls the outbox every 20 ms while each replica sends its own rollbacks at commit.
    const [a, b] = [await createTestApp({ database, redisPrefix, jobIntervalMs: 20 }), await createTestApp({ database, redisPrefix, jobIntervalMs: 20 })]
    apps.push(a!, b!)
    const secret = 'replica-secret-0123456789'
    deployer = await startLocalDeployer({ secret, answers: ['ok'] })
    await a!.request({ method: 'PUT', url: '/api/v1/admin/deployers/orders', payload: { url: deployer.url, secret } })
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      await a!.request({ method: 'POST', url: '/api/v1/admin/deployments', payload: { service: 'orders', version: `v${i}` } })
      ids.push((await a!.request({ method: 'POST', url: '/api/v1/admin/deployments', payload: { service: 'orders', version: `v${i}.1`, previousVersion: `v${i}` } })).json().id)
    }
    const rollbacks = await Promise.all(
      ids.map((deploymentId, i) => (i % 2 ? a! : b!).request({ method: 'POST', url: '/api/v1/admin/rollbacks/deployment', payload: { deploymentId, reason: 'drill' } })),
    )
    expect(rollbacks.map((r) => r.statusCode)).toEqual(ids.map(() => 201))
    await until(() => deployer!.received.length >= ids.length, 15_000, 'every request sent')
    // A moment more, for a second send that would be late.
    await new Promise((r) => setTimeout(r, 500))
    const sent = deployer.received.map((r) => r.headers['x-sluice-delivery'])
    expect(sent.toSorted()).toEqual(rollbacks.map((r) => r.json().id).toSorted())
  })
})
