import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalDeployer, type Answer, type DeployerRequest, type LocalDeployer } from '../test-support/local-deployer.js'
import { outcomeItem } from '../test-support/outcomes.js'
import { readSse } from '../test-support/sse-reader.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { until } from '../test-support/until.js'

const admin = '/api/v1/admin'
const SECRET = 'deployer-secret-0123456789'
let t: TestApp
let serviceUrl: string
const deployers: LocalDeployer[] = []
const tokens = {} as Record<'operator' | 'deployer' | 'sdk', string>

async function ok(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, token?: string) {
  const res = await t.request({ method, url: `${admin}${url}`, ...(payload === undefined ? {} : { payload: payload as object }), ...(token ? { token } : {}) })
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300)
  return res.json()
}

/** The deployer reports the outcome over HTTP at the path it was given, with its own token, as a real one would. */
const reportRolledBack = async (request: DeployerRequest) => {
  const body = request.body as { statusPath: string; id: string; action: string }
  const res = await fetch(`${serviceUrl}${body.statusPath}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.deployer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'rolled_back', detail: `${body.action} done`, rollbackId: body.id }),
  })
  expect(res.status).toBe(200)
}

async function deployerFor(service: string, answers: Answer[], options: { rollbackOnCanaryFailure?: boolean; callBack?: boolean } = {}): Promise<LocalDeployer> {
  const deployer = await startLocalDeployer({ secret: SECRET, answers, slowMs: 3_000, ...(options.callBack === false ? {} : { callBack: reportRolledBack }) })
  deployers.push(deployer)
  await ok('PUT', `/deployers/${service}`, { url: deployer.url, secret: SECRET, rollbackOnCanaryFailure: options.rollbackOnCanaryFailure ?? false })
  return deployer
}

async function deployed(service: string, flag: string, extra: Record<string, unknown> = {}) {
  await ok('POST', '/feature-flags', { key: flag, name: flag, type: 'percentage', enabled: false })
  await ok('POST', '/deployments', { service, version: 'v1' })
  return ok('POST', '/deployments', { service, version: 'v2', commit: 'abc123', canaryFlag: flag, ...extra })
}

const phasesOf = async (deploymentId: string) => (await ok('GET', `/deployments/${deploymentId}`)).rollbacks[0].phases

beforeAll(async () => {
  // Retries within a second, and an acknowledgement overdue after 2 s, so the slow paths run in a test.
  t = await createTestApp({ env: { DEPLOYER_ACK_TIMEOUT_SECONDS: '2' }, jobIntervalMs: 100, deployers: { timeoutMs: 1_000, backoffBaseSeconds: 0.05 } })
  for (const role of ['operator', 'deployer', 'sdk'] as const) tokens[role] = (await ok('POST', '/api-tokens', { name: `${role} token`, role })).token
  serviceUrl = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const deployer of deployers) await deployer.close()
  await t.close()
})

describe('deployment rollbacks', () => {
  it('records a deployment with the previous version it replaces, and links the canary started with its version', async () => {
    const deployment = await deployed('catalog', 'catalog_v2')
    expect(deployment).toMatchObject({ service: 'catalog', version: 'v2', previousVersion: 'v1', canaryFlag: 'catalog_v2', canaryId: null, status: 'deployed', environment: 'production' })
    const canary = await ok('POST', '/canary-deployments', { featureKey: 'catalog_v2', version: 'v2' })
    expect((await ok('GET', `/deployments/${deployment.id}`)).canaryId).toBe(canary.id)
    expect(await ok('GET', '/deployments?service=catalog&version=v2')).toEqual([expect.objectContaining({ id: deployment.id })])
    const missing = await t.request({ method: 'POST', url: `${admin}/deployments`, payload: { service: 'catalog', version: 'v3', canaryFlag: 'no_such_flag' } })
    expect(missing.statusCode).toBe(404)
  })

  it('streams each change of a deployment to its environment, as any change', async () => {
    const stream = await readSse(`${serviceUrl}/api/v1/sdk/stream`, { authorization: `Bearer ${tokens.sdk}` })
    try {
      const recorded = await ok('POST', '/deployments', { service: 'streamed', version: 'v1' })
      const [, event] = await stream.waitFor(2)
      expect(event!.event).toBe('deployment.upserted')
      expect(JSON.parse(event!.data)).toMatchObject({ id: recorded.id, service: 'streamed', status: 'deployed' })
    } finally {
      stream.close()
    }
  })

  it('rolls a deployment back end to end: flags off at once, the deployer asked until it accepts, acting once, and its acknowledgement timed', async () => {
    const deployer = await deployerFor('checkout', ['fail', 'fail', 'slow', 'ok'])
    const deployment = await deployed('checkout', 'checkout_v2')
    await ok('POST', '/canary-deployments', { featureKey: 'checkout_v2', version: 'v2', initialPercentage: 25 })

    const rollback = await ok('POST', '/rollbacks/deployment', { deploymentId: deployment.id, reason: 'ledger totals drift' }, tokens.operator)
    expect(rollback).toMatchObject({ type: 'deployment', targetKey: 'checkout', actor: 'operator token', phases: { action: 'redeploy', version: 'v1', deploymentId: deployment.id } })
    expect(rollback.phases.flagsOffMs).toBeGreaterThan(0)
    // The instant part is done when the answer arrives, whatever the deployer does.
    expect(await ok('GET', '/feature-flags/checkout_v2')).toMatchObject({ enabled: false, percentage: 0 })
    expect(await ok('GET', '/canary-deployments/checkout_v2')).toMatchObject({ status: 'rolled_back' })
    expect((await ok('GET', `/deployments/${deployment.id}`)).status).toBe('rolling_back')

    // The deployer calls back as it answers; Sluice records the answer a moment later.
    await until(async () => (await phasesOf(deployment.id)).askedAt !== null && (await phasesOf(deployment.id)).state === 'acknowledged', 15_000, 'the acknowledgement')
    const phases = await phasesOf(deployment.id)
    expect(phases).toMatchObject({ state: 'acknowledged', outcome: 'rolled_back', detail: 'redeploy done', lastDeliveryError: null })
    // Every attempt counts, those that never reached the deployer (a reset connection) too.
    expect(phases.deliveryAttempts).toBeGreaterThanOrEqual(deployer.received.length)
    expect(phases.askedAfterSeconds).toBeGreaterThan(0)
    expect(phases.acknowledgedAfterSeconds).toBeGreaterThanOrEqual(phases.askedAfterSeconds)
    expect((await ok('GET', `/deployments/${deployment.id}`)).status).toBe('rolled_back')

    // Two failures, a slow answer Sluice gave up on, then accepted: at least four signed deliveries
    // of one request (a loaded machine may time out one more), acted on once.
    expect(deployer.received.length).toBeGreaterThanOrEqual(4)
    expect(deployer.received.every((r) => r.verified)).toBe(true)
    expect(new Set(deployer.received.map((r) => r.headers['x-sluice-delivery']))).toEqual(new Set([rollback.id]))
    expect(deployer.applied).toEqual([rollback.id])
    expect(deployer.received[0]!.body).toMatchObject({ event: 'deployment.rollback_requested', idempotencyKey: rollback.id, service: 'checkout', version: 'v1', currentVersion: 'v2', reason: 'ledger totals drift' })

    const listed = await ok('GET', '/rollbacks?type=deployment&targetKey=checkout')
    expect(listed).toEqual([expect.objectContaining({ id: rollback.id, phases: expect.objectContaining({ state: 'acknowledged' }) })])
  })

  it('applies a replayed acknowledgement once', async () => {
    await deployerFor('wallet', ['ok'], { callBack: false })
    const deployment = await deployed('wallet', 'wallet_v2')
    const rollback = await ok('POST', '/rollbacks/deployment', { deploymentId: deployment.id, reason: 'timeouts' }, tokens.operator)
    // The deployer has the request (and Sluice its 202) before it reports.
    await until(async () => (await phasesOf(deployment.id)).askedAt !== null, 10_000, 'the deployer asked')
    const report = { status: 'rolled_back', detail: 'v1 on 3/3 pods', rollbackId: rollback.id }
    const first = await ok('POST', `/deployments/${deployment.id}/status`, report, tokens.deployer)
    const again = await ok('POST', `/deployments/${deployment.id}/status`, report, tokens.deployer)
    expect(again).toEqual(first)
    const entries = await ok('GET', `/audit-log?entityType=deployment&entityKey=${deployment.id}`)
    expect(entries.filter((e: { action: string }) => e.action === 'deployment.rollback_acknowledged')).toHaveLength(1)
    const contradicting = await t.request({ method: 'POST', url: `${admin}/deployments/${deployment.id}/status`, token: tokens.deployer, payload: { ...report, status: 'failed' } })
    expect(contradicting.statusCode).toBe(409)
    expect(contradicting.json().code).toBe('SLUICE_NO_ROLLBACK_PENDING')
  })

  it('reverts two named migrations through the deployer, and refuses one the deployment did not apply', async () => {
    const deployer = await deployerFor('ledger', ['ok'])
    const deployment = await deployed('ledger', 'ledger_v2', { migrations: ['0041_accounts', '0042_ledger_index', '0043_split_payments'] })
    const unknown = await t.request({ method: 'POST', url: `${admin}/rollbacks/database-migration`, token: tokens.operator, payload: { deploymentId: deployment.id, migrations: ['0099_nope'], reason: 'x' } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().message).toMatch(/"0099_nope" not applied by deployment/)

    const rollback = await ok('POST', '/rollbacks/database-migration', { deploymentId: deployment.id, migrations: ['0043_split_payments', '0042_ledger_index'], reason: 'refunds double-booked' }, tokens.operator)
    expect(rollback).toMatchObject({ type: 'database_migration', phases: { action: 'revert_migrations', migrations: ['0043_split_payments', '0042_ledger_index'], version: null } })
    await until(async () => (await phasesOf(deployment.id)).state === 'acknowledged', 10_000, 'the acknowledgement')
    expect(deployer.received[0]!.body).toMatchObject({ event: 'database_migration.rollback_requested', action: 'revert_migrations', migrations: ['0043_split_payments', '0042_ledger_index'] })
    expect(await ok('GET', `/deployments/${deployment.id}`)).toMatchObject({ status: 'deployed', revertedMigrations: ['0043_split_payments', '0042_ledger_index'] })
    const twice = await t.request({ method: 'POST', url: `${admin}/rollbacks/database-migration`, token: tokens.operator, payload: { deploymentId: deployment.id, migrations: ['0042_ledger_index'], reason: 'again' } })
    expect(twice.statusCode).toBe(409)
  })

  it('rolls back the deployment a canary guards when the canary rolls back automatically', async () => {
    const deployer = await deployerFor('payments', ['ok'], { rollbackOnCanaryFailure: true })
    const deployment = await deployed('payments', 'payments_v2')
    await ok('POST', '/canary-deployments', { featureKey: 'payments_v2', version: 'v2', minSampleSize: 100, latencyGuard: null })
    const items = [outcomeItem('payments_v2', 'canary', 200, 60), outcomeItem('payments_v2', 'baseline', 2_000, 10)]
    expect((await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: tokens.sdk, payload: { items } })).statusCode).toBe(202)
    await t.app.canaryAnalysis.settled()

    const [rollback] = await ok('GET', '/rollbacks?type=deployment&targetKey=payments')
    expect(rollback).toMatchObject({ actor: 'system', automatic: true, reason: expect.stringMatching(/^canary payments_v2 rolled back: automatic rollback/) })
    await until(async () => (await phasesOf(deployment.id)).state === 'acknowledged', 10_000, 'the acknowledgement')
    expect(deployer.applied).toEqual([rollback.id])
    expect((await ok('GET', `/deployments/${deployment.id}`)).status).toBe('rolled_back')
  })

  it('leaves a deployment alone when its canary rolls back and neither it nor its service asks for more', async () => {
    await deployerFor('search', ['ok'])
    const deployment = await deployed('search', 'search_v2')
    await ok('POST', '/canary-deployments', { featureKey: 'search_v2', version: 'v2', minSampleSize: 100, latencyGuard: null })
    const items = [outcomeItem('search_v2', 'canary', 200, 60), outcomeItem('search_v2', 'baseline', 2_000, 10)]
    await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: tokens.sdk, payload: { items } })
    await t.app.canaryAnalysis.settled()
    expect(await ok('GET', '/canary-deployments/search_v2')).toMatchObject({ status: 'rolled_back' })
    expect(await ok('GET', '/rollbacks?type=deployment&targetKey=search')).toEqual([])
    expect((await ok('GET', `/deployments/${deployment.id}`)).status).toBe('deployed')
  })

  it('marks a rollback overdue, in its record and in the metric the alert watches, when the deployer never answers', async () => {
    const deployer = await deployerFor('reports', ['never'])
    const deployment = await deployed('reports', 'reports_v2')
    const rollback = await ok('POST', '/rollbacks/deployment', { deploymentId: deployment.id, reason: 'slow queries' }, tokens.operator)
    await until(async () => {
      const phases = await phasesOf(deployment.id)
      return phases.overdue === true && phases.lastDeliveryError !== null
    }, 10_000, 'overdue after a failed attempt')
    expect(await phasesOf(deployment.id)).toMatchObject({ state: 'queued', acknowledgedAt: null, lastDeliveryError: expect.stringMatching(/abort|timeout/i) })
    expect(deployer.received.length).toBeGreaterThan(0)
    const metrics = (await t.request({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toMatch(/^sluice_deployment_rollbacks_unacknowledged\{service="reports"\} 1$/m)
    const again = await t.request({ method: 'POST', url: `${admin}/rollbacks/deployment`, token: tokens.operator, payload: { deploymentId: deployment.id, reason: 'again' } })
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toContain(rollback.id)
  })

  it('sends an undeliverable request again once the deployer is configured anew', async () => {
    await deployerFor('billing', ['fail'], { callBack: false })
    const deployment = await deployed('billing', 'billing_v2')
    await ok('POST', '/rollbacks/deployment', { deploymentId: deployment.id, reason: 'invoices off by one' }, tokens.operator)
    await until(async () => (await phasesOf(deployment.id)).state === 'undeliverable', 20_000, 'every attempt failed')
    expect((await phasesOf(deployment.id)).lastDeliveryError).toBe('HTTP 503')
    const fixed = await deployerFor('billing', ['ok'])
    await until(async () => (await phasesOf(deployment.id)).state === 'acknowledged', 10_000, 'the acknowledgement')
    expect(fixed.applied).toHaveLength(1)
  })

  it('tests a deployer with one signed request, and never shows its secret', async () => {
    const deployer = await deployerFor('inventory', ['ok'])
    const result = await ok('POST', '/deployers/inventory/test')
    expect(result).toMatchObject({ service: 'inventory', delivered: true, error: null })
    expect(deployer.received[0]).toMatchObject({ verified: true, body: { event: 'deployer.test', service: 'inventory' } })
    const listed = await t.request({ method: 'GET', url: `${admin}/deployers` })
    expect(listed.json()).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'inventory', url: deployer.url })]))
    const audit = await t.request({ method: 'GET', url: `${admin}/audit-log?entityType=deployer&entityKey=inventory` })
    for (const body of [listed.body, audit.body]) expect(body).not.toContain(SECRET)
    expect((await t.request({ method: 'POST', url: `${admin}/deployers/nobody/test` })).statusCode).toBe(404)
  })
})
