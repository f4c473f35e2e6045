import { eq, inArray } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { changeEvents, chaosRules } from '../db/schema/index.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { TEST_ADMIN_TOKEN } from '../test-support/test-env.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'

let t: TestApp
let url: string
const base = '/api/v1/admin/chaos-rules'
const readers: SseReader[] = []
const tokens: Record<'operator' | 'viewer' | 'sdk', string> = { operator: '', viewer: '', sdk: '' }

beforeAll(async () => {
  // Jobs run only when a test ticks them, so expiry is under the test's control.
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' }, jobIntervalMs: 3_600_000 })
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  for (const role of ['operator', 'viewer', 'sdk'] as const) {
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `${role}-token`, role } })
    tokens[role] = res.json().token
  }
})
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close()
})
afterAll(() => t.close())

type Rule = Record<string, unknown> & { id: string; version: number; enabled: boolean }

async function create(body: Record<string, unknown>): Promise<Rule> {
  const res = await t.request({ method: 'POST', url: base, payload: { name: 'rule', probability: 10, ...body } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function put(id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.request({ method: 'PUT', url: `${base}/${id}`, payload: body, headers })
}

async function haltAll(): Promise<void> {
  expect((await t.request({ method: 'POST', url: `${base}/halt` })).statusCode).toBe(200)
}

async function audit(id: string): Promise<Array<Record<string, unknown>>> {
  const res = await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=chaos_rule&entityKey=${id}` })
  return res.json()
}

async function ruleCount(): Promise<number> {
  return (await t.request({ method: 'GET', url: base })).json().length
}

async function auditCount(): Promise<number> {
  return (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=chaos_rule&limit=1000' })).json().length
}

/** An SSE reader past its snapshot, so `events` holds only the changes that follow. */
async function stream(): Promise<SseReader> {
  const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${tokens.sdk}` })
  readers.push(reader)
  await reader.waitFor(1)
  reader.events.splice(0)
  return reader
}

function future(ms = 3_600_000): string {
  return new Date(Date.now() + ms).toISOString()
}

async function backdate(id: string): Promise<void> {
  await t.app.infrastructure.db.update(chaosRules).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(chaosRules.id, id))
}

