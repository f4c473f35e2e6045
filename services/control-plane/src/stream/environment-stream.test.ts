import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'

/** Ten environments: the three every installation has, and seven more. */
const ENVIRONMENTS = ['development', 'staging', 'production', ...Array.from({ length: 7 }, (_, i) => `env-${i}`)]
const CLIENTS_PER_ENVIRONMENT = 3
const flagsUrl = '/api/v1/admin/feature-flags'

let t: TestApp
let url: string
const tokens = new Map<string, string>()
const readers: SseReader[] = []

beforeAll(async () => {
  t = await createTestApp()
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  for (const key of ENVIRONMENTS.slice(3)) {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/environments', payload: { key, name: key } })
    expect(res.statusCode, res.body).toBe(201)
  }
  const created = await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'checkout', name: 'checkout', type: 'boolean' } })
  expect(created.statusCode, created.body).toBe(201)
  for (const environment of ENVIRONMENTS) {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `sdk-${environment}`, role: 'sdk', environment } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ role: 'sdk', environment, environments: null })
    tokens.set(environment, res.json().token)
  }
})
afterAll(async () => {
  for (const reader of readers) reader.close()
  await t.close()
})

async function stream(environment: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${tokens.get(environment)}`, ...headers })
  readers.push(reader)
  return reader
}

async function toggle(environment: string, enabled: boolean) {
  const res = await t.request({ method: 'PUT', url: `${flagsUrl}/checkout?environment=${environment}`, payload: { enabled } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const sdkState = (environment: string, headers: Record<string, string> = {}, query = '') =>
  t.request({ method: 'GET', url: `/api/v1/sdk/state${query}`, headers: { authorization: `Bearer ${tokens.get(environment)}`, ...headers } })

describe('an sdk token sees one environment', () => {
  it("reads its own environment's state, named in the snapshot, and no other", async () => {
    await toggle('staging', true)
    const staging = await sdkState('staging')
    expect(staging.statusCode).toBe(200)
    expect(staging.json()).toMatchObject({ environment: 'staging', flags: [{ key: 'checkout', enabled: true }] })
    expect((await sdkState('production')).json()).toMatchObject({ environment: 'production', flags: [{ key: 'checkout', enabled: false }] })

    const forbidden = await sdkState('staging', {}, '?environment=production')
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json()).toMatchObject({ code: 'SLUICE_ENVIRONMENT_FORBIDDEN' })
    expect(forbidden.json().message).toContain('production')
  })

  it("keeps another environment's ETag when one environment changes (its pollers get 304)", async () => {
    const before = await sdkState('production')
    await toggle('staging', false)
    const again = await sdkState('production', { 'if-none-match': before.headers.etag as string })
    expect(again.statusCode).toBe(304)
    expect((await sdkState('staging', { 'if-none-match': before.headers.etag as string })).statusCode).toBe(200)
  })
})

describe('a change in one of ten environments', () => {
  it("is written to that environment's clients only: the other nine environments' clients receive nothing", async () => {
    const clients = new Map<string, SseReader[]>()
    for (const environment of ENVIRONMENTS) {
      const own = await Promise.all(Array.from({ length: CLIENTS_PER_ENVIRONMENT }, () => stream(environment)))
      clients.set(environment, own)
    }
    for (const [environment, own] of clients) {
      for (const reader of own) {
        const [snapshot] = await reader.waitFor(1)
        expect(snapshot!.event).toBe('snapshot')
        expect(JSON.parse(snapshot!.data).environment).toBe(environment)
      }
    }

    const changed = await toggle('staging', true)
    // A change in every other environment afterwards: once a client has it, it would have had the staging one.
    const sentinels = new Map<string, number>()
    for (const environment of ENVIRONMENTS.filter((e) => e !== 'staging')) sentinels.set(environment, (await toggle(environment, true)).version)

    for (const [environment, own] of clients) {
      for (const reader of own) {
        const events = (await reader.waitFor(2)).slice(1)
        expect(events).toHaveLength(1)
        const data = JSON.parse(events[0]!.data)
        expect(data.key).toBe('checkout')
        expect(data.version).toBe(environment === 'staging' ? changed.version : sentinels.get(environment))
      }
    }
    // Nothing else arrives later either: total events written across all 30 clients is exactly one each.
    await toggle('staging', false)
    for (const reader of clients.get('staging')!) await reader.waitFor(3)
    const received = [...clients.values()].flat().map((reader) => reader.events.length - 1)
    expect(received.reduce((a, b) => a + b, 0)).toBe(ENVIRONMENTS.length * CLIENTS_PER_ENVIRONMENT + CLIENTS_PER_ENVIRONMENT)
  })
})

describe('resuming with Last-Event-ID across environments', () => {
  it("replays exactly its environment's changes after it: other environments' seqs are skipped, not a gap", async () => {
    const first = await stream('production')
    await first.waitFor(1)
    const seen = await toggle('production', false)
    const [, own] = await first.waitFor(2)
    first.close()
    await toggle('staging', true)
    await toggle('development', false)
    const after = await toggle('production', true)
    await toggle('env-3', false)

    const resumed = await stream('production', { 'last-event-id': String(own!.id) })
    const [replayed] = await resumed.waitFor(1)
    expect(seen.version + 1).toBe(after.version)
    expect(replayed!.event).toBe('flag.upserted')
    expect(JSON.parse(replayed!.data)).toMatchObject({ key: 'checkout', enabled: true, version: after.version })
    expect(Number(replayed!.id)).toBeGreaterThan(Number(own!.id) + 2)
    // A fresh change still follows, and nothing of the other environments came in between.
    await toggle('production', false)
    const events = await resumed.waitFor(2)
    expect(events.map((e) => e.event)).toEqual(['flag.upserted', 'flag.upserted'])
  })
})
