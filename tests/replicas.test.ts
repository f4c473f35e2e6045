import { afterAll, describe, expect, it } from 'vitest'
import { readSse, type SseEvent, type SseReader } from '../services/control-plane/src/test-support/sse-reader.js'
import { TEST_ADMIN_TOKEN, withSharedServices } from '../services/control-plane/src/test-support/test-env.js'
import { until } from '../services/control-plane/src/test-support/until.js'
import { startDeployment, type Deployment } from './support/deployment.js'

let deployment: Deployment | undefined
afterAll(() => deployment?.close())

/** The first event on `stream` about flag `key`. */
async function eventAbout(stream: SseReader, key: string): Promise<SseEvent> {
  const about = () => stream.events.find((event) => event.event !== 'snapshot' && (JSON.parse(event.data) as { key?: string }).key === key)
  await until(() => about() !== undefined, 5_000, `an event about ${key}`)
  return about()!
}

describe.runIf(withSharedServices)('two service processes on one Postgres and Redis', () => {
  it('reads the new flag version on replica B right after each write on replica A', async () => {
    deployment = await startDeployment(2)
    const [a, b] = deployment.replicas as [NonNullable<Deployment['replicas'][0]>, NonNullable<Deployment['replicas'][0]>]
    expect((await deployment.admin(a, 'POST', '/admin/feature-flags', { key: 'coherent', name: 'x', type: 'percentage', enabled: true })).status).toBe(201)
    for (let percentage = 1; percentage <= 15; percentage++) {
      expect((await deployment.admin(b, 'GET', '/admin/feature-flags/coherent')).body.percentage).toBe(percentage - 1)
      expect((await deployment.admin(a, 'PUT', '/admin/feature-flags/coherent', { percentage })).status).toBe(200)
      expect((await deployment.admin(b, 'GET', '/admin/feature-flags/coherent')).body).toMatchObject({ percentage, version: percentage + 1 })
      expect((await deployment.admin(b, 'GET', '/admin/feature-flags/coherent/check?userId=someone')).body.version).toBe(percentage + 1)
    }
  })

  it('streams a change made on replica A to a client of replica B, with the same seq', async () => {
    const [a, b] = deployment!.replicas as [NonNullable<Deployment['replicas'][0]>, NonNullable<Deployment['replicas'][0]>]
    const onA = await readSse(`${a.url}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    const onB = await readSse(`${b.url}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    try {
      await Promise.all([onA.waitFor(1), onB.waitFor(1)])
      await deployment!.admin(a, 'POST', '/admin/feature-flags', { key: 'fanned_out', name: 'x', type: 'boolean', enabled: true })
      // Not simply each stream's second event: a replica whose snapshot was taken a moment before
      // it applied the previous test's last write sends that write first.
      const [fromA, fromB] = await Promise.all([onA, onB].map((stream) => eventAbout(stream, 'fanned_out')))
      // Same event, same seq, same object (key order may differ: replica B may read it from jsonb).
      expect({ event: fromB!.event, id: fromB!.id }).toEqual({ event: fromA!.event, id: fromA!.id })
      expect(JSON.parse(fromB!.data)).toEqual(JSON.parse(fromA!.data))
      expect(JSON.parse(fromB!.data)).toMatchObject({ key: 'fanned_out', enabled: true })
    } finally {
      onA.close()
      onB.close()
    }
  })
})
