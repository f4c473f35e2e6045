import { afterAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { TEST_ADMIN_TOKEN, withSharedServices } from '../test-support/test-env.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'
import { until } from '../test-support/until.js'

const apps: TestApp[] = []
const readers: SseReader[] = []
let database: TestDatabase | undefined
afterAll(async () => {
  for (const reader of readers) reader.close()
  for (const app of apps) await app.close()
  await database?.drop()
})

const base = '/api/v1/admin/feature-flags'

describe.runIf(withSharedServices)('replicas sharing Postgres without Redis', () => {
  it('converge through the change log: reads, checks and streams on B follow writes on A', async () => {
    database = await createTestDatabase()
    // The deployment's own defaults: no Redis, and the poll interval the service picks itself.
    for (let i = 0; i < 2; i++) apps.push(await createTestApp({ database, env: { REDIS_URL: '' }, feedPollIntervalMs: undefined }))
    const [a, b] = apps as [TestApp, TestApp]
    expect(b.config.redisUrl).toBeUndefined()

    await a.request({ method: 'POST', url: base, payload: { key: 'shared', name: 'x', type: 'boolean', enabled: true } })
    await until(async () => (await b.request({ method: 'GET', url: `${base}/shared` })).statusCode === 200)
    expect((await b.request({ method: 'GET', url: `${base}/shared/check` })).json()).toMatchObject({ enabled: true, version: 1 })
    const url = await b.app.listen({ port: 0, host: '127.0.0.1' })
    const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    readers.push(reader)
    await reader.waitFor(1)

    expect((await a.request({ method: 'PUT', url: `${base}/shared`, payload: { enabled: false } })).statusCode).toBe(200)
    // B's stream starts from the state B holds, which may not have the create yet (its poll is
    // up to a second behind): then the create comes first, as an event, and the update after it.
    await until(() => reader.events.some((e) => e.event === 'flag.upserted' && JSON.parse(e.data).version === 2))
    const shared = reader.events.slice(1).map((e) => JSON.parse(e.data)).filter((data) => data.key === 'shared')
    expect(shared.at(-1)).toMatchObject({ key: 'shared', enabled: false, version: 2 })
    expect(shared.map((data) => data.version)).toEqual([...shared.map((data) => data.version)].sort((x, y) => x - y))
    // B cached version 1 in its own memory; the change log replaced it.
    expect((await b.request({ method: 'GET', url: `${base}/shared` })).json()).toMatchObject({ enabled: false, version: 2 })
    expect((await b.request({ method: 'GET', url: `${base}/shared/check` })).json()).toMatchObject({ enabled: false, reason: 'disabled' })
  })
})