describe('creating rules', () => {
  it('creates a rule with 201, a location, an ETag, and reads it back by id and in the list', async () => {
    const res = await t.request({
      method: 'POST',
      url: base,
      payload: { name: 'Slow wallet', type: 'latency', enabled: true, probability: 25, target: 'GET /api/v1/wallet/**', config: { latencyMs: 300 } },
    })
    expect(res.statusCode, res.body).toBe(201)
    const rule = res.json()
    expect(rule).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      environment: 'staging',
      name: 'Slow wallet',
      type: 'latency',
      enabled: true,
      probability: 25,
      target: 'GET /api/v1/wallet/**',
      config: { latencyMs: 300, jitterMs: 0 },
      expiresAt: null,
      stopOn: null,
      disabledReason: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.location).toBe(`${base}/${rule.id}?environment=staging`)
    expect(res.headers.etag).toBe('"1"')
    const got = await t.request({ method: 'GET', url: `${base}/${rule.id}` })
    // Reads add how many faults SDKs reported injecting under the rule.
    expect(got.json()).toEqual({ ...rule, injected: 0 })
    expect(got.headers.etag).toBe('"1"')
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}`, headers: { 'if-none-match': '"1"' } })).statusCode).toBe(304)
    expect((await t.request({ method: 'GET', url: base })).json()).toContainEqual({ ...rule, injected: 0 })
    await haltAll()
  })

  it('is disabled unless the body says enabled', async () => {
    expect(await create({ type: 'error' })).toMatchObject({ enabled: false })
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['latency', { latencyMs: 200, jitterMs: 50 }, { latencyMs: 200, jitterMs: 50 }],
    ['error', {}, { statusCode: 500, message: 'Injected error (Sluice chaos)' }],
    ['error', { statusCode: 503, message: 'wallet unavailable' }, { statusCode: 503, message: 'wallet unavailable' }],
    ['timeout', {}, { timeoutMs: 30_000 }],
    ['timeout', { timeoutMs: 5_000 }, { timeoutMs: 5_000 }],
    // No message: SDKs throw the real driver's text for the code (`read ECONNRESET`).
    ['database_failure', {}, { code: 'ECONNRESET' }],
    ['database_failure', { code: '57P01' }, { code: '57P01' }],
    ['redis_failure', {}, { code: 'ECONNRESET' }],
    [
      'random_failure',
      {},
      { kinds: ['latency', 'error', 'timeout'], latencyMs: 1_000, jitterMs: 0, statusCode: 500, message: 'Injected error (Sluice chaos)', timeoutMs: 30_000 },
    ],
    ['random_failure', { kinds: ['redis_failure', 'error'], statusCode: 502 }, { kinds: ['redis_failure', 'error'], statusCode: 502, message: 'Injected error (Sluice chaos)', code: 'ECONNRESET' }],
  ])('stores a %s config %j with its defaults filled in', async (type, config, stored) => {
    const rule = await create({ type, config })
    expect(rule.config).toEqual(stored)
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json().config).toEqual(stored)
  })

  it('treats a missing or null config as all defaults', async () => {
    expect((await create({ type: 'timeout' })).config).toEqual({ timeoutMs: 30_000 })
    expect((await create({ type: 'timeout', config: null })).config).toEqual({ timeoutMs: 30_000 })
  })

  it('accepts probabilities with two decimals, 0 and 100', async () => {
    for (const probability of [0, 0.01, 12.34, 99.99, 100]) {
      expect((await create({ type: 'error', probability })).probability).toBe(probability)
    }
  })

  it('accepts every valid target form and keeps it as sent, trimmed', async () => {
    for (const target of ['/api/v1/wallet', '/api/v1/wallet/', 'post /api/v1/payments', '* /api/**', '/api/v*/users/*', '/**/health']) {
      expect((await create({ type: 'error', target })).target).toBe(target)
    }
    expect((await create({ type: 'error', target: '  GET /x  ' })).target).toBe('GET /x')
    expect((await create({ type: 'error', target: null })).target).toBeNull()
  })

  it('keeps a future expiry and a stopOn flag', async () => {
    const expiresAt = future()
    const rule = await create({ type: 'error', expiresAt, stopOn: { flagKey: 'new_payment_flow' } })
    expect(rule).toMatchObject({ expiresAt, stopOn: { flagKey: 'new_payment_flow' } })
  })
})

describe('validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a latency rule without latencyMs', { type: 'latency' }, /^config\.latencyMs: is required for latency rules$/],
    ['a field another type uses', { type: 'latency', config: { latencyMs: 5, statusCode: 500 } }, /^config\.statusCode: is not a known field for latency rules$/],
    ['an unknown config field', { type: 'error', config: { colour: 'red' } }, /^config\.colour: is not a known field for error rules$/],
    ['latencyMs of 0', { type: 'latency', config: { latencyMs: 0 } }, /^config\.latencyMs: must be ≥ 1$/],
    ['latencyMs over a minute', { type: 'latency', config: { latencyMs: 60_001 } }, /^config\.latencyMs: must be ≤ 60000$/],
    ['a fractional latencyMs', { type: 'latency', config: { latencyMs: 1.5 } }, /^config\.latencyMs: must be integer$/],
    ['a negative jitter', { type: 'latency', config: { latencyMs: 5, jitterMs: -1 } }, /^config\.jitterMs: must be ≥ 0$/],
    ['a 2xx error status', { type: 'error', config: { statusCode: 200 } }, /^config\.statusCode: must be ≥ 400$/],
    ['a status over 599', { type: 'error', config: { statusCode: 600 } }, /^config\.statusCode: must be ≤ 599$/],
    ['a message over 500 characters', { type: 'error', config: { message: 'x'.repeat(501) } }, /^config\.message: must NOT have more than 500 characters$/],
    ['a timeout over five minutes', { type: 'timeout', config: { timeoutMs: 300_001 } }, /^config\.timeoutMs: must be ≤ 300000$/],
    ['a code with spaces', { type: 'database_failure', config: { code: 'CONN RESET' } }, /^config\.code: must match pattern/],
    ['a statusCode on a redis rule', { type: 'redis_failure', config: { statusCode: 500 } }, /^config\.statusCode: is not a known field for redis_failure rules$/],
    ['an unknown kind', { type: 'random_failure', config: { kinds: ['latency', 'random_failure'] } }, /^config\.kinds\[1\]: must be one of: latency, error, timeout, database_failure, redis_failure$/],
    ['no kinds', { type: 'random_failure', config: { kinds: [] } }, /^config\.kinds: must NOT have fewer than 1 items$/],
    ['a repeated kind', { type: 'random_failure', config: { kinds: ['error', 'error'] } }, /^config\.kinds: lists "error" more than once$/],
    ['a field of a kind not drawn', { type: 'random_failure', config: { kinds: ['error'], latencyMs: 5 } }, /^config\.latencyMs: is not a known field for random_failure rules unless kinds includes latency$/],
    ['a config that is not an object', { type: 'error', config: [1] }, /^config: must be object$/],
    ['a target without a leading slash', { type: 'error', target: 'api/v1' }, /^target: must start with "\/"/],
    ['a target with an unknown method', { type: 'error', target: 'FETCH /api' }, /^target: starts with "FETCH", which is not an HTTP method/],
    ['a method without a path', { type: 'error', target: 'GET' }, /^target: names a method but no path/],
    ['an Express-style parameter', { type: 'error', target: '/users/:id' }, /^target: has ":id": write a path parameter as "\*"/],
    ['a target with a query', { type: 'error', target: '/api?x=1' }, /^target: must be a path without a query string/],
    ['a blank target', { type: 'error', target: '  ' }, /^target: must not be empty/],
    ['an empty target', { type: 'error', target: '' }, /^target: must NOT have fewer than 1 characters$/],
    ['three decimals', { type: 'error', probability: 12.345 }, /^probability: must have at most two decimals, got 12.345$/],
    ['a probability over 100', { type: 'error', probability: 100.01 }, /^probability: must be ≤ 100$/],
    ['a negative probability', { type: 'error', probability: -1 }, /^probability: must be ≥ 0$/],
    ['no probability', { type: 'error', probability: undefined }, /^probability: is required$/],
    ['an expiry in the past', { type: 'error', expiresAt: '2020-01-01T00:00:00Z' }, /^expiresAt: must be in the future, got 2020-01-01T00:00:00.000Z/],
    ['an expiry that is not a date-time', { type: 'error', expiresAt: 'tomorrow' }, /^expiresAt: must match format "date-time"$/],
    ['a stopOn with a bad flag key', { type: 'error', stopOn: { flagKey: 'Bad Key' } }, /^stopOn\.flagKey: must match pattern/],
    ['a stopOn with an unknown field', { type: 'error', stopOn: { flagKey: 'ok', when: 'always' } }, /^stopOn\.when: is not a known field$/],
    ['an unknown type', { type: 'meteor' }, /^type: must be one of: latency, error, timeout, database_failure, redis_failure, random_failure$/],
    ['an unknown field', { type: 'error', severity: 'high' }, /^severity: is not a known field$/],
    ['a blank name', { type: 'error', name: '   ' }, /^name: must match pattern/],
    ['a string for enabled', { type: 'error', enabled: 'true' }, /^enabled: must be boolean$/],
  ]

  it.each(cases)('rejects %s with a 400 naming the field and writes nothing', async (_name, body, message) => {
    const [rules, audits] = [await ruleCount(), await auditCount()]
    const res = await t.request({ method: 'POST', url: base, payload: { name: 'bad', probability: 10, ...body } })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect(res.json().message).toMatch(message)
    expect(await ruleCount()).toBe(rules)
    expect(await auditCount()).toBe(audits)
  })

  it('answers 404 naming the id for unknown rules and 400 for a malformed id', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000'
    for (const [method, path] of [['GET', ghost], ['PUT', ghost], ['DELETE', ghost]] as const) {
      const res = await t.request({ method, url: `${base}/${path}`, ...(method === 'PUT' ? { payload: { enabled: false } } : {}) })
      expect(res.statusCode, `${method}`).toBe(404)
      expect(res.json()).toMatchObject({ code: 'SLUICE_CHAOS_RULE_NOT_FOUND', message: `no chaos rule with id "${ghost}"` })
    }
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await t.request({ method, url: `${base}/not-a-uuid`, ...(method === 'PUT' ? { payload: { enabled: false } } : {}) })
      expect(res.statusCode, method).toBe(400)
      expect(res.json().message).toBe('id: must match format "uuid"')
    }
  })
})

describe('updating rules', () => {
  it('changes only the fields sent, bumps the version and answers with the ETag', async () => {
    const rule = await create({ type: 'latency', config: { latencyMs: 100 }, target: '/a' })
    const res = await put(rule.id, { probability: 50.5, enabled: true })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ probability: 50.5, enabled: true, target: '/a', config: { latencyMs: 100, jitterMs: 0 }, version: 2 })
    expect(res.headers.etag).toBe('"2"')
    await haltAll()
  })

  it('clears optional fields with null', async () => {
    const rule = await create({ type: 'error', target: '/a', expiresAt: future(), stopOn: { flagKey: 'f' }, config: { statusCode: 502 } })
    const res = await put(rule.id, { target: null, expiresAt: null, stopOn: null, config: null })
    expect(res.json()).toMatchObject({ target: null, expiresAt: null, stopOn: null, config: { statusCode: 500 }, version: 2 })
  })

  it('replaces the whole config, with defaults for what the new one leaves out', async () => {
    const rule = await create({ type: 'error', config: { statusCode: 502, message: 'bad gateway' } })
    expect((await put(rule.id, { config: { statusCode: 503 } })).json().config).toEqual({ statusCode: 503, message: 'Injected error (Sluice chaos)' })
  })

  it("starts from the new type's defaults when the type changes without a config", async () => {
    const rule = await create({ type: 'error', config: { statusCode: 502 } })
    expect((await put(rule.id, { type: 'timeout' })).json()).toMatchObject({ type: 'timeout', config: { timeoutMs: 30_000 } })
    const latency = await put(rule.id, { type: 'latency' })
    expect(latency.statusCode).toBe(400)
    expect(latency.json().message).toBe('config.latencyMs: is required for latency rules')
    expect((await put(rule.id, { type: 'latency', config: { latencyMs: 20 } })).json()).toMatchObject({ type: 'latency', config: { latencyMs: 20, jitterMs: 0 } })
  })

  it('validates the merged rule and leaves it unchanged on a 400', async () => {
    const rule = await create({ type: 'error' })
    for (const [body, message] of [
      [{ config: { latencyMs: 5 } }, 'config.latencyMs: is not a known field for error rules'],
      [{ probability: 1.001 }, 'probability: must have at most two decimals, got 1.001'],
      [{ target: 'nope' }, 'target: must start with "/" (after an optional method), got "nope"'],
      [{ expiresAt: '2001-01-01T00:00:00Z' }, /^expiresAt: must be in the future/],
      [{}, 'body must NOT have fewer than 1 properties'],
    ] as const) {
      const res = await put(rule.id, body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().message).toMatch(message)
    }
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()).toMatchObject({ version: 1 })
  })

  it('refuses to enable a rule whose expiry has passed unless the request moves or clears it', async () => {
    const rule = await create({ type: 'error', expiresAt: future() })
    await backdate(rule.id)
    const res = await put(rule.id, { enabled: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^expiresAt: passed at .*; send a future expiresAt \(or null\) to enable this rule again$/)
    expect((await put(rule.id, { name: 'renamed while expired' })).statusCode).toBe(200)
    expect((await put(rule.id, { enabled: true, expiresAt: future() })).json()).toMatchObject({ enabled: true })
    await haltAll()
  })

  it('keeps the version for a change that changes nothing', async () => {
    const rule = await create({ type: 'latency', config: { latencyMs: 10 } })
    const res = await put(rule.id, { config: { jitterMs: 0, latencyMs: 10 }, name: rule.name as string })
    expect(res.json()).toMatchObject({ version: 1 })
  })

  it('rejects a stale If-Match with 412 and accepts the current one', async () => {
    const rule = await create({ type: 'error' })
    expect((await put(rule.id, { probability: 20 }, { 'if-match': '"1"' })).statusCode).toBe(200)
    const stale = await put(rule.id, { probability: 30 }, { 'if-match': '1' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'SLUICE_VERSION_CONFLICT' })
    expect((await put(rule.id, { probability: 30 }, { 'if-match': 'W/"2"' })).json()).toMatchObject({ probability: 30, version: 3 })
    const bad = await put(rule.id, { probability: 40 }, { 'if-match': 'latest' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^if-match: must be a rule version/)
  })
})

describe('deleting rules', () => {
  it('answers 204, forgets the rule, streams chaos.deleted and keeps it in the audit log', async () => {
    const rule = await create({ type: 'error', enabled: true })
    const reader = await stream()
    const res = await t.request({ method: 'DELETE', url: `${base}/${rule.id}` })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).statusCode).toBe(404)
    const [event] = await reader.waitFor(1)
    expect(event!.event).toBe('chaos.deleted')
    expect(JSON.parse(event!.data)).toEqual({ seq: Number(event!.id), id: rule.id })
    const [deleted] = await audit(rule.id)
    expect(deleted).toMatchObject({ action: 'chaos.deleted', before: { id: rule.id, enabled: true }, after: null })
  })
})

describe('halting', () => {
  it('disables every enabled rule in one transaction and streams one chaos.upserted per rule', async () => {
    await haltAll()
    const enabled = await Promise.all(
      ['latency', 'error', 'timeout'].map((type) => create({ type, enabled: true, ...(type === 'latency' ? { config: { latencyMs: 5 } } : {}) })),
    )
    const idle = await create({ type: 'error' })
    const reader = await stream()

    const res = await t.request({ method: 'POST', url: `${base}/halt` })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.halted).toBe(3)
    expect(body.rules.map((r: Rule) => r.id).sort()).toEqual(enabled.map((r) => r.id).sort())
    for (const rule of body.rules) expect(rule).toMatchObject({ enabled: false, version: 2, disabledReason: 'halted by admin (ADMIN_TOKEN)' })
    expect((await t.request({ method: 'GET', url: `${base}/${idle.id}` })).json()).toMatchObject({ enabled: false, version: 1, disabledReason: null })

    const events = await reader.waitFor(3)
    expect(events.map((e) => e.event)).toEqual(['chaos.upserted', 'chaos.upserted', 'chaos.upserted'])
    expect(events.map((e) => JSON.parse(e.data).enabled)).toEqual([false, false, false])
    // now() is the transaction's start time: one value for all three changes means one transaction.
    const rows = await t.app.infrastructure.db
      .select({ at: changeEvents.at })
      .from(changeEvents)
      .where(inArray(changeEvents.seq, events.map((e) => Number(e.id))))
    expect(new Set(rows.map((r) => r.at.toISOString())).size).toBe(1)

    for (const rule of enabled) {
      const [entry] = await audit(rule.id)
      expect(entry).toMatchObject({ action: 'chaos.halted', actor: 'admin (ADMIN_TOKEN)', before: { enabled: true }, after: { enabled: false } })
    }
    await new Promise((r) => setTimeout(r, 100))
    expect(reader.events).toHaveLength(3)
  })

  it('answers halted: 0 when nothing is enabled, and records a reason when given one', async () => {
    await haltAll()
    expect((await t.request({ method: 'POST', url: `${base}/halt` })).json()).toEqual({ halted: 0, rules: [] })
    const rule = await create({ type: 'error', enabled: true })
    const res = await t.request({ method: 'POST', url: `${base}/halt`, payload: { reason: 'checkout incident' } })
    expect(res.json()).toMatchObject({ halted: 1, rules: [{ id: rule.id, disabledReason: 'halted by admin (ADMIN_TOKEN): checkout incident' }] })
  })

  it('halts with an empty body sent as JSON, as a bare curl with a content type sends it', async () => {
    await haltAll()
    const rule = await create({ type: 'error', enabled: true })
    const res = await t.request({ method: 'POST', url: `${base}/halt`, headers: { 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ halted: 1, rules: [{ id: rule.id, enabled: false }] })
  })

  it('answers 400 to a reason Postgres cannot store, and leaves the rules enabled', async () => {
    await haltAll()
    const rule = await create({ type: 'error', enabled: true })
    const res = await t.request({ method: 'POST', url: `${base}/halt`, payload: { reason: 'a\u0000b' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('reason: must not contain the NUL character (\\u0000)')
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()).toMatchObject({ enabled: true, version: 1 })
  })

  it('changes each rule once when halts and the expiry job race', async () => {
    await haltAll()
    const rules = await Promise.all([1, 2, 3].map(() => create({ type: 'error', enabled: true, expiresAt: future() })))
    await backdate(rules[0]!.id)
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => t.request({ method: 'POST', url: `${base}/halt` })),
      t.app.jobs.tick().then(() => undefined),
    ])
    const halted = results.flatMap((res) => (res ? res.json().rules : []))
    const expired = (await audit(rules[0]!.id)).filter((e) => e.action === 'chaos.expired')
    expect(halted.length + expired.length).toBe(3)
    const events = await t.app.infrastructure.db
      .select({ key: changeEvents.entityKey })
      .from(changeEvents)
      .where(inArray(changeEvents.entityKey, rules.map((r) => r.id)))
    // One event for the creation and one for the stop, per rule.
    expect(events).toHaveLength(6)
    for (const rule of rules) expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()).toMatchObject({ enabled: false, version: 2 })
  })

  it('keeps a halted rule halted, with its reason, until someone enables it again', async () => {
    const rule = await create({ type: 'error', enabled: true })
    await haltAll()
    expect((await put(rule.id, { name: 'renamed' })).json()).toMatchObject({ enabled: false, disabledReason: 'halted by admin (ADMIN_TOKEN)' })
    expect((await put(rule.id, { enabled: true })).json()).toMatchObject({ enabled: true, disabledReason: null })
    expect((await put(rule.id, { enabled: false })).json()).toMatchObject({ enabled: false, disabledReason: null })
  })
})

describe('roles', () => {
  it('lets an operator halt and read, but not create, change or delete', async () => {
    const rule = await create({ type: 'error', enabled: true })
    const token = tokens.operator
    expect((await t.request({ method: 'GET', url: base, token })).statusCode).toBe(200)
    const created = await t.request({ method: 'POST', url: base, token, payload: { name: 'x', type: 'error', probability: 1 } })
    expect(created.statusCode).toBe(403)
    expect(created.json().message).toMatch(/role operator; this action needs admin/)
    expect((await t.request({ method: 'PUT', url: `${base}/${rule.id}`, token, payload: { enabled: false } })).statusCode).toBe(403)
    expect((await t.request({ method: 'DELETE', url: `${base}/${rule.id}`, token })).statusCode).toBe(403)
    const halted = await t.request({ method: 'POST', url: `${base}/halt`, token })
    expect(halted.statusCode).toBe(200)
    expect(halted.json().rules).toContainEqual(expect.objectContaining({ id: rule.id, disabledReason: 'halted by operator-token' }))
    expect((await audit(rule.id))[0]).toMatchObject({ action: 'chaos.halted', actor: 'operator-token' })
  })

  it('lets a viewer read only', async () => {
    const rule = await create({ type: 'error' })
    const token = tokens.viewer
    expect((await t.request({ method: 'GET', url: base, token })).statusCode).toBe(200)
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}`, token })).statusCode).toBe(200)
    expect((await t.request({ method: 'POST', url: `${base}/halt`, token })).statusCode).toBe(403)
    expect((await t.request({ method: 'POST', url: base, token, payload: { name: 'x', type: 'error', probability: 1 } })).statusCode).toBe(403)
    expect((await t.request({ method: 'PUT', url: `${base}/${rule.id}`, token, payload: { enabled: true } })).statusCode).toBe(403)
  })

  it('keeps SDK tokens and anonymous callers out', async () => {
    expect((await t.request({ method: 'GET', url: base, token: tokens.sdk })).statusCode).toBe(403)
    expect((await t.request({ method: 'GET', url: base, token: null })).statusCode).toBe(401)
    expect((await t.request({ method: 'POST', url: `${base}/halt`, token: null })).statusCode).toBe(401)
  })
})

