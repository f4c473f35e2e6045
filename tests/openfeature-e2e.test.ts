/**
 * The OpenFeature provider against the real control plane, run as a separate process: what an
 * application that only speaks OpenFeature sees when it evaluates Sluice flags of every type,
 * when an operator changes one, and when the control plane dies and comes back.
 */
import { OpenFeature, ProviderEvents, ProviderStatus, StandardResolutionReasons as R, ErrorCode, type Client, type EventDetails } from '@openfeature/server-sdk'
import { SluiceProvider } from '@sluice/openfeature'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startDeployment, type Deployment } from './support/deployment.js'
import type { ServiceProcess } from './support/service-process.js'

const deployments: Deployment[] = []
afterEach(async () => {
  await OpenFeature.clearProviders()
})
afterAll(async () => {
  for (const deployment of deployments) await deployment.close()
})

async function deploy(): Promise<[Deployment, ServiceProcess]> {
  const deployment = await startDeployment()
  deployments.push(deployment)
  return [deployment, deployment.replicas[0]!]
}

let sharedDeployment: Promise<[Deployment, ServiceProcess]> | undefined
/** One service for the tests that do not stop it. */
function shared(): Promise<[Deployment, ServiceProcess]> {
  sharedDeployment ??= deploy()
  return sharedDeployment
}

