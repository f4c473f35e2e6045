/**
 * Rules flags and segments between the real control plane and the Node SDK, over real HTTP
 * and SSE on loopback: the SDK evaluates rules flags with the segments of its snapshot, and a
 * segment edit on the stream changes the answers of exactly the flags that name the segment.
 */
import { createClient, type ChangeEvent, type EvaluationContext, type SluiceClient } from '@sluice/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../services/control-plane/src/test-support/test-app.js'

let t: TestApp
let url: string
let sdk: SluiceClient
const changes: ChangeEvent[] = []

async function admin(method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown) {
  const res = await t.request({ method, url: `/api/v1/admin${path}`, payload: payload as never })
  expect(res.statusCode, res.body).toBeLessThan(300)
  return res.body ? res.json() : undefined
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const FLAGS = ['eu-launch', 'eu-pro', 'staff-only', 'pro-only', 'shop-app']
const CONTEXTS: EvaluationContext[] = []
for (const country of ['DE', 'FR', 'US']) {
  for (const plan of ['pro', 'free']) {
    for (const email of ['a@sluice.dev', 'b@example.com']) {
      for (let i = 0; i < 5; i++) CONTEXTS.push({ userId: `${country}-${plan}-${i}`, attributes: { country, plan, email } })
    }
  }
}

function answers(): Map<string, boolean[]> {
  return new Map(FLAGS.map((key) => [key, CONTEXTS.map((ctx) => sdk.isEnabled(key, ctx))]))
}

beforeAll(async () => {
  t = await createTestApp()
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  await admin('POST', '/segments', { key: 'eu', name: 'EU', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE'] }] })
  await admin('POST', '/segments', { key: 'staff', name: 'Staff', constraints: [{ attribute: 'email', operator: 'STR_ENDS_WITH', values: ['@sluice.dev'] }] })
  const rules = (key: string, ...rulesOfFlag: unknown[]) => admin('POST', '/feature-flags', { key, name: key, type: 'rules', enabled: true, rules: rulesOfFlag })
  await rules('eu-launch', { segments: ['eu'] })
  await rules('eu-pro', { segments: ['eu'], constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }], rollout: 60 })
  await rules('staff-only', { segments: ['staff'] })
  await rules('pro-only', { constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] })
  await rules('shop-app', { constraints: [{ attribute: 'appName', operator: 'IN', values: ['shop'] }, { attribute: 'environment', operator: 'IN', values: ['production'] }] })
  const token = (await admin('POST', '/api-tokens', { name: 'sdk', role: 'sdk' })).token
  sdk = createClient({ url, sdkKey: token, appName: 'shop', environment: 'production', logger: {} })
  sdk.on('change', (change) => changes.push(change))
  await sdk.ready({ timeoutMs: 5_000 })
})
afterAll(async () => {
  await sdk?.close()
  await t?.close()
})

describe('rules flags in the Node SDK', () => {
  it('evaluates rules flags with the segments of its snapshot, as /check does', async () => {
    for (const ctx of CONTEXTS.slice(0, 20)) {
      const attrs = Object.entries(ctx.attributes!).map(([name, value]) => `attr.${name}=${encodeURIComponent(String(value))}`).join('&')
      for (const key of ['eu-launch', 'eu-pro', 'staff-only']) {
        const check = (await t.request({ method: 'GET', url: `/api/v1/admin/feature-flags/${key}/check?userId=${ctx.userId}&${attrs}` })).json()
        expect(sdk.isEnabled(key, ctx), `${key} for ${ctx.userId}`).toBe(check.enabled)
      }
    }
    expect(sdk.isEnabled('eu-launch', { attributes: { country: 'DE' } })).toBe(true)
    expect(sdk.evaluate('eu-launch', { attributes: { country: 'US' } })).toMatchObject({ enabled: false, reason: 'no_rule_matched' })
  })

  it('fills appName and environment from its options, unless the context sets its own', () => {
    expect(sdk.isEnabled('shop-app', { userId: 'u1' })).toBe(true)
    expect(sdk.isEnabled('shop-app', { userId: 'u1', appName: 'admin-ui' })).toBe(false)
    expect(sdk.isEnabled('shop-app', { userId: 'u1', environment: 'staging' })).toBe(false)
  })

  it('a segment edit on the stream changes answers exactly for the flags that name the segment', async () => {
    const before = answers()
    await admin('PUT', '/segments/eu', { constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] })
    await until(() => changes.some((c) => c.type === 'segment.upserted' && c.key === 'eu'), 'segment.upserted')
    const after = answers()

    for (const key of ['staff-only', 'pro-only', 'shop-app']) expect(after.get(key), `${key} does not name the segment`).toEqual(before.get(key))
    for (const key of ['eu-launch', 'eu-pro']) {
      CONTEXTS.forEach((ctx, i) => {
        const country = ctx.attributes!.country
        if (country !== 'FR') expect(after.get(key)![i], `${key} for ${ctx.userId}`).toBe(before.get(key)![i])
        else expect(before.get(key)![i], `${key} for ${ctx.userId} before`).toBe(false)
      })
    }
    expect(after.get('eu-launch')!.filter((on, i) => on && CONTEXTS[i]!.attributes!.country === 'FR')).toHaveLength(20)
    expect(after.get('eu-pro')!.some((on, i) => on && CONTEXTS[i]!.attributes!.country === 'FR')).toBe(true)
  })

  it('a deleted segment leaves the SDK on segment.deleted', async () => {
    await admin('POST', '/segments', { key: 'temporary', name: 'T', constraints: [] })
    await admin('DELETE', '/segments/temporary')
    await until(() => changes.some((c) => c.type === 'segment.deleted' && c.key === 'temporary'), 'segment.deleted')
    expect(changes.filter((c) => c.type.startsWith('segment.')).map((c) => c.type)).toEqual(['segment.upserted', 'segment.upserted', 'segment.deleted'])
  })
})
