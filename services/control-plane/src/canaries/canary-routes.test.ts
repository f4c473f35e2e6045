import { createHmac } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { canaries as canariesTable, canaryWindows, webhookDeliveries } from '../db/schema/index.js'
import { legacyOutcomeItem, outcomeItem as outcome } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { until } from '../test-support/until.js'
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js'

const SECRET = 'webhook-secret-0123456789'
let t: TestApp
let sdkToken: string
let operatorToken: string
let viewerToken: string
const base = '/api/v1/admin/canary-deployments'

beforeAll(async () => {
  t = await createTestApp({ env: { SLUICE_WEBHOOK_SECRET: SECRET }, jobIntervalMs: 3_600_000, webhooks: { backoffBaseSeconds: 0 } })
  const token = async (role: string) =>
    (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: `canary-${role}`, role } })).json().token as string
  sdkToken = await token('sdk')
  operatorToken = await token('operator')
  viewerToken = await token('viewer')
})
afterAll(() => t.close())

async function flag(key: string, type = 'percentage') {
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type, enabled: false } })
  expect(res.statusCode, res.body).toBe(201)
}

async function start(body: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: base, payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function getFlag(key: string) {
  return (await t.request({ method: 'GET', url: `/api/v1/admin/feature-flags/${key}` })).json()
}

/** Reports a batch, then waits for the analysis it triggers (which never delays the 202). */
async function report(items: unknown[]) {
  const res = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items } })
  expect(res.statusCode, res.body).toBe(202)
  await t.app.canaryAnalysis.settled()
  return res.json()
}

describe('the seed flow', () => {
  it('starts at 5% (enabling the flag), increases, and completes at 100%', async () => {
    await flag('new_payment_flow')
    const canary = await start({ featureKey: 'new_payment_flow', version: 'v2', initialPercentage: 5, rollbackThreshold: 5 })
    expect(canary).toMatchObject({ featureKey: 'new_payment_flow', version: 'v2', status: 'running', percentage: 5, minSampleSize: 100, steps: [], currentStep: null })
    expect(await getFlag('new_payment_flow')).toMatchObject({ enabled: true, percentage: 5 })

    const increased = await t.request({ method: 'PUT', url: `${base}/new_payment_flow/increase`, payload: { percentage: 25 } })
    expect(increased.json()).toMatchObject({ percentage: 25, status: 'running' })
    expect((await getFlag('new_payment_flow')).percentage).toBe(25)

    const completed = await t.request({ method: 'POST', url: `${base}/new_payment_flow/complete`, token: operatorToken })
    expect(completed.json()).toMatchObject({ status: 'completed', percentage: 100, endedAt: expect.any(String) })
    expect((await getFlag('new_payment_flow')).percentage).toBe(100)

    const history = (await t.request({ method: 'GET', url: `${base}/new_payment_flow/history` })).json()
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['started', 'increased', 'completed'])
    const audit = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?entityType=canary_deployment&entityKey=new_payment_flow' })).json()
    expect(audit.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['canary.completed', 'canary-operator'],
      ['canary.increased', 'admin (ADMIN_TOKEN)'],
      ['canary.started', 'admin (ADMIN_TOKEN)'],
    ])
    expect(audit[1]).toMatchObject({ before: { percentage: 5 }, after: { percentage: 25 } })
    const active = (await t.request({ method: 'GET', url: base })).json().map((c: { featureKey: string }) => c.featureKey)
    expect(active).not.toContain('new_payment_flow')
    const all = (await t.request({ method: 'GET', url: `${base}?status=all` })).json().map((c: { featureKey: string }) => c.featureKey)
    expect(all).toContain('new_payment_flow')
  })

  it('rolls back by hand to 0% with a required reason, recorded as a rollback', async () => {
    await flag('manual_rb')
    await start({ featureKey: 'manual_rb', version: 'v2' })
    const noReason = await t.request({ method: 'POST', url: `${base}/manual_rb/rollback`, payload: {} })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().message).toBe('reason: is required')
    const res = await t.request({ method: 'POST', url: `${base}/manual_rb/rollback`, token: operatorToken, payload: { reason: 'User complaints about performance' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'rolled_back', percentage: 0 })
    expect((await getFlag('manual_rb')).percentage).toBe(0)
    const [rollback] = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=manual_rb' })).json()
    expect(rollback).toMatchObject({
      type: 'canary',
      actor: 'canary-operator',
      automatic: false,
      reason: 'User complaints about performance',
      previousState: { canary: { status: 'running', percentage: 5 }, flag: { percentage: 5 } },
      newState: { canary: { status: 'rolled_back', percentage: 0 }, flag: { percentage: 0 } },
      durationMs: expect.any(Number),
    })
    const again = await t.request({ method: 'POST', url: `${base}/manual_rb/rollback`, payload: { reason: 'again' } })
    expect(again.statusCode).toBe(409)
  })
})

