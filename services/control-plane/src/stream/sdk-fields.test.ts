/**
 * The fields an SDK may see, per entity, listed here by hand on purpose: a field added to an
 * admin view must be added to this list (and to stream/sdk-views.ts) deliberately before any
 * SDK receives it. A canary's webhook URL is the case that motivated it: it is often a Slack
 * hook, a secret, and `sdk` tokens live in every application process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'

const ALLOWED = {
  flag: ['key', 'name', 'type', 'enabled', 'archived', 'percentage', 'groupId', 'stickiness', 'userIds', 'ips', 'variants', 'rules', 'dependencies', 'version', 'updatedAt'],
  canary: ['id', 'featureKey', 'ruleId', 'version', 'status', 'percentage', 'initialPercentage', 'rollbackThreshold', 'minSampleSize', 'steps', 'startedAt', 'updatedAt', 'endedAt'],
  chaosRule: ['id', 'name', 'type', 'enabled', 'probability', 'target', 'config', 'expiresAt', 'version', 'updatedAt'],
  segment: ['key', 'constraints', 'version', 'updatedAt'],
  snapshot: ['seq', 'environment', 'flags', 'canaries', 'chaosRules', 'segments'],
}
const SECRET_HOOK = 'https://hooks.slack.example/services/T000/B000/very-secret'

let t: TestApp
let url: string
let sdkToken: string
const readers: SseReader[] = []

beforeAll(async () => {
  t = await createTestApp({ env: { SLUICE_WEBHOOK_SECRET: 'a-webhook-secret-of-16+', CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' }, jobIntervalMs: 3_600_000 })
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  sdkToken = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
})
afterAll(async () => {
  for (const reader of readers) reader.close()
  await t.close()
})

function outsideList(entity: keyof typeof ALLOWED, object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((field) => !ALLOWED[entity].includes(field))
}

function checkSnapshot(snapshot: { flags: object[]; canaries: object[]; chaosRules: object[]; segments: object[] } & Record<string, unknown>): void {
  expect(outsideList('snapshot', snapshot)).toEqual([])
  for (const flag of snapshot.flags) expect(outsideList('flag', flag as Record<string, unknown>), 'flag').toEqual([])
  for (const canary of snapshot.canaries) expect(outsideList('canary', canary as Record<string, unknown>), 'canary').toEqual([])
  for (const rule of snapshot.chaosRules) expect(outsideList('chaosRule', rule as Record<string, unknown>), 'chaos rule').toEqual([])
  for (const segment of snapshot.segments) expect(outsideList('segment', segment as Record<string, unknown>), 'segment').toEqual([])
}

/** Everything an admin can put in each entity, secrets included. */
async function createEverything(suffix: string): Promise<void> {
  const segment = { key: `pro_${suffix}`, name: 'Pro', description: 'internal notes', constraints: [{ attribute: 'plan', operator: 'IN', values: ['pro'] }] }
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/segments', payload: segment })).statusCode).toBe(201)
  const flag = { key: `full_${suffix}`, name: 'Full', description: 'internal notes', tags: ['team:payments'], type: 'percentage', enabled: true, percentage: 5, groupId: 'g', stickiness: 'userId' }
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: flag })).statusCode).toBe(201)
  const canary = { featureKey: flag.key, version: 'v2', webhookUrl: SECRET_HOOK, steps: [5, 50, 100] }
  const started = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: canary })
  expect(started.statusCode, started.body).toBe(201)
  const rule = { name: `rule ${suffix}`, type: 'latency', enabled: true, probability: 1, target: 'GET /x', config: { latencyMs: 5 }, stopOn: { flagKey: flag.key } }
  const created = await t.request({ method: 'POST', url: '/api/v1/admin/chaos-rules', payload: rule })
  expect(created.statusCode, created.body).toBe(201)
  // A disabled rule carries a disabledReason in the admin view.
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/chaos-rules/halt' })).statusCode).toBe(200)
  expect((await t.request({ method: 'DELETE', url: `/api/v1/admin/chaos-rules/${created.json().id}` })).statusCode).toBe(204)
}

describe('what an SDK may see', () => {
  it('holds /sdk/state, the stream snapshot and every change event to the listed fields', async () => {
    const stream = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdkToken}` })
    readers.push(stream)
    await stream.waitFor(1)
    await createEverything('a')

    const state = await t.request({ method: 'GET', url: '/api/v1/sdk/state', token: sdkToken })
    expect(state.statusCode).toBe(200)
    expect(state.body).not.toContain(SECRET_HOOK)
    checkSnapshot(state.json())
    expect(state.json().canaries).toHaveLength(1)
    expect(state.json().chaosRules).toHaveLength(0)
    expect(state.json().segments).toHaveLength(1)

    // Created, changed, halted, deleted: one of each event type there is.
    const events = await stream.waitFor(7)
    const byType = new Map<string, Array<Record<string, unknown>>>()
    for (const event of events.slice(1)) byType.set(event.event!, [...(byType.get(event.event!) ?? []), JSON.parse(event.data)])
    expect([...byType.keys()].sort()).toEqual(['canary.upserted', 'chaos.deleted', 'chaos.upserted', 'flag.upserted', 'segment.upserted'])
    for (const data of byType.get('flag.upserted')!) expect(outsideList('flag', data).filter((f) => f !== 'seq')).toEqual([])
    for (const data of byType.get('canary.upserted')!) expect(outsideList('canary', data).filter((f) => f !== 'seq')).toEqual([])
    for (const data of byType.get('segment.upserted')!) expect(outsideList('segment', data).filter((f) => f !== 'seq')).toEqual([])
    for (const data of byType.get('chaos.upserted')!) expect(outsideList('chaosRule', data).filter((f) => f !== 'seq')).toEqual([])
    for (const data of byType.get('chaos.deleted')!) expect(Object.keys(data).sort()).toEqual(['id', 'seq'])
    expect(events.map((e) => e.data).join('\n')).not.toContain(SECRET_HOOK)

    // A stream that starts now gets the same state as its snapshot, and a resume replays the same views.
    const later = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdkToken}` })
    readers.push(later)
    const [snapshot] = await later.waitFor(1)
    expect(snapshot!.data).not.toContain(SECRET_HOOK)
    checkSnapshot(JSON.parse(snapshot!.data))
    const resumed = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${sdkToken}`, 'last-event-id': events[0]!.id! })
    readers.push(resumed)
    const replayed = await resumed.waitFor(6)
    expect(replayed.map((e) => e.data)).toEqual(events.slice(1).map((e) => e.data))
  })

  it('keeps the full objects on the admin API, where the token may read them', async () => {
    const canary = (await t.request({ method: 'GET', url: '/api/v1/admin/canary-deployments/full_a' })).json()
    expect(canary.webhookUrl).toBe(SECRET_HOOK)
    const flag = (await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/full_a' })).json()
    expect(flag.description).toBe('internal notes')
    expect(flag.tags).toEqual(['team:payments'])
  })
})