async function createFlag(deployment: Deployment, service: ServiceProcess, flag: Record<string, unknown>): Promise<void> {
  const res = await deployment.admin(service, 'POST', '/admin/feature-flags', { name: String(flag.key), ...flag })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

let domains = 0
/** An OpenFeature client whose provider owns a Sluice client streaming from `service`. */
async function openFeatureClient(deployment: Deployment, service: ServiceProcess): Promise<Client> {
  const token = await deployment.admin(service, 'POST', '/admin/api-tokens', { name: `openfeature-${++domains}`, role: 'sdk' })
  expect(token.status).toBe(201)
  const provider = new SluiceProvider(
    { url: service.url, sdkKey: token.body.token, logger: { debug() {}, info() {}, warn() {}, error() {} }, reconnect: { baseMs: 50, capMs: 500 } },
    { readyTimeoutMs: 10_000 },
  )
  const domain = `e2e-${domains}`
  await OpenFeature.setProviderAndWait(domain, provider)
  return OpenFeature.getClient(domain)
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('OpenFeature on a live control plane', () => {
  it('evaluates flags of every type, with the reason, variant and targeting the engine gives', async () => {
    const [deployment, service] = await shared()
    await createFlag(deployment, service, { key: 'of_kill_switch', type: 'boolean', enabled: true })
    await createFlag(deployment, service, { key: 'of_off', type: 'boolean', enabled: false })
    await createFlag(deployment, service, {
      key: 'of_beta',
      type: 'user_targeting',
      enabled: true,
      userIds: ['alice'],
      variants: [{ key: 'blue', weight: 1, payload: { discount: 10, steps: ['cart', 'pay'] } }],
    })
    await createFlag(deployment, service, { key: 'of_price', type: 'boolean', enabled: true, variants: [{ key: 'high', weight: 1, payload: 9.99 }] })
    await createFlag(deployment, service, { key: 'of_office', type: 'ip_targeting', enabled: true, ips: ['10.0.0.0/8'] })
    const client = await openFeatureClient(deployment, service)

    expect(await client.getBooleanDetails('of_kill_switch', false)).toMatchObject({ value: true, reason: R.STATIC })
    expect(await client.getBooleanDetails('of_off', true)).toMatchObject({ value: false, reason: R.DISABLED })
    expect(await client.getBooleanDetails('of_beta', false, { targetingKey: 'alice' })).toMatchObject({ value: true, reason: R.TARGETING_MATCH, variant: 'blue' })
    expect(await client.getBooleanDetails('of_beta', true, { targetingKey: 'bob' })).toMatchObject({ value: false, reason: R.TARGETING_MATCH })
    expect(await client.getStringDetails('of_beta', 'control', { targetingKey: 'alice' })).toMatchObject({ value: 'blue', variant: 'blue' })
    expect(await client.getStringDetails('of_beta', 'control', { targetingKey: 'bob' })).toMatchObject({ value: 'control', reason: R.DEFAULT })
    expect(await client.getObjectValue('of_beta', {}, { targetingKey: 'alice' })).toEqual({ discount: 10, steps: ['cart', 'pay'] })
    expect(await client.getNumberDetails('of_price', 0, { targetingKey: 'carol' })).toMatchObject({ value: 9.99, variant: 'high', reason: R.SPLIT })
    expect(await client.getNumberDetails('of_beta', 0, { targetingKey: 'alice' })).toMatchObject({ value: 0, errorCode: ErrorCode.TYPE_MISMATCH })
    expect(await client.getBooleanValue('of_office', false, { ipAddress: '10.20.30.40' })).toBe(true)
    expect(await client.getBooleanDetails('of_missing', true)).toMatchObject({ value: true, reason: R.ERROR, errorCode: ErrorCode.FLAG_NOT_FOUND })
  })

  it('maps targetingKey to the userId the service buckets on: the same answers as /check', async () => {
    const [deployment, service] = await shared()
    await createFlag(deployment, service, { key: 'of_ramp', type: 'percentage', enabled: true, percentage: 50 })
    const client = await openFeatureClient(deployment, service)
    for (let i = 0; i < 30; i++) {
      const userId = `user-${i}`
      const check = await deployment.admin(service, 'GET', `/admin/feature-flags/of_ramp/check?userId=${userId}`)
      expect(await client.getBooleanDetails('of_ramp', !check.body.enabled, { targetingKey: userId }), userId).toMatchObject({
        value: check.body.enabled,
        reason: R.SPLIT,
        flagMetadata: { sluiceReason: check.body.reason },
      })
    }
  })

  it('announces a change with CONFIGURATION_CHANGED naming the flag, and serves the new value', async () => {
    const [deployment, service] = await shared()
    await createFlag(deployment, service, { key: 'of_payments_v2', type: 'percentage', enabled: true, percentage: 0 })
    await createFlag(deployment, service, { key: 'of_untouched', type: 'boolean', enabled: true })
    const client = await openFeatureClient(deployment, service)
    expect(await client.getBooleanValue('of_payments_v2', true, { targetingKey: 'u-1' })).toBe(false)
    const changes: Array<{ flagsChanged: string[] | undefined; served: boolean }> = []
    client.addHandler(ProviderEvents.ConfigurationChanged, async (details?: EventDetails<ProviderEvents.ConfigurationChanged>) => {
      changes.push({ flagsChanged: details?.flagsChanged, served: await client.getBooleanValue('of_payments_v2', false, { targetingKey: 'u-1' }) })
    })

    const updated = await deployment.admin(service, 'PUT', '/admin/feature-flags/of_payments_v2', { percentage: 100 })
    expect(updated.status).toBe(200)
    await until(() => changes.length === 1)
    expect(changes).toEqual([{ flagsChanged: ['of_payments_v2'], served: true }])
    expect(await client.getBooleanDetails('of_payments_v2', false, { targetingKey: 'u-1' })).toMatchObject({ value: true, reason: R.SPLIT })

    expect((await deployment.admin(service, 'DELETE', '/admin/feature-flags/of_payments_v2')).status).toBeLessThan(300)
    await until(() => changes.length === 2)
    expect(changes[1]!.flagsChanged).toEqual(['of_payments_v2'])
    expect(await client.getBooleanDetails('of_payments_v2', true, { targetingKey: 'u-1' })).toMatchObject({ value: false, reason: R.DISABLED })
  })

  it('goes STALE when the service dies, keeps serving, and is READY with what it missed once the service is back', async () => {
    const [deployment, service] = await deploy()
    await createFlag(deployment, service, { key: 'of_kill_switch', type: 'boolean', enabled: true })
    const client = await openFeatureClient(deployment, service)
    const events: ProviderEvents[] = []
    const changed: string[] = []
    for (const type of [ProviderEvents.Stale, ProviderEvents.Error, ProviderEvents.Ready]) client.addHandler(type, () => void events.push(type))
    events.length = 0 // READY handlers run at once for a provider that is already ready (spec 5.3.3)
    client.addHandler(ProviderEvents.ConfigurationChanged, (details?: EventDetails<ProviderEvents.ConfigurationChanged>) => void changed.push(...(details?.flagsChanged ?? [])))

    expect(await service.stop('SIGKILL')).toBe(null)
    await until(() => events.includes(ProviderEvents.Stale))
    expect(events[0]).toBe(ProviderEvents.Stale)
    expect(await client.getBooleanDetails('of_kill_switch', false)).toMatchObject({ value: true, reason: R.STATIC })

    const restarted = await deployment.addReplica({}, service.port)
    await deployment.admin(restarted, 'PUT', '/admin/feature-flags/of_kill_switch', { enabled: false })
    await until(() => client.providerStatus === ProviderStatus.READY && changed.includes('of_kill_switch'), 15_000)
    expect(events.at(-1)).toBe(ProviderEvents.Ready)
    expect(await client.getBooleanDetails('of_kill_switch', true)).toMatchObject({ value: false, reason: R.DISABLED })
  })
})