describe('starting and ramping rules', () => {
  it('answers 404 for an unknown flag and 409 for a second active canary or a non-percentage flag', async () => {
    expect((await t.request({ method: 'POST', url: base, payload: { featureKey: 'nope', version: 'v1' } })).statusCode).toBe(404)
    await flag('once')
    await start({ featureKey: 'once', version: 'v1' })
    const second = await t.request({ method: 'POST', url: base, payload: { featureKey: 'once', version: 'v2' } })
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('SLUICE_CANARY_ACTIVE')
    await flag('bool_flag', 'boolean')
    const wrongType = await t.request({ method: 'POST', url: base, payload: { featureKey: 'bool_flag', version: 'v1' } })
    expect(wrongType.statusCode).toBe(409)
    expect(wrongType.json().code).toBe('SLUICE_FLAG_NOT_PERCENTAGE')
  })

  it('gives only one of two concurrent starts the canary', async () => {
    await flag('contended_start')
    const results = await Promise.all(['a', 'b'].map((version) => t.request({ method: 'POST', url: base, payload: { featureKey: 'contended_start', version } })))
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409])
  })

  it('rejects increases that are not above the current percentage or exceed 100', async () => {
    await flag('ramp')
    await start({ featureKey: 'ramp', version: 'v1', initialPercentage: 10 })
    for (const percentage of [10, 5, 100.5]) {
      const res = await t.request({ method: 'PUT', url: `${base}/ramp/increase`, payload: { percentage } })
      expect(res.statusCode, String(percentage)).toBe(400)
    }
    expect((await t.request({ method: 'PUT', url: `${base}/ramp/increase`, payload: { percentage: 10.5 } })).json().percentage).toBe(10.5)
  })

  it('takes percentages with at most two decimals, as flags do, rather than round them in silence', async () => {
    await flag('hundredths')
    await start({ featureKey: 'hundredths', version: 'v1', initialPercentage: 5 })
    const increase = await t.request({ method: 'PUT', url: `${base}/hundredths/increase`, payload: { percentage: 5.004 } })
    expect(increase.statusCode).toBe(400)
    expect(increase.json().message).toBe('percentage: must have at most two decimals, got 5.004')
    expect((await t.request({ method: 'PUT', url: `${base}/hundredths/increase`, payload: { percentage: 5.07 } })).json().percentage).toBe(5.07)
    const history = (await t.request({ method: 'GET', url: `${base}/hundredths/history` })).json()
    expect(history.map((e: { message: string }) => e.message)).toEqual(['started v1 at 5%', 'raised from 5% to 5.07%'])

    await flag('hundredths_start')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ steps: [5, 5.001, 100] }, 'steps[1]: must have at most two decimals, got 5.001'],
      [{ initialPercentage: 2.505 }, 'initialPercentage: must have at most two decimals, got 2.505'],
      [{ rollbackThreshold: 1.125 }, 'rollbackThreshold: must have at most two decimals, got 1.125'],
    ]
    for (const [body, message] of cases) {
      const res = await t.request({ method: 'POST', url: base, payload: { featureKey: 'hundredths_start', version: 'v1', ...body } })
      expect(res.statusCode, message).toBe(400)
      expect(res.json().message).toBe(message)
    }
  })

  it('validates steps', async () => {
    await flag('stepped_bad')
    const cases: Array<[unknown, RegExp]> = [
      [[10, 5, 100], /steps: must increase/],
      [[5, 10, 50], /steps: must end at 100/],
    ]
    for (const [steps, message] of cases) {
      const res = await t.request({ method: 'POST', url: base, payload: { featureKey: 'stepped_bad', version: 'v1', steps } })
      expect(res.statusCode).toBe(400)
      expect(res.json().message).toMatch(message)
    }
    const initial = await t.request({ method: 'POST', url: base, payload: { featureKey: 'stepped_bad', version: 'v1', steps: [5, 100], initialPercentage: 7 } })
    expect(initial.json().message).toMatch(/^initialPercentage: must be one of the steps \(5, 100\), got 7$/)
    const hook = await createTestApp({ database: undefined })
    try {
      await hook.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'hooked', name: 'x', type: 'percentage' } })
      const res = await hook.request({ method: 'POST', url: base, payload: { featureKey: 'hooked', version: 'v1', webhookUrl: 'https://example.com/h' } })
      expect(res.statusCode).toBe(400)
      expect(res.json().message).toMatch(/SLUICE_WEBHOOK_SECRET/)
    } finally {
      await hook.close()
    }
  })

  it('keeps admins from moving a percentage the canary owns, but lets them disable the flag', async () => {
    await flag('owned')
    await start({ featureKey: 'owned', version: 'v1' })
    const move = await t.request({ method: 'PUT', url: '/api/v1/admin/feature-flags/owned', payload: { percentage: 50 } })
    expect(move.statusCode).toBe(409)
    expect(move.json().code).toBe('SLUICE_FLAG_UNDER_CANARY')
    expect((await t.request({ method: 'DELETE', url: '/api/v1/admin/feature-flags/owned' })).statusCode).toBe(409)
    expect((await t.request({ method: 'PUT', url: '/api/v1/admin/feature-flags/owned', payload: { enabled: false } })).statusCode).toBe(200)
  })
})