describe('audit and stream', () => {
  it('audits create, update and delete with before and after, and streams each change', async () => {
    const reader = await stream()
    const rule = await create({ type: 'error', enabled: true })
    await put(rule.id, { probability: 42 })
    await t.request({ method: 'DELETE', url: `${base}/${rule.id}`, headers: { 'x-request-id': 'req-chaos-delete' } })
    const entries = await audit(rule.id)
    expect(entries.map((e) => e.action)).toEqual(['chaos.deleted', 'chaos.updated', 'chaos.created'])
    expect(entries[2]).toMatchObject({ actor: 'admin (ADMIN_TOKEN)', entityType: 'chaos_rule', entityKey: rule.id, before: null, after: { probability: 10 } })
    expect(entries[1]).toMatchObject({ before: { probability: 10, version: 1 }, after: { probability: 42, version: 2 } })
    expect(entries[0]).toMatchObject({ requestId: 'req-chaos-delete' })
    const events = await reader.waitFor(3)
    expect(events.map((e) => e.event)).toEqual(['chaos.upserted', 'chaos.upserted', 'chaos.deleted'])
    expect(JSON.parse(events[1]!.data)).toMatchObject({ id: rule.id, probability: 42, version: 2, config: { statusCode: 500 } })
  })

  it('puts every rule in the stream snapshot', async () => {
    const rule = await create({ type: 'timeout', target: '/slow' })
    const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
    readers.push(reader)
    const [snapshot] = await reader.waitFor(1)
    expect(JSON.parse(snapshot!.data).chaosRules).toContainEqual(expect.objectContaining({ id: rule.id, target: '/slow', config: { timeoutMs: 30_000 } }))
  })
})

