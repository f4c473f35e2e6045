/**
 * The official OFREP server provider (@openfeature/ofrep-provider, with @openfeature/server-sdk)
 * against the built control plane, unchanged: flags of every type give the answers
 * @sluice/core gives for the same context, a live change is seen on the next evaluation, and
 * unknown flags, missing identities and bad tokens come back as OpenFeature's error codes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OFREPProvider } from '@openfeature/ofrep-provider'
import { ErrorCode, OpenFeature, type Client } from '@openfeature/server-sdk'
import { evaluate, type Flag } from '@sluice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminCall } from './support/admin-api.js'
import { startService, type ServiceProcess } from './support/service-process.js'

const ADMIN_TOKEN = 'sluice_admin_ofrep_e2e_0123456789abcdef'
const PAYLOAD = { headline: 'Pay in one click', steps: 1 }

let service: ServiceProcess
let dataDir: string
let client: Client
let clientToken: string
const flags = new Map<string, Flag>()

const admin = <T = unknown>(method: string, route: string, body?: unknown) => adminCall<T>(service.url, ADMIN_TOKEN, method, route, body)

async function createFlag(flag: Record<string, unknown>): Promise<void> {
  const created = await admin<Flag>('POST', '/admin/feature-flags', { name: String(flag.key), ...flag })
  flags.set(created.key, created)
}

function providerWith(token: string): OFREPProvider {
  return new OFREPProvider({ baseUrl: service.url, headers: [['Authorization', `Bearer ${token}`]] })
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-ofrep-'))
  service = await startService({ DATA_DIR: dataDir, ADMIN_TOKEN }, { timeoutMs: 120_000 })
  clientToken = (await admin<{ token: string }>('POST', '/admin/api-tokens', { name: 'ofrep-e2e', role: 'client' })).token
  await createFlag({ key: 'kill_switch', type: 'boolean', enabled: true })
  await createFlag({ key: 'new_checkout', type: 'percentage', enabled: true, percentage: 30 })
  await createFlag({ key: 'beta', type: 'user_targeting', enabled: true, userIds: ['user-7'] })
  await createFlag({ key: 'office', type: 'ip_targeting', enabled: true, ips: ['10.0.0.0/8'] })
  await createFlag({ key: 'pro_plan', type: 'rules', enabled: true, rules: [{ constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }], rollout: 100 }] })
  await createFlag({ key: 'banner_copy', type: 'boolean', enabled: true, variants: [{ key: 'short', weight: 1 }, { key: 'long', weight: 1 }] })
  await createFlag({ key: 'checkout_config', type: 'boolean', enabled: true, variants: [{ key: 'one_click', weight: 1, payload: PAYLOAD }] })
  await createFlag({ key: 'max_items', type: 'boolean', enabled: true, variants: [{ key: 'ten', weight: 1, payload: 10 }] })
  await OpenFeature.setProviderAndWait('ofrep', providerWith(clientToken))
  client = OpenFeature.getClient('ofrep')
  // A first start creates the embedded database: most of a minute on a loaded machine.
}, 180_000)

afterAll(async () => {
  await OpenFeature.close()
  await service?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the official OFREP provider against Sluice', () => {
  it('evaluates every flag type as @sluice/core does, for many users', async () => {
    for (let i = 0; i < 30; i++) {
      const userId = `user-${i}`
      const ip = i % 2 ? '10.1.2.3' : '192.0.2.1'
      const plan = i % 3 ? 'free' : 'pro'
      const context = { targetingKey: userId, ip, plan }
      const core = { userId, ip, attributes: { plan } }
      for (const key of ['kill_switch', 'new_checkout', 'beta', 'office', 'pro_plan']) {
        const details = await client.getBooleanDetails(key, false, context)
        expect(details.errorCode, `${key} for ${userId}: ${details.errorMessage}`).toBeUndefined()
        expect(details.value, `${key} for ${userId}`).toBe(evaluate(flags.get(key)!, core).enabled)
      }
      const copy = await client.getStringDetails('banner_copy', 'none', context)
      expect(copy.value).toBe(evaluate(flags.get('banner_copy')!, core).variant!.key)
      expect(copy.variant).toBe(copy.value)
    }
    expect(await client.getObjectValue('checkout_config', {}, { targetingKey: 'u-1' })).toEqual(PAYLOAD)
    expect(await client.getNumberValue('max_items', 1, { targetingKey: 'u-1' })).toBe(10)
    const details = await client.getBooleanDetails('new_checkout', false, { targetingKey: 'user-3' })
    expect(details).toMatchObject({ reason: 'SPLIT', flagMetadata: { sluiceReason: expect.stringMatching(/rollout/) } })
  })

  it('sees a live change on the next evaluation', async () => {
    expect(await client.getBooleanValue('kill_switch', false, { targetingKey: 'u-1' })).toBe(true)
    await admin('PUT', '/admin/feature-flags/kill_switch', { enabled: false })
    const details = await client.getBooleanDetails('kill_switch', true, { targetingKey: 'u-1' })
    expect(details).toMatchObject({ value: false, reason: 'DISABLED' })
  })

  it("gives OpenFeature's error codes for an unknown flag, a missing identity and a bad token", async () => {
    expect(await client.getBooleanDetails('no_such_flag', true, { targetingKey: 'u-1' })).toMatchObject({ value: true, errorCode: ErrorCode.FLAG_NOT_FOUND })
    expect(await client.getBooleanDetails('new_checkout', true, {})).toMatchObject({ value: true, errorCode: ErrorCode.TARGETING_KEY_MISSING })
    expect(await client.getStringDetails('kill_switch', 'x', { targetingKey: 'u-1' })).toMatchObject({ value: 'x', errorCode: ErrorCode.TYPE_MISMATCH })
    await OpenFeature.setProviderAndWait('forged', providerWith('sluice_client_forged'))
    const forged = await OpenFeature.getClient('forged').getBooleanDetails('kill_switch', true, { targetingKey: 'u-1' })
    expect(forged).toMatchObject({ value: true, reason: 'ERROR' })
  })
})