describe('outcomes and automatic rollback', () => {
  it('adds reported outcomes per side and shows live metrics', async () => {
    await flag('metered')
    await start({ featureKey: 'metered', version: 'v1' })
    await report([outcome('metered', 'canary', 10, 0, 30), outcome('metered', 'baseline', 190, 2, 20), outcome('unrelated', 'canary', 5, 5)])
    await report([outcome('metered', 'canary', 10, 1, 30)])
    const detail = (await t.request({ method: 'GET', url: `${base}/metered` })).json()
    expect(detail.metrics.canary).toMatchObject({ requests: 20, errors: 1, errorRate: 5, avgLatencyMs: 30 })
    expect(detail.metrics.baseline).toMatchObject({ requests: 190, errors: 2, avgLatencyMs: 20 })
    expect(detail.metrics.canary.p95LatencyMs).toBeGreaterThan(25)
    expect(detail.metrics.canary.p95LatencyMs).toBeLessThanOrEqual(50)
    expect(detail.verdict).toMatchObject({ verdict: 'insufficient_data' })
  })

  it('says when no baseline was reported, so only the error threshold guards the canary', async () => {
    await flag('plugin_only')
    await start({ featureKey: 'plugin_only', version: 'v2', rollbackThreshold: 5, minSampleSize: 100 })
    await report([outcome('plugin_only', 'canary', 200, 2, 900)])
    const alone = (await t.request({ method: 'GET', url: `${base}/plugin_only` })).json()
    expect(alone.verdict).toEqual({
      verdict: 'healthy',
      baseline: 'missing',
      message:
        'healthy: canary 1% errors (2/200), baseline 0% (0/0); no baseline reported: only error_threshold (above 5% errors after 100 canary requests) can roll this canary back, the comparisons with baseline cannot run',
    })
    await report([outcome('plugin_only', 'baseline', 2000, 20, 900)])
    expect((await t.request({ method: 'GET', url: `${base}/plugin_only` })).json().verdict).toMatchObject({ verdict: 'healthy', baseline: 'reported', message: expect.not.stringMatching(/no baseline/) })
  })

  it('ignores outcomes for flags without an active canary and rejects impossible counts', async () => {
    expect(await report([outcome('no_canary_here', 'canary', 3, 1)])).toEqual({ accepted: 0, ignored: 1 })
    const bad = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items: [outcome('x', 'canary', 1, 2)] } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('items[0].errors: must not exceed requests (1), got 2')
    const side = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdkToken, payload: { items: [{ ...outcome('x', 'canary', 1, 0), side: 'middle' }] } })
    expect(side.statusCode).toBe(400)
  })

  it('rolls back automatically once the canary has minSampleSize requests above the threshold (the seed rule)', async () => {
    await flag('failing')
    await start({ featureKey: 'failing', version: 'v2', rollbackThreshold: 5, minSampleSize: 100, latencyGuard: null })
    await report([outcome('failing', 'canary', 60, 6), outcome('failing', 'baseline', 1000, 60)])
    expect((await t.request({ method: 'GET', url: `${base}/failing` })).json().status).toBe('running')
    await report([outcome('failing', 'canary', 40, 1), outcome('failing', 'baseline', 800, 48)])
    const detail = (await t.request({ method: 'GET', url: `${base}/failing` })).json()
    expect(detail).toMatchObject({ status: 'rolled_back', percentage: 0 })
    expect((await getFlag('failing')).percentage).toBe(0)
    const [rollback] = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=failing' })).json()
    expect(rollback).toMatchObject({ type: 'canary', actor: 'system', automatic: true })
    expect(rollback.reason).toMatch(/^automatic rollback \(error_threshold\): error rate above the 5% threshold after 100 canary requests: canary 7% errors \(7\/100\), baseline 6% \(108\/1800\)$/)
    const history = (await t.request({ method: 'GET', url: `${base}/failing/history` })).json()
    expect(history.at(-1)).toMatchObject({ kind: 'rolled_back', actor: 'system', detail: { rule: 'error_threshold', canary: { requests: 100, errors: 7 } } })
  })

  it('rolls a clear regression back early through the canary-vs-baseline test', async () => {
    await flag('regressed')
    await start({ featureKey: 'regressed', version: 'v2', minSampleSize: 1000 })
    await report([outcome('regressed', 'canary', 60, 12), outcome('regressed', 'baseline', 1140, 11)])
    const detail = (await t.request({ method: 'GET', url: `${base}/regressed` })).json()
    expect(detail.status).toBe('rolled_back')
    const [rollback] = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=regressed' })).json()
    expect(rollback.reason).toMatch(/sequential_error.*canary 20% errors \(12\/60\), baseline 0\.96\d*% \(11\/1140\)/)
  })

  it('rolls back a canary that turns bad after a long healthy run, on the recent windows', async () => {
    await flag('aged')
    await start({ featureKey: 'aged', version: 'v2', minSampleSize: 100, latencyGuard: null })
    await report([outcome('aged', 'canary', 100_000, 1_000), outcome('aged', 'baseline', 1_900_000, 19_000)])
    // That healthy hour happened an hour ago: its windows are long past.
    const { db } = t.app.infrastructure
    await db.update(canariesTable).set({ startedAt: sql`now() - interval '1 hour'` }).where(eq(canariesTable.featureKey, 'aged'))
    await db.update(canaryWindows).set({ windowStart: sql`${canaryWindows.windowStart} - interval '1 hour'` })
    await report([outcome('aged', 'canary', 60, 18), outcome('aged', 'baseline', 1140, 11)])
    const detail = (await t.request({ method: 'GET', url: `${base}/aged` })).json()
    expect(detail).toMatchObject({ status: 'rolled_back', metrics: { canary: { requests: 100_060, errors: 1_018 } } })
    const [rollback] = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=aged' })).json()
    expect(rollback.reason).toMatch(/^automatic rollback \(recent_error\): canary errs significantly more than baseline over the last 20 s .*canary 30% errors \(18\/60\)/)
  })

  it('rolls a 110 → 240 ms latency regression back, and lets 110 → 115 ms run', async () => {
    for (const [key, canaryMs] of [['slower', 240], ['barely_slower', 115]] as const) {
      await flag(key)
      await start({ featureKey: key, version: 'v2', minSampleSize: 100 })
      await report([outcome(key, 'canary', 200, 0, canaryMs), outcome(key, 'baseline', 2000, 0, 110)])
    }
    const slower = (await t.request({ method: 'GET', url: `${base}/slower` })).json()
    expect(slower).toMatchObject({ status: 'rolled_back' })
    expect(slower.metrics.canary.p95LatencyMs).toBeGreaterThan(235)
    expect(slower.metrics.baseline.p95LatencyMs).toBeLessThan(113)
    const [rollback] = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=slower' })).json()
    expect(rollback.reason).toMatch(/^automatic rollback \(latency\): canary p95 latency/)
    expect((await t.request({ method: 'GET', url: `${base}/barely_slower` })).json()).toMatchObject({ status: 'running', verdict: { verdict: 'healthy' } })
  })

  it('still reads the latency histogram of SDKs that predate the sketch', async () => {
    await flag('old_sdk')
    await start({ featureKey: 'old_sdk', version: 'v2', minSampleSize: 100 })
    await report([legacyOutcomeItem('old_sdk', 'canary', 200, 0, 700), legacyOutcomeItem('old_sdk', 'baseline', 2000, 0, 20), outcome('old_sdk', 'baseline', 100, 0, 20)])
    const detail = (await t.request({ method: 'GET', url: `${base}/old_sdk` })).json()
    expect(detail.metrics.baseline).toMatchObject({ requests: 2100 })
    expect(detail.metrics.canary.p95LatencyMs).toBeGreaterThan(500)
    expect(detail.metrics.canary.p95LatencyMs).toBeLessThanOrEqual(1020)
    expect(detail.status).toBe('rolled_back')
  })

  it('counts every outcome of 50 concurrent flushes and rolls back exactly once', async () => {
    await flag('stormy')
    await start({ featureKey: 'stormy', version: 'v2', minSampleSize: 100_000, latencyGuard: null, alpha: 0.0001 })
    await Promise.all(Array.from({ length: 50 }, () => report([outcome('stormy', 'canary', 3, 0), outcome('stormy', 'baseline', 57, 1)])))
    const detail = (await t.request({ method: 'GET', url: `${base}/stormy` })).json()
    expect(detail.metrics.canary).toMatchObject({ requests: 150, errors: 0 })
    expect(detail.metrics.baseline).toMatchObject({ requests: 2850, errors: 50 })

    await flag('crossing')
    await start({ featureKey: 'crossing', version: 'v2', minSampleSize: 100, latencyGuard: null })
    await Promise.all(Array.from({ length: 30 }, () => report([outcome('crossing', 'canary', 10, 5), outcome('crossing', 'baseline', 10, 0)])))
    const rollbacks = (await t.request({ method: 'GET', url: '/api/v1/admin/rollbacks?targetKey=crossing' })).json()
    expect(rollbacks).toHaveLength(1)
    const events = (await t.request({ method: 'GET', url: `${base}/crossing/history` })).json()
    expect(events.filter((e: { kind: string }) => e.kind === 'rolled_back')).toHaveLength(1)
  })
})