describe('expiry', () => {
  it('disables a rule once its expiry passes, as the system, and streams the change', async () => {
    await haltAll()
    const rule = await create({ type: 'error', enabled: true, expiresAt: future() })
    const other = await create({ type: 'error', enabled: true, expiresAt: future() })
    await backdate(rule.id)
    const reader = await stream()
    await t.app.jobs.tick()

    const got = (await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()
    expect(got).toMatchObject({ enabled: false, version: 2, disabledReason: 'expired' })
    expect((await t.request({ method: 'GET', url: `${base}/${other.id}` })).json()).toMatchObject({ enabled: true, version: 1 })
    const [event] = await reader.waitFor(1)
    expect(event!.event).toBe('chaos.upserted')
    expect(JSON.parse(event!.data)).toMatchObject({ id: rule.id, enabled: false })
    expect((await audit(rule.id))[0]).toMatchObject({ action: 'chaos.expired', actor: 'system', before: { enabled: true }, after: { enabled: false } })

    // Conditional: a second run finds nothing to do and emits nothing.
    await t.app.jobs.tick()
    await new Promise((r) => setTimeout(r, 100))
    expect(reader.events).toHaveLength(1)
    await haltAll()
  })

  it('expires a rule by the clock, without touching the database by hand', async () => {
    const rule = await create({ type: 'error', enabled: true, expiresAt: future(1_200) })
    await t.app.jobs.tick()
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()).toMatchObject({ enabled: true })
    await new Promise((r) => setTimeout(r, 1_300))
    await t.app.jobs.tick()
    expect((await t.request({ method: 'GET', url: `${base}/${rule.id}` })).json()).toMatchObject({ enabled: false, disabledReason: 'expired' })
  })
})

describe('metrics', () => {
  it('exports sluice_chaos_rules by state', async () => {
    await haltAll()
    const enabled = await create({ type: 'error', enabled: true })
    const expired = await create({ type: 'error', expiresAt: future() })
    await backdate(expired.id)
    const text = (await t.request({ method: 'GET', url: '/metrics', token: null })).body
    const value = (state: string) => Number(new RegExp(`^sluice_chaos_rules\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1])
    expect(value('enabled')).toBe(1)
    expect(value('expired')).toBeGreaterThanOrEqual(1)
    expect(value('disabled')).toBe((await ruleCount()) - value('enabled') - value('expired'))
    await put(enabled.id, { enabled: false })
  })
})
