/**
 * DESIGN §4's promise under the worst restart there is: a replica killed with SIGKILL while
 * changes flow. Every SDK client behind the load balancer must get every change exactly once,
 * in seq order, as the change itself (a replay after its Last-Event-ID), never as a snapshot
 * that folds several changes into one. The final state alone would not show the difference.
 */
import { createClient, type ChangeEvent, type SluiceClient } from '@sluice/sdk'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { withSharedServices } from '../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './support/deployment.js'
import { startLoadBalancer, type LoadBalancer } from './support/load-balancer.js'
import type { ServiceProcess } from './support/service-process.js'

const CLIENTS = 20
const WRITES = 60
const KILL_AFTER = 20
const FLAGS = ['resume_a', 'resume_b', 'resume_c']

let deployment: Deployment | undefined
let balancer: LoadBalancer | undefined
const clients: SluiceClient[] = []
afterAll(async () => {
  for (const client of clients) await client.close()
  await balancer?.close()
  await deployment?.close()
})

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function flagSeqs(deployment: Deployment): Promise<number[]> {
  const sql = postgres(deployment.env.DATABASE_URL!, { max: 1 })
  try {
    return (await sql<Array<{ seq: string }>>`select seq from change_events where type like 'flag.%' order by seq`).map((r) => Number(r.seq))
  } finally {
    await sql.end()
  }
}

type Record_ = { ready: number; changes: ChangeEvent[] }

async function fleet(url: string, sdkKey: string, count: number, options: { pollIntervalMs?: number } = {}): Promise<Record_[]> {
  const seen = Array.from({ length: count }, () => ({ ready: 0, changes: [] as ChangeEvent[] }))
  for (const record of seen) {
    const client = createClient({ url, sdkKey, logger: { debug() {}, info() {}, warn() {}, error() {} }, ...options })
    clients.push(client)
    client.on('change', (event) => record.changes.push(event))
    client.on('ready', (event) => (record.ready = event.seq))
    await client.ready({ timeoutMs: 10_000 })
    expect(record.ready).toBeGreaterThan(0)
  }
  return seen
}

/** Every client got each change after its first state exactly once, in order, none folded into a snapshot. */
async function expectExactResume(deployment: Deployment, seen: Record_[]): Promise<void> {
  const expected = await flagSeqs(deployment)
  const last = expected.at(-1)!
  await until(() => seen.every((r) => Math.max(r.ready, ...r.changes.map((c) => c.seq)) >= last), 30_000, 'every client at the last seq')
  for (const [i, { ready, changes }] of seen.entries()) {
    expect(changes.filter((c) => c.fromSnapshot).map((c) => c.seq), `client ${i}: changes folded into a snapshot`).toEqual([])
    expect(changes.map((c) => c.seq), `client ${i}`).toEqual(expected.filter((seq) => seq > ready))
  }
}

describe.runIf(withSharedServices)('SDK clients across a kill -9 of their replica', () => {
  it('resume by replay: every client gets every change once, in order, and no snapshot after the first', async () => {
    deployment = await startDeployment(2)
    const [a, b] = deployment.replicas as [ServiceProcess, ServiceProcess]
    balancer = await startLoadBalancer([a.url, b.url])
    for (const key of FLAGS) await deployment.admin(b, 'POST', '/admin/feature-flags', { key, name: key, type: 'percentage', enabled: true, percentage: 0 })
    const sdkKey = (await deployment.admin(b, 'POST', '/admin/api-tokens', { name: 'fleet', role: 'sdk' })).body.token as string

    const seen = await fleet(balancer.url, sdkKey, CLIENTS)
    // The balancer alternates, so about half of the fleet streams from the replica about to die.
    const onA = balancer.log.filter((e) => e.url.startsWith('/api/v1/sdk/stream') && e.upstream === a.url).length
    expect(onA).toBeGreaterThan(0)

    // Writes go to the survivor, so each one lands; the kill happens while they flow.
    for (let i = 1; i <= WRITES; i++) {
      if (i === KILL_AFTER) expect(await a.stop('SIGKILL')).toBe(null)
      const res = await deployment.admin(b, 'PUT', `/admin/feature-flags/${FLAGS[i % FLAGS.length]}`, { percentage: i })
      expect(res.status).toBe(200)
      await new Promise((r) => setTimeout(r, 25))
    }

    await expectExactResume(deployment, seen)
    // And the fleet did resume: the clients of the killed replica reconnected with Last-Event-ID.
    const resumes = balancer.log.filter((e) => e.url.startsWith('/api/v1/sdk/stream') && e.requestHeaders['last-event-id'] !== undefined)
    expect(resumes.length).toBeGreaterThanOrEqual(onA)
    expect(resumes.every((e) => e.events[0] !== 'snapshot')).toBe(true)
  })

  it('resume by replay when the replica they are pinned to comes back, even if their poll of /sdk/state answers first', async () => {
    const pinned = await startDeployment(2)
    try {
      const [a, b] = pinned.replicas as [ServiceProcess, ServiceProcess]
      for (const key of FLAGS) await pinned.admin(b, 'POST', '/admin/feature-flags', { key, name: key, type: 'percentage', enabled: true, percentage: 0 })
      const sdkKey = (await pinned.admin(b, 'POST', '/admin/api-tokens', { name: 'pinned', role: 'sdk' })).body.token as string
      // Polling more often than the stream's reconnect backoff makes the poll win the race back.
      const seen = await fleet(a.url, sdkKey, CLIENTS, { pollIntervalMs: 300 })
      for (let i = 1; i <= WRITES; i++) {
        if (i === KILL_AFTER) expect(await a.stop('SIGKILL')).toBe(null)
        if (i === KILL_AFTER + 30) await pinned.addReplica({}, a.port)
        expect((await pinned.admin(b, 'PUT', `/admin/feature-flags/${FLAGS[i % FLAGS.length]}`, { percentage: i })).status).toBe(200)
        await new Promise((r) => setTimeout(r, 50))
      }
      await expectExactResume(pinned, seen)
    } finally {
      await pinned.close()
    }
  })
})