describe('automatic steps', () => {
  async function expireHold(featureKey: string) {
    await t.app.infrastructure.db
      .update(canariesTable)
      .set({ stepStartedAt: sql`now() - interval '1 hour'` })
      .where(eq(canariesTable.featureKey, featureKey))
  }

  it('promotes through the steps after each hold with a passing analysis, then completes', async () => {
    await flag('stepped')
    const canary = await start({ featureKey: 'stepped', version: 'v3', steps: [10, 50, 100], holdSeconds: 600, minSampleSize: 50 })
    expect(canary).toMatchObject({ percentage: 10, currentStep: 0 })
    await t.app.jobs.tick()
    expect((await getFlag('stepped')).percentage).toBe(10)

    await expireHold('stepped')
    await t.app.jobs.tick()
    expect((await getFlag('stepped')).percentage).toBe(10)

    await report([outcome('stepped', 'canary', 100, 1), outcome('stepped', 'baseline', 900, 9)])
    await t.app.jobs.tick()
    expect((await t.request({ method: 'GET', url: `${base}/stepped` })).json()).toMatchObject({ percentage: 50, currentStep: 1 })
    expect((await getFlag('stepped')).percentage).toBe(50)
    await t.app.jobs.tick()
    expect((await getFlag('stepped')).percentage).toBe(50)

    await report([outcome('stepped', 'canary', 500, 5), outcome('stepped', 'baseline', 500, 5)])
    await expireHold('stepped')
    await t.app.jobs.tick()
    expect((await getFlag('stepped')).percentage).toBe(100)
    // At 100% every request is on the canary side: the last step waits for canary traffic only.
    await report([outcome('stepped', 'canary', 50, 0)])
    await expireHold('stepped')
    await t.app.jobs.tick()
    expect((await t.request({ method: 'GET', url: `${base}/stepped` })).json()).toMatchObject({ status: 'completed', percentage: 100 })
    const kinds = (await t.request({ method: 'GET', url: `${base}/stepped/history` })).json()
    expect(kinds.map((e: { kind: string }) => e.kind)).toEqual(['started', 'promoted', 'promoted', 'completed'])
    expect(kinds[1].message).toMatch(/^promoted from 10% to 50% after the analysis passed: healthy: canary 1% errors \(1\/100\), baseline 1% \(9\/900\)/)
  })

  it('holds a step until it has traffic of its own, and says so', async () => {
    await flag('quiet')
    await start({ featureKey: 'quiet', version: 'v2', steps: [5, 10, 25, 50, 100], holdSeconds: 2, minSampleSize: 50 })
    await report([outcome('quiet', 'canary', 60, 0), outcome('quiet', 'baseline', 600, 0)])
    await expireHold('quiet')
    await t.app.jobs.tick()
    expect((await getFlag('quiet')).percentage).toBe(10)
    for (let i = 0; i < 3; i++) {
      await expireHold('quiet')
      await t.app.jobs.tick()
    }
    expect((await getFlag('quiet')).percentage).toBe(10)
    const quiet = (await t.request({ method: 'GET', url: `${base}/quiet` })).json()
    expect(quiet.verdict).toMatchObject({ verdict: 'healthy', awaitingTraffic: true })
    expect(quiet.verdict.message).toMatch(/^healthy: canary 0% errors \(0\/60\), baseline 0% \(0\/600\); awaiting traffic at 10% before the next step: 0 canary requests since it started \(needs 50\) and 0 baseline \(needs 50\)/)

    await report([outcome('quiet', 'canary', 50, 0), outcome('quiet', 'baseline', 20, 0)])
    await expireHold('quiet')
    await t.app.jobs.tick()
    expect((await getFlag('quiet')).percentage).toBe(10)
    expect((await t.request({ method: 'GET', url: `${base}/quiet` })).json().verdict.message).toMatch(/50 canary requests since it started \(needs 50\) and 20 baseline \(needs 50\)/)

    await report([outcome('quiet', 'baseline', 30, 0)])
    await t.app.jobs.tick()
    expect((await getFlag('quiet')).percentage).toBe(25)
    const kinds = (await t.request({ method: 'GET', url: `${base}/quiet/history` })).json().map((e: { kind: string }) => e.kind)
    expect(kinds).toEqual(['started', 'promoted', 'promoted'])
  })

  it('keeps the verdict on the whole canary after a manual increase, and says the new step awaits traffic', async () => {
    await flag('raised')
    await start({ featureKey: 'raised', version: 'v2', steps: [5, 25, 100], holdSeconds: 600, minSampleSize: 50 })
    await report([outcome('raised', 'canary', 400, 2), outcome('raised', 'baseline', 4000, 20)])
    expect((await t.request({ method: 'PUT', url: `${base}/raised/increase`, payload: { percentage: 25 } })).statusCode).toBe(200)
    const raised = (await t.request({ method: 'GET', url: `${base}/raised` })).json()
    expect(raised.verdict).toMatchObject({ verdict: 'healthy', awaitingTraffic: true })
    expect(raised.verdict.message).toMatch(/^healthy: canary 0\.5% errors \(2\/400\), baseline 0\.5% \(20\/4000\); awaiting traffic at 25% before the next step: 0 canary requests/)
    await expireHold('raised')
    await t.app.jobs.tick()
    expect((await getFlag('raised')).percentage).toBe(25)

    // A canary without steps never waits for a step's traffic: nothing is promoted automatically.
    await flag('raised_by_hand')
    await start({ featureKey: 'raised_by_hand', version: 'v2', minSampleSize: 50 })
    await report([outcome('raised_by_hand', 'canary', 400, 2), outcome('raised_by_hand', 'baseline', 4000, 20)])
    await t.request({ method: 'PUT', url: `${base}/raised_by_hand/increase`, payload: { percentage: 50 } })
    const manual = (await t.request({ method: 'GET', url: `${base}/raised_by_hand` })).json().verdict
    expect(manual).toEqual({ verdict: 'healthy', baseline: 'reported', message: 'healthy: canary 0.5% errors (2/400), baseline 0.5% (20/4000)' })
  })

  it('does not promote a paused canary, and resumes with a fresh hold', async () => {
    await flag('paused_one')
    await start({ featureKey: 'paused_one', version: 'v1', steps: [10, 100], holdSeconds: 600, minSampleSize: 10 })
    await report([outcome('paused_one', 'canary', 20, 0), outcome('paused_one', 'baseline', 200, 0)])
    expect((await t.request({ method: 'POST', url: `${base}/paused_one/pause`, token: operatorToken })).json().status).toBe('paused')
    await expireHold('paused_one')
    await t.app.jobs.tick()
    expect((await getFlag('paused_one')).percentage).toBe(10)
    expect((await t.request({ method: 'POST', url: `${base}/paused_one/resume` })).json().status).toBe('running')
    await t.app.jobs.tick()
    expect((await getFlag('paused_one')).percentage).toBe(10)
  })
})

