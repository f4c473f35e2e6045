import { LATENCY_BUCKET_COUNT } from '@sluice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appBehindProxy } from '../test-support/proxied-app.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { withSharedServices } from '../test-support/test-env.js'
import { until } from '../test-support/until.js'

let t: TestApp
let sdk: string

beforeAll(async () => {
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' } })
  sdk = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk' } })).json().token
})
afterAll(() => t.close())

async function scrape(): Promise<string> {
  return (await t.request({ method: 'GET', url: '/metrics', token: null })).body
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const items = (flagKey: string, side: string, requests: number, errors: number) => ({
  flagKey,
  side,
  requests,
  errors,
  latencyMsSum: requests * 10,
  latencyBuckets: new Array(LATENCY_BUCKET_COUNT).fill(0),
})

describe('what an operator graphs and alerts on', () => {
  it('counts /check evaluations by reason', async () => {
    await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'graphed', name: 'x', type: 'boolean', enabled: true } })
    await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/graphed/check' })
    await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/graphed/check' })
    await t.request({ method: 'GET', url: '/api/v1/admin/feature-flags/missing/check' })
    const text = await scrape()
    expect(value(text, 'sluice_flag_evaluations_total{reason="default"}')).toBe(2)
    expect(value(text, 'sluice_flag_evaluations_total{reason="not_found"}')).toBe(1)
    expect(value(text, 'sluice_feature_flags{state="enabled"}')).toBe(1)
    expect(value(text, 'sluice_database_up')).toBe(1)
  })

  it('shows canary traffic and error rates per side, outcome batches, and rollbacks by type and kind of actor', async () => {
    await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'watched', name: 'x', type: 'percentage' } })
    await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: 'watched', version: 'v2', minSampleSize: 1000 } })
    await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdk, payload: { items: [items('watched', 'canary', 40, 1), items('watched', 'baseline', 400, 2), items('nobody', 'canary', 1, 0)] } })
    let text = await scrape()
    expect(value(text, 'sluice_canary_requests{flag="watched",side="canary"}')).toBe(40)
    expect(value(text, 'sluice_canary_error_rate{flag="watched",side="canary"}')).toBe(0.025)
    expect(value(text, 'sluice_canary_error_rate{flag="watched",side="baseline"}')).toBe(0.005)
    expect(value(text, 'sluice_outcome_batches_total')).toBe(1)
    expect(value(text, 'sluice_outcome_items_total{result="accepted"}')).toBe(2)
    expect(value(text, 'sluice_outcome_items_total{result="ignored"}')).toBe(1)

    await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/canary', payload: { featureKey: 'watched', reason: 'ops' } })
    text = await scrape()
    expect(value(text, 'sluice_rollbacks_total{type="canary",automatic="false",actor_kind="user"}')).toBe(1)
    expect(value(text, 'sluice_rollbacks_total{type="canary",automatic="true",actor_kind="system"}')).toBe(0)
    expect(text).not.toMatch(/sluice_canary_requests\{flag="watched"/)

    await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key: 'failing', name: 'x', type: 'percentage' } })
    await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: 'failing', version: 'v2', minSampleSize: 100 } })
    await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdk, payload: { items: [items('failing', 'canary', 200, 120), items('failing', 'baseline', 2000, 2)] } })
    await until(async () => value(await scrape(), 'sluice_rollbacks_total{type="canary",automatic="true",actor_kind="system"}') === 1)
  })

  it('names process metrics once and keeps _total for counters, as promtool wants', async () => {
    const text = await scrape()
    expect(text).toMatch(/^sluice_process_cpu_seconds_total /m)
    expect(text).toMatch(/^sluice_nodejs_eventloop_lag_p99_seconds /m)
    expect(text).not.toMatch(/sluice_process_process_/)
    const gaugesNamedLikeCounters = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]).filter((name) => name!.endsWith('_total'))
    expect(gaugesNamedLikeCounters).toEqual([])
  })

  it('counts chaos faults SDKs report, per rule, in the metrics and on the rule', async () => {
    const rule = (
      await t.request({ method: 'POST', url: '/api/v1/admin/chaos-rules', payload: { name: 'db', type: 'database_failure', enabled: true, probability: 30 } })
    ).json()
    for (const injected of [3, 4]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdk, payload: { items: [], chaos: [{ ruleId: rule.id, injected }] } })
      expect(res.statusCode).toBe(202)
    }
    const unknown = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: sdk, payload: { items: [], chaos: [{ ruleId: '00000000-0000-4000-8000-000000000000', injected: 1 }] } })
    expect(unknown.statusCode).toBe(202)
    const text = await scrape()
    expect(value(text, `sluice_chaos_injections_reported_total{rule="${rule.id}"}`)).toBe(7)
    // An id no rule has never becomes a series: any sdk token could otherwise mint them.
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000')
    expect((await t.request({ method: 'GET', url: `/api/v1/admin/chaos-rules/${rule.id}` })).json()).toMatchObject({ injected: 7 })
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/chaos-rules' })).json()[0]).toMatchObject({ injected: 7 })
  })
})

describe.runIf(withSharedServices)('metrics while the database is unreachable', () => {
  it('still answers /metrics, with sluice_database_up at 0', async () => {
    const { app, proxy, close } = await appBehindProxy()
    try {
      await proxy.cut()
      const res = await app.request({ method: 'GET', url: '/metrics', token: null })
      expect(res.statusCode).toBe(200)
      expect(value(res.body, 'sluice_database_up')).toBe(0)
      expect(res.body).toMatch(/sluice_http_requests_total/)
      expect((await app.request({ method: 'GET', url: '/readyz', token: null })).statusCode).toBe(503)
    } finally {
      await proxy.restore()
      await close()
    }
  })

  it('answers /metrics and /readyz when Postgres hangs without closing its connections', async () => {
    const { app, proxy, close } = await appBehindProxy()
    // Far above the probes' 1–2 s deadlines and far below the driver's 30 s wait, which is
    // what a hung database cost before: a load balancer's health check gives up long before.
    const answersWithin = async (url: string) => {
      const started = Date.now()
      const res = await app.request({ method: 'GET', url, token: null })
      expect(Date.now() - started, url).toBeLessThan(10_000)
      return res
    }
    try {
      proxy.freeze()
      const metrics = await answersWithin('/metrics')
      expect(metrics.statusCode).toBe(200)
      expect(value(metrics.body, 'sluice_database_up')).toBe(0)
      const ready = await answersWithin('/readyz')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toMatchObject({ status: 'not_ready', database: 'error' })

      proxy.thaw()
      await until(async () => (await app.request({ method: 'GET', url: '/readyz', token: null })).statusCode === 200)
      expect(value((await app.request({ method: 'GET', url: '/metrics', token: null })).body, 'sluice_database_up')).toBe(1)
    } finally {
      await close()
    }
  })
})
