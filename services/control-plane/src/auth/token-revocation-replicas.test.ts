import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase } from '../test-support/test-database.js'
import { withSharedServices } from '../test-support/test-env.js'

const apps: TestApp[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
  await apps[0]?.database.drop()
})

describe.runIf(withSharedServices)('token revocation across replicas', () => {
  it('stops a token on another replica that had it cached, within the bus latency', async () => {
    const database = await createTestDatabase()
    // One deployment: same database, same Redis namespace; polling is off so only the bus can tell B.
    const redisPrefix = `sluice-test:revoke:${Date.now()}:`
    const a = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    const b = await createTestApp({ database, redisPrefix, feedPollIntervalMs: 60_000 })
    apps.push(a, b)
    const { id, token } = (await a.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'ops', role: 'operator' } })).json()
    expect((await b.request({ method: 'GET', url: '/api/v1/admin/audit-log', token })).statusCode).toBe(200)

    expect((await a.request({ method: 'DELETE', url: `/api/v1/admin/api-tokens/${id}` })).statusCode).toBe(204)
    const deadline = Date.now() + 1_000
    let status = 200
    while (status === 200 && Date.now() < deadline) {
      status = (await b.request({ method: 'GET', url: '/api/v1/admin/audit-log', token })).statusCode
    }
    expect(status).toBe(401)
  })
})