describe('webhooks', () => {
  const receivers: WebhookReceiver[] = []
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close()
  })

  async function receiverFor(statuses?: number[]): Promise<WebhookReceiver> {
    const receiver = await startWebhookReceiver(statuses)
    receivers.push(receiver)
    return receiver
  }

  async function deliveries(receiver: WebhookReceiver, count: number) {
    await until(() => receiver.received.length >= count, 5_000, `${count} webhook deliveries`)
    expect(receiver.received).toHaveLength(count)
    return receiver.received.map(({ headers, body }) => ({ event: headers['x-sluice-event'], body: JSON.parse(body) }))
  }

  it('posts a signed notice of an automatic rollback, retrying until the receiver accepts', async () => {
    const receiver = await receiverFor([500, 200])
    await flag('hooked_rb')
    await start({ featureKey: 'hooked_rb', version: 'v9', webhookUrl: receiver.url, minSampleSize: 10, latencyGuard: null })
    await report([outcome('hooked_rb', 'canary', 10, 5), outcome('hooked_rb', 'baseline', 100, 0)])
    await deliveries(receiver, 1)
    await t.app.jobs.tick()
    expect(receiver.received).toHaveLength(2)
    const { headers, body } = receiver.received[1]!
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['x-sluice-signature']))!
    expect(signature).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex'))
    expect(headers['x-sluice-event']).toBe('canary.rolled_back')
    expect(JSON.parse(body)).toMatchObject({ event: 'canary.rolled_back', canary: { featureKey: 'hooked_rb', status: 'rolled_back' }, rollback: { actor: 'system' } })
    const [delivery] = await t.app.infrastructure.db.select().from(webhookDeliveries).where(sql`${webhookDeliveries.payload}->'canary'->>'featureKey' = 'hooked_rb'`)
    expect(delivery).toMatchObject({ attempts: 2, deliveredAt: expect.any(Date), lastError: null })
  })

  it('posts canary.completed when a canary completes', async () => {
    const receiver = await receiverFor()
    await flag('hooked_done')
    await start({ featureKey: 'hooked_done', version: 'v4', webhookUrl: receiver.url })
    expect((await t.request({ method: 'POST', url: `${base}/hooked_done/complete`, token: operatorToken })).statusCode).toBe(200)
    const [delivery] = await deliveries(receiver, 1)
    expect(delivery).toMatchObject({
      event: 'canary.completed',
      body: { event: 'canary.completed', reason: 'completed at 100% by canary-operator', canary: { featureKey: 'hooked_done', status: 'completed', percentage: 100 } },
    })
  })

  it('posts canary.rolled_back when a flag rollback takes the canary down', async () => {
    const receiver = await receiverFor()
    await flag('hooked_flag_rb')
    await start({ featureKey: 'hooked_flag_rb', version: 'v5', webhookUrl: receiver.url })
    const res = await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/feature-flag', token: operatorToken, payload: { featureKey: 'hooked_flag_rb', reason: 'checkout errors' } })
    expect(res.statusCode, res.body).toBe(201)
    const [delivery] = await deliveries(receiver, 1)
    expect(delivery).toMatchObject({
      event: 'canary.rolled_back',
      body: {
        reason: 'checkout errors',
        canary: { featureKey: 'hooked_flag_rb', status: 'rolled_back', percentage: 0 },
        rollback: { id: res.json().id, type: 'feature_flag', actor: 'canary-operator' },
      },
    })
  })

  it('takes only http and https webhook URLs, the scheme in any case', async () => {
    await flag('hooked_mailto')
    for (const webhookUrl of ['mailto:oncall@example.com', 'ftp://example.com/hook', 'urn:isbn:0451450523']) {
      const res = await t.request({ method: 'POST', url: base, payload: { featureKey: 'hooked_mailto', version: 'v1', webhookUrl } })
      expect(res.statusCode, webhookUrl).toBe(400)
      expect(res.json().message).toBe('webhookUrl: must match pattern "^[Hh][Tt][Tt][Pp][Ss]?://"')
    }
    expect((await start({ featureKey: 'hooked_mailto', version: 'v1', webhookUrl: 'https://hooks.example.com/sluice' })).webhookUrl).toBe('https://hooks.example.com/sluice')
    await t.request({ method: 'POST', url: `${base}/hooked_mailto/complete` })
    // The scheme is case-insensitive: what a pasted or generated URL may well carry.
    expect((await start({ featureKey: 'hooked_mailto', version: 'v2', webhookUrl: 'HTTPS://hooks.example.com/Sluice' })).webhookUrl).toBe('https://hooks.example.com/Sluice')
  })
})

describe('roles', () => {
  it('lets operators roll back and complete but not start; viewers only read; sdk tokens only report', async () => {
    await flag('roles_canary')
    expect((await t.request({ method: 'POST', url: base, token: operatorToken, payload: { featureKey: 'roles_canary', version: 'v1' } })).statusCode).toBe(403)
    await start({ featureKey: 'roles_canary', version: 'v1' })
    expect((await t.request({ method: 'GET', url: `${base}/roles_canary`, token: viewerToken })).statusCode).toBe(200)
    expect((await t.request({ method: 'POST', url: `${base}/roles_canary/rollback`, token: viewerToken, payload: { reason: 'x' } })).statusCode).toBe(403)
    expect((await t.request({ method: 'GET', url: base, token: sdkToken })).statusCode).toBe(403)
    expect((await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: viewerToken, payload: { items: [] } })).statusCode).toBe(403)
    expect((await t.request({ method: 'PUT', url: `${base}/roles_canary/increase`, token: operatorToken, payload: { percentage: 50 } })).statusCode).toBe(403)
    expect((await t.request({ method: 'POST', url: `${base}/roles_canary/complete`, token: operatorToken })).statusCode).toBe(200)
  })
})
