/**
 * The Node SDK against the real control plane, over real HTTP and SSE, with the service as a
 * separate process: what an application sees when flags change, when the control plane dies
 * and comes back, and when its routes are guarded by flags.
 */
import { createClient, type ChangeEvent, type ClientOptions, type SluiceClient } from '@sluice/sdk'
import express from 'express'
import Fastify from 'fastify'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { withSharedServices } from '../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './support/deployment.js'
import type { ServiceProcess } from './support/service-process.js'

const deployments: Deployment[] = []
const clients: SluiceClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
})
afterAll(async () => {
  for (const deployment of deployments) await deployment.close()
})

let sharedDeployment: Promise<Deployment> | undefined
/** One embedded service for the tests that do not stop it. */
function shared(): Promise<Deployment> {
  sharedDeployment ??= deploy()
  return sharedDeployment
}

async function deploy(replicas = 1): Promise<Deployment> {
  const deployment = await startDeployment(replicas)
  deployments.push(deployment)
  return deployment
}

async function sdkKey(deployment: Deployment, replica: ServiceProcess): Promise<string> {
  const res = await deployment.admin(replica, 'POST', '/admin/api-tokens', { name: `sdk-${Math.random()}`, role: 'sdk' })
  return res.body.token
}

async function client(url: string, key: string, options: Partial<ClientOptions> = {}): Promise<SluiceClient> {
  const c = createClient({ url, sdkKey: key, logger: { debug() {}, info() {}, warn() {}, error() {} }, ...options })
  clients.push(c)
  await c.ready({ timeoutMs: 10_000 })
  return c
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('the SDK on a live control plane', () => {
  it('delivers a change to two clients, which evaluate it as /check does', async () => {
    const deployment = await shared()
    const [service] = deployment.replicas as [ServiceProcess]
    const key = await sdkKey(deployment, service)
    await deployment.admin(service, 'POST', '/admin/feature-flags', { key: 'new_payment_flow', name: 'New payment flow', type: 'percentage', enabled: true, percentage: 0 })
    const [one, two] = await Promise.all([client(service.url, key), client(service.url, key)])
    expect(one.isEnabled('new_payment_flow', { userId: 'u-1' })).toBe(false)
    const received: SluiceClient[] = []
    for (const c of [one, two]) c.on('change', (change) => 'key' in change && change.key === 'new_payment_flow' && received.push(c))

    // How fast is the propagation benchmark's business (tests/bench/RESULTS.md); here, that it arrives.
    await deployment.admin(service, 'PUT', '/admin/feature-flags/new_payment_flow', { percentage: 50 })
    await until(() => received.length === 2)
    expect(new Set(received).size).toBe(2)
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`)
    for (const userId of users.slice(0, 40)) {
      const check = await deployment.admin(service, 'GET', `/admin/feature-flags/new_payment_flow/check?userId=${userId}`)
      expect(one.evaluate('new_payment_flow', { userId }), userId).toMatchObject({ enabled: check.body.enabled, reason: check.body.reason })
      expect(two.isEnabled('new_payment_flow', { userId })).toBe(check.body.enabled)
    }
    const on = users.filter((userId) => one.isEnabled('new_payment_flow', { userId })).length
    expect(on).toBeGreaterThan(70)
    expect(on).toBeLessThan(130)
  })

  it('keeps answering from its last state while the service is down, then resumes with exactly the changes it missed', async () => {
    const deployment = await deploy()
    const [service] = deployment.replicas as [ServiceProcess]
    const key = await sdkKey(deployment, service)
    await deployment.admin(service, 'POST', '/admin/feature-flags', { key: 'kill_switch', name: 'x', type: 'boolean', enabled: true })
    // No /sdk/state polls: on a slow restart one would deliver the changes as a snapshot before the stream resumes.
    const sdk = await client(service.url, key, { pollIntervalMs: 600_000 })
    const changes: ChangeEvent[] = []
    const disconnected: unknown[] = []
    const reconnected: unknown[] = []
    sdk.on('change', (change) => changes.push(change))
    sdk.on('disconnected', (event) => disconnected.push(event))
    sdk.on('reconnected', (event) => reconnected.push(event))
    expect(sdk.isEnabled('kill_switch')).toBe(true)

    expect(await service.stop('SIGKILL')).toBe(null)
    await until(() => disconnected.length === 1)
    expect(sdk.isEnabled('kill_switch')).toBe(true)
    expect(sdk.evaluate('kill_switch')).toMatchObject({ enabled: true, reason: 'default' })

    // The control plane comes back on the same port and data; changes are made before the SDK reconnects.
    const restarted = await deployment.addReplica({}, service.port)
    await deployment.admin(restarted, 'PUT', '/admin/feature-flags/kill_switch', { enabled: false })
    await deployment.admin(restarted, 'POST', '/admin/feature-flags', { key: 'born_while_away', name: 'x', type: 'boolean', enabled: true })

    await until(() => reconnected.length === 1 && sdk.isEnabled('born_while_away'), 15_000)
    expect(sdk.isEnabled('kill_switch')).toBe(false)
    expect(changes.map((c) => [c.type, 'key' in c ? c.key : '', c.fromSnapshot])).toEqual([
      ['flag.upserted', 'kill_switch', false],
      ['flag.upserted', 'born_while_away', false],
    ])
    expect(changes[1]!.seq).toBeGreaterThan(changes[0]!.seq)
  })
})

describe.runIf(withSharedServices)('the SDK across replicas', () => {
  it('sees on replica B a change made through replica A', async () => {
    const deployment = await deploy(2)
    const [a, b] = deployment.replicas as [ServiceProcess, ServiceProcess]
    const sdk = await client(b.url, await sdkKey(deployment, a))
    await deployment.admin(a, 'POST', '/admin/feature-flags', { key: 'cross_replica', name: 'x', type: 'user_targeting', enabled: true, userIds: ['alice'] })
    await until(() => sdk.isEnabled('cross_replica', { userId: 'alice' }))
    expect(sdk.isEnabled('cross_replica', { userId: 'bob' })).toBe(false)
  })
})

describe('route guards backed by the live control plane', () => {
  it('answers 404 on a Fastify route while its flag is off for the request, and serves it once on', async () => {
    const deployment = await shared()
    const [service] = deployment.replicas as [ServiceProcess]
    await deployment.admin(service, 'POST', '/admin/feature-flags', { key: 'guarded_pay', name: 'x', type: 'user_targeting', enabled: true, userIds: ['vip'] })
    const sdk = await client(service.url, await sdkKey(deployment, service))
    const app = Fastify()
    await app.register(sdk.fastify())
    app.get('/payment', { config: { featureFlag: 'guarded_pay' } }, async () => ({ paid: true }))
    await app.ready()
    expect((await app.inject({ url: '/payment', headers: { 'x-user-id': 'vip' } })).json()).toEqual({ paid: true })
    expect((await app.inject({ url: '/payment', headers: { 'x-user-id': 'someone' } })).statusCode).toBe(404)

    await deployment.admin(service, 'PUT', '/admin/feature-flags/guarded_pay', { userIds: ['vip', 'someone'] })
    await until(() => sdk.isEnabled('guarded_pay', { userId: 'someone' }))
    expect((await app.inject({ url: '/payment', headers: { 'x-user-id': 'someone' } })).statusCode).toBe(200)
    await app.close()
  })

  it('answers 404 through Express requireFlag once the flag is rolled back', async () => {
    const deployment = await shared()
    const [service] = deployment.replicas as [ServiceProcess]
    await deployment.admin(service, 'POST', '/admin/feature-flags', { key: 'express_pay', name: 'x', type: 'boolean', enabled: true })
    const sdk = await client(service.url, await sdkKey(deployment, service))
    const app = express()
    app.get('/pay', sdk.requireFlag('express_pay'), (_req, res) => void res.json({ paid: true }))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/pay`
    try {
      expect((await fetch(url)).status).toBe(200)
      await deployment.admin(service, 'POST', '/admin/rollbacks/feature-flag', { featureKey: 'express_pay', reason: 'e2e' })
      await until(() => !sdk.isEnabled('express_pay'))
      expect((await fetch(url)).status).toBe(404)
    } finally {
      server.close()
    }
  })
})
