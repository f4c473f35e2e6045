/**
 * The typed client (@sluice/api-client, generated from openapi/openapi.json) against the real
 * service process. Every answer goes through a fetch that checks it against the document —
 * declared status, declared content type, body valid against the schema — so these tests
 * prove the document describes what the service does, not only that the client compiles.
 */
import { ApiError, createApiClient, unwrap, type ApiClient } from '@sluice/api-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { conformanceChecker } from '../openapi/src/test-support/document-conformance.js'
import { TEST_ADMIN_TOKEN } from '../services/control-plane/src/test-support/test-env.js'
import { startDeployment, type Deployment } from './support/deployment.js'

const checker = conformanceChecker()
let deployment: Deployment
let api: ApiClient

beforeAll(async () => {
  // Chaos rules can only be created where the service allows them.
  deployment = await startDeployment(1, { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' })
  api = createApiClient({ url: deployment.replicas[0]!.url, token: TEST_ADMIN_TOKEN, fetch: checker.fetch })
})
afterAll(async () => {
  await deployment?.close()
})
afterEach(() => {
  expect(checker.mismatches, 'answers that the OpenAPI document does not describe').toEqual([])
})

async function percentageFlag(key: string) {
  return unwrap(api.POST('/api/v1/admin/feature-flags', { body: { key, name: `Flag ${key}`, type: 'percentage', percentage: 0 } }))
}

async function sdkClient(): Promise<ApiClient> {
  const created = await unwrap(api.POST('/api/v1/admin/api-tokens', { body: { name: `sdk-${Math.random().toString(36).slice(2)}`, role: 'sdk' } }))
  return createApiClient({ url: deployment.replicas[0]!.url, token: created.token, fetch: checker.fetch })
}

describe('the typed API client on a live control plane', () => {
  it('starts, measures, ramps and rolls back a canary', async () => {
    const flag = await percentageFlag('new_payment_flow')
    expect(flag).toMatchObject({ key: 'new_payment_flow', type: 'percentage', enabled: false, percentage: 0, version: 1 })

    const started = await unwrap(api.POST('/api/v1/admin/canary-deployments', { body: { featureKey: flag.key, version: 'v2' } }))
    expect(started).toMatchObject({ featureKey: 'new_payment_flow', version: 'v2', status: 'running', percentage: 5, rollbackThreshold: 5, minSampleSize: 100 })

    const sdk = await sdkClient()
    const reported = await sdk.POST('/api/v1/sdk/outcomes', {
      body: {
        items: [
          { flagKey: flag.key, side: 'canary', requests: 40, errors: 1, latencyMsSum: 4_000 },
          { flagKey: flag.key, side: 'baseline', requests: 400, errors: 4, latencyMsSum: 36_000 },
        ],
      },
    })
    expect(reported.response.status).toBe(202)

    const detail = await unwrap(api.GET('/api/v1/admin/canary-deployments/{key}', { params: { path: { key: flag.key } } }))
    expect(detail.metrics.canary).toMatchObject({ requests: 40, errors: 1, errorRate: 2.5, avgLatencyMs: 100 })
    expect(detail.metrics.baseline).toMatchObject({ requests: 400, errors: 4, errorRate: 1, avgLatencyMs: 90 })
    expect(detail.verdict.verdict).toBe('insufficient_data')

    const increased = await unwrap(
      api.PUT('/api/v1/admin/canary-deployments/{key}/increase', { params: { path: { key: flag.key } }, body: { percentage: 25 } }),
    )
    expect(increased.percentage).toBe(25)
    const ramped = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}', { params: { path: { key: flag.key } } }))
    expect(ramped).toMatchObject({ enabled: true, percentage: 25 })

    const rollback = await unwrap(
      api.POST('/api/v1/admin/rollbacks/canary', { body: { featureKey: flag.key, reason: 'error rate doubled on v2' } }),
    )
    expect(rollback).toMatchObject({ type: 'canary', targetKey: flag.key, reason: 'error rate doubled on v2', automatic: false })

    const after = await unwrap(api.GET('/api/v1/admin/canary-deployments/{key}', { params: { path: { key: flag.key } } }))
    expect(after).toMatchObject({ status: 'rolled_back', percentage: 0 })
    expect(after.endedAt).not.toBeNull()

    const rollbacks = await unwrap(api.GET('/api/v1/admin/rollbacks', { params: { query: { targetKey: flag.key } } }))
    expect(rollbacks.map((r) => r.id)).toEqual([rollback.id])
    const history = await unwrap(api.GET('/api/v1/admin/canary-deployments/{key}/history', { params: { path: { key: flag.key } } }))
    expect(history.map((e) => e.kind)).toEqual(expect.arrayContaining(['started', 'increased', 'rolled_back']))
    const active = await unwrap(api.GET('/api/v1/admin/canary-deployments'))
    expect(active.map((c) => c.featureKey)).not.toContain(flag.key)
  })

  it('completes a canary by hand and pauses and resumes another', async () => {
    const flag = await percentageFlag('ledger_v3')
    await unwrap(api.POST('/api/v1/admin/canary-deployments', { body: { featureKey: flag.key, version: 'v3', steps: [5, 50, 100], holdSeconds: 3600 } }))
    const path = { params: { path: { key: flag.key } } }
    expect(await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/pause', path))).toMatchObject({ status: 'paused' })
    expect(await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/resume', path))).toMatchObject({ status: 'running' })
    expect(await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/complete', path))).toMatchObject({ status: 'completed', percentage: 100 })
    const all = await unwrap(api.GET('/api/v1/admin/canary-deployments', { params: { query: { status: 'all' } } }))
    expect(all.find((c) => c.featureKey === flag.key)?.status).toBe('completed')
  })

  it('updates, rolls back, archives and restores a flag', async () => {
    const flag = await percentageFlag('checkout_redesign')
    const key = { path: { key: flag.key } }
    const updated = await unwrap(
      api.PUT('/api/v1/admin/feature-flags/{key}', { params: { ...key, header: { 'if-match': String(flag.version) } }, body: { enabled: true, percentage: 50 } }),
    )
    expect(updated).toMatchObject({ enabled: true, percentage: 50, version: 2 })

    const check = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}/check', { params: { ...key, query: { userId: 'user-1' } } }))
    expect(check).toMatchObject({ key: flag.key, reason: expect.stringMatching(/rollout/) })

    const rollback = await unwrap(api.POST('/api/v1/admin/rollbacks/feature-flag', { body: { featureKey: flag.key, reason: 'checkout errors' } }))
    expect(rollback).toMatchObject({ type: 'feature_flag', targetKey: flag.key })
    const reverted = await unwrap(api.POST('/api/v1/admin/rollbacks/flag-version', { body: { featureKey: flag.key, version: 2, reason: 'fixed' } }))
    expect(reverted).toMatchObject({ type: 'flag_version' })
    const history = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}/history', { params: { ...key, query: { limit: 10 } } }))
    expect(history[0]!.flag).toMatchObject({ enabled: true, percentage: 50, version: 4 })

    expect(await unwrap(api.DELETE('/api/v1/admin/feature-flags/{key}', { params: key }))).toMatchObject({ archived: true })
    const listed = await unwrap(api.GET('/api/v1/admin/feature-flags', { params: { query: { includeArchived: true } } }))
    expect(listed.find((f) => f.key === flag.key)?.archived).toBe(true)
    expect(await unwrap(api.POST('/api/v1/admin/feature-flags/{key}/restore', { params: key }))).toMatchObject({ archived: false, enabled: false })
  })

  it('creates, lists, halts and deletes chaos rules', async () => {
    const rule = await unwrap(
      api.POST('/api/v1/admin/chaos-rules', {
        body: { name: 'Slow wallet API', type: 'latency', enabled: true, probability: 10, target: 'GET /api/wallet/**', config: { latencyMs: 200 } },
      }),
    )
    expect(rule).toMatchObject({ type: 'latency', enabled: true, config: { latencyMs: 200, jitterMs: 0 } })
    const id = { params: { path: { id: rule.id } } }
    expect(await unwrap(api.GET('/api/v1/admin/chaos-rules/{id}', id))).toMatchObject({ id: rule.id, version: 1 })
    expect((await unwrap(api.GET('/api/v1/admin/chaos-rules'))).map((r) => r.id)).toContain(rule.id)

    const halted = await unwrap(api.POST('/api/v1/admin/chaos-rules/halt', { body: { reason: 'incident 42' } }))
    expect(halted.halted).toBe(1)
    expect(halted.rules[0]).toMatchObject({ id: rule.id, enabled: false })

    const deleted = await api.DELETE('/api/v1/admin/chaos-rules/{id}', id)
    expect(deleted.response.status).toBe(204)
  })

  it('reads the SDK snapshot, the token list, the audit log and the probes', async () => {
    const sdk = await sdkClient()
    const state = await unwrap(sdk.GET('/api/v1/sdk/state'))
    expect(state.flags.map((f) => f.key)).toContain('new_payment_flow')
    const tokens = await unwrap(api.GET('/api/v1/admin/api-tokens'))
    expect(tokens.length).toBeGreaterThanOrEqual(2)
    const audit = await unwrap(api.GET('/api/v1/admin/audit-log', { params: { query: { entityKey: 'new_payment_flow', limit: 5 } } }))
    expect(audit.length).toBeGreaterThan(0)
    expect(await unwrap(api.GET('/healthz'))).toEqual({ status: 'ok' })
    expect(await unwrap(api.GET('/readyz'))).toMatchObject({ status: 'ready' })
  })

  it("answers mistakes with typed errors that carry the server's code and message", async () => {
    // openapi-fetch's own shape: `error` is typed as the document's Error schema.
    const missing = await api.GET('/api/v1/admin/feature-flags/{key}', { params: { path: { key: 'no_such_flag' } } })
    expect(missing.response.status).toBe(404)
    expect(missing.error).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('no_such_flag') })
    expect(missing.error?.code).toMatch(/^SLUICE_/)

    // unwrap() throws the same thing as an ApiError.
    const invalid = await unwrap(
      api.POST('/api/v1/admin/feature-flags', { body: { key: 'Bad Key', name: 'x', type: 'boolean' } }),
    ).catch((error: unknown) => error)
    expect(invalid).toBeInstanceOf(ApiError)
    expect(invalid).toMatchObject({ statusCode: 400, code: 'SLUICE_VALIDATION', message: expect.stringContaining('key: ') })

    const duplicate = await percentageFlag('new_payment_flow').catch((error: unknown) => error)
    expect(duplicate).toMatchObject({ statusCode: 409 })

    const unknownFlag = await unwrap(api.POST('/api/v1/admin/canary-deployments', { body: { featureKey: 'nope_flag', version: 'v9' } })).catch((e: unknown) => e)
    expect(unknownFlag).toMatchObject({ statusCode: 404, code: 'SLUICE_FLAG_NOT_FOUND' })

    // A flag an active canary owns cannot be archived (a 409 the document once left out).
    const owned = await percentageFlag('canary_owned')
    await unwrap(api.POST('/api/v1/admin/canary-deployments', { body: { featureKey: owned.key, version: 'v2' } }))
    const archive = await unwrap(api.DELETE('/api/v1/admin/feature-flags/{key}', { params: { path: { key: owned.key } } })).catch((e: unknown) => e)
    expect(archive).toMatchObject({ statusCode: 409, code: 'SLUICE_FLAG_UNDER_CANARY' })
    const lower = await unwrap(
      api.PUT('/api/v1/admin/canary-deployments/{key}/increase', { params: { path: { key: owned.key } }, body: { percentage: 1 } }),
    ).catch((e: unknown) => e)
    expect(lower).toMatchObject({ statusCode: 400, message: expect.stringContaining('percentage: must be above the current 5') })

    const stranger = createApiClient({ url: deployment.replicas[0]!.url, token: 'not-a-token', fetch: checker.fetch })
    const unauthorized = await unwrap(stranger.GET('/api/v1/admin/feature-flags')).catch((e: unknown) => e)
    expect(unauthorized).toMatchObject({ statusCode: 401, code: 'SLUICE_UNAUTHORIZED' })
    // A refused stream is a JSON error, not an event stream.
    const refusedStream = await checker.fetch(new Request(`${deployment.replicas[0]!.url}/api/v1/sdk/stream`, { headers: { authorization: 'Bearer not-a-token' } }))
    expect(refusedStream.status).toBe(401)
    expect(await refusedStream.json()).toMatchObject({ code: 'SLUICE_UNAUTHORIZED' })

    const sdk = await sdkClient()
    const forbidden = await unwrap(sdk.POST('/api/v1/admin/chaos-rules/halt', { body: {} })).catch((e: unknown) => e)
    expect(forbidden).toMatchObject({ statusCode: 403, message: expect.stringContaining('role sdk') })
  })
})
