/**
 * The topology of docker/compose.yaml, proven on loopback: two service processes on one
 * Postgres and Redis, a round-robin load balancer in front, and everything (admin calls, the
 * SDK's stream, readiness probes) going through the balancer only. Then one replica is stopped
 * the way an orchestrator stops it (SIGTERM) and the SDK must carry on through the survivor,
 * resuming with Last-Event-ID: no change missed, none twice, no snapshot replay.
 *
 * Runs in the shared-services pass (SLUICE_TEST_BACKEND=postgres): replicas need a shared
 * Postgres and Redis.
 */
import { createClient, type ChangeEvent, type SluiceClient } from '@sluice/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, withSharedServices } from '../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './support/deployment.js'
import { startLoadBalancer, type Exchange, type LoadBalancer } from './support/load-balancer.js'
import type { ServiceProcess } from './support/service-process.js'

const FLAG = 'topology_rollout'
const STREAM_PATH = '/api/v1/sdk/stream'
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.runIf(withSharedServices)('two replicas behind a round-robin load balancer', () => {
  let deployment: Deployment
  let lb: LoadBalancer
  let sdk: SluiceClient | undefined
  /** Every change the SDK applied for FLAG, in order. */
  const changes: ChangeEvent[] = []

  beforeAll(async () => {
    deployment = await startDeployment(2)
    lb = await startLoadBalancer(deployment.replicas.map((r) => r.url))
  })
  afterAll(async () => {
    await sdk?.close()
    await lb?.close()
    await deployment?.close()
  })

  /** An admin call through the balancer; returns the exchange the balancer recorded for it. */
  async function api(method: string, route: string, body?: unknown): Promise<{ status: number; body: any; exchange: Exchange }> {
    const before = lb.log.length
    const res = await fetch(`${lb.url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const exchange = lb.log.slice(before).find((e) => e.method === method && e.url === `/api/v1${route}`)!
    return { status: res.status, body: res.status === 204 ? null : await res.json(), exchange }
  }

  /** Sets the rollout percentage through the balancer and waits until the SDK has that version. */
  async function ramp(percentage: number): Promise<{ version: number; upstream: string }> {
    const res = await api('PUT', `/admin/feature-flags/${FLAG}`, { percentage })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const version = res.body.version as number
    await until(() => changes.some((c) => 'data' in c && 'version' in c.data && c.data.version === version), `the SDK to see version ${version}`)
    return { version, upstream: res.exchange.upstream! }
  }

  function streams(): Exchange[] {
    return lb.log.filter((e) => e.url === STREAM_PATH && e.status === 200)
  }

  function expectNoGapNoReplay(): void {
    const seqs = changes.map((c) => c.seq)
    expect(seqs, 'change seqs strictly increasing').toEqual([...new Set(seqs)].sort((a, b) => a - b))
    expect(changes.every((c) => c.fromSnapshot === false && c.type === 'flag.upserted')).toBe(true)
    const versions = changes.map((c) => (c.data as { version: number }).version)
    // Every version after the one the SDK started with, each exactly once.
    expect(versions).toEqual(versions.map((_, i) => versions[0]! + i))
  }

  it('routes admin calls to both replicas and streams each change they make to an SDK connected through the balancer', async () => {
    const created = await api('POST', '/admin/feature-flags', { key: FLAG, name: 'Topology', type: 'percentage', enabled: true, percentage: 0 })
    expect(created.status).toBe(201)
    const token = await api('POST', '/admin/api-tokens', { name: 'topology-sdk', role: 'sdk' })
    expect(token.status).toBe(201)

    // The balancer keeps a caller's request id and makes one up otherwise; the service echoes it.
    const traced = await fetch(`${lb.url}/healthz`, { headers: { 'x-request-id': 'topology-trace-1' } })
    expect(traced.headers.get('x-request-id')).toBe('topology-trace-1')
    expect((await fetch(`${lb.url}/healthz`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)

    sdk = createClient({ url: lb.url, sdkKey: token.body.token, logger: quiet })
    await sdk.ready({ timeoutMs: 10_000 })
    expect(sdk.isEnabled(FLAG, { userId: 'someone' })).toBe(false)
    sdk.on('change', (change) => {
      if ('key' in change && change.key === FLAG) changes.push(change)
    })

    const served: string[] = []
    for (const percentage of [5, 10, 25, 50]) served.push((await ramp(percentage)).upstream)
    expect(new Set(served), `writes served by ${served.join(', ')}`).toEqual(new Set(lb.upstreams))
    expect(sdk.evaluate(FLAG, { userId: 'someone' }).reason).not.toBe('not_found')
    expect(streams()).toHaveLength(1)
    expect(streams()[0]!.events[0]).toBe('snapshot')
    expectNoGapNoReplay()
  }, 60_000)

  it('keeps the SDK current through the survivor when the replica serving its stream stops gracefully', async () => {
    const client = sdk!
    const [stream] = streams()
    const victim = deployment.replicas.find((r) => r.url === stream!.upstream) as ServiceProcess
    const survivor = deployment.replicas.find((r) => r !== victim) as ServiceProcess
    expect(victim).toBeDefined()

    // Readiness through the balancer, polled all along: the balancer must never answer not-ready.
    const readiness: number[] = []
    let polling = true
    const poller = (async () => {
      while (polling) {
        readiness.push(await fetch(`${lb.url}/readyz`).then((r) => r.status, () => 0))
        await new Promise((r) => setTimeout(r, 25))
      }
    })()

    // A change made while the SDK is between streams: it must arrive by replay, not snapshot.
    let lastSeqBeforeStop = 0
    let whileAway: Promise<{ status: number; body: any }> | undefined
    const disconnected = new Promise<void>((resolve) =>
      client.once('disconnected', () => {
        lastSeqBeforeStop = changes.at(-1)!.seq
        whileAway = api('PUT', `/admin/feature-flags/${FLAG}`, { percentage: 60 })
        resolve()
      }),
    )
    const reconnected = new Promise<void>((resolve) => client.once('reconnected', () => resolve()))

    expect(await victim.stop('SIGTERM'), victim.stderr()).toBe(0)
    await disconnected
    const away = await whileAway!
    expect(away.status).toBe(200)
    await reconnected
    await until(() => changes.some((c) => (c.data as { version: number }).version === away.body.version), 'the change made while the SDK was away')

    const after: string[] = []
    for (const percentage of [75, 90, 100]) after.push((await ramp(percentage)).upstream)
    expect(after).toEqual([survivor.url, survivor.url, survivor.url])

    // A fast hand-over may finish before many polls ran; keep polling until there are a few.
    await until(() => readiness.length > 5, 'a few readiness polls')
    polling = false
    await poller
    expect(readiness.filter((s) => s !== 200), `readiness statuses: ${readiness.join(',')}`).toEqual([])

    // The SDK resumed on the survivor from the last event it had, and got a replay, not a snapshot.
    const resumed = streams().slice(1)
    expect(resumed.length).toBeGreaterThanOrEqual(1)
    expect(resumed.every((s) => s.upstream === survivor.url)).toBe(true)
    expect(resumed[0]!.requestHeaders['last-event-id']).toBe(String(lastSeqBeforeStop))
    expect(resumed.flatMap((s) => s.events)).not.toContain('snapshot')
    expectNoGapNoReplay()
    expect(client.isEnabled(FLAG, { userId: 'someone' })).toBe(true)
  }, 60_000)
})
