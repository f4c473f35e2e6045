/**
 * Every mutation is audited (issue 2, Audit): who, what, on which entity, under which request
 * id. The operations come from the published document (openapi.json, which
 * openapi-document.test.ts keeps equal to the routes), not from a list kept here, so a new
 * POST, PUT or DELETE fails this file until OPERATIONS says how to call it and what it records.
 */
import { readFile } from 'node:fs/promises'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { TEST_ADMIN_TOKEN } from '../test-support/test-env.js'

interface DocumentOperation {
  operationId: string
  responses: Record<string, unknown>
}

interface Operation {
  operationId: string
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  status: number
}

const document = JSON.parse(await readFile(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, DocumentOperation>>
}

const MUTATING = ['post', 'put', 'patch', 'delete']
const documented: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([method]) => MUTATING.includes(method))
    .map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase() as Operation['method'],
      path,
      status: Number(Object.keys(op.responses).find((code) => code.startsWith('2'))),
    })),
)

type Caller = 'admin' | 'operator' | 'sdk' | 'client' | 'deployer'

interface Expected {
  action: string
  entityType: string
  entityKey: string
}

interface Prepared {
  params?: Record<string, string>
  body?: InjectOptions['payload']
  headers?: Record<string, string>
  /** What the call acts on when neither the path nor the answer names it. */
  subject?: string
}

interface Call {
  /** Routes operators may call are called by one, so the entries must name that token. */
  as: Caller
  /** Builds the state the call needs; `key` is unique to the operation. */
  prepare(key: string): Promise<Prepared>
  /** Every entry the call must add, no more. */
  records(call: { key: string; prepared: Prepared; response: { id?: string } }): Expected[] | Promise<Expected[]>
}

const base = '/api/v1/admin'
let t: TestApp
const callers = {} as Record<Caller, { token: string; id: string; name: string }>

async function ok(method: Operation['method'] | 'GET', url: string, payload?: InjectOptions['payload']) {
  const res = await t.request({ method, url: `${base}${url}`, ...(payload === undefined ? {} : { payload }) })
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300)
  return res.statusCode === 204 ? undefined : res.json()
}

const createFlag = (key: string, extra: Record<string, unknown> = {}) =>
  ok('POST', '/feature-flags', { key, name: key, type: 'percentage', enabled: false, ...extra })

async function startCanary(key: string): Promise<void> {
  await createFlag(key)
  await ok('POST', '/canary-deployments', { featureKey: key, version: 'v2' })
}

async function createRule(enabled: boolean): Promise<string> {
  return (await ok('POST', '/chaos-rules', { name: 'failing wallet', type: 'error', probability: 10, enabled })).id
}

async function latestRollbackOf(key: string): Promise<string> {
  return (await ok('GET', `/rollbacks?targetKey=${key}`))[0].id
}

/** Prepares a call on the flag (or the canary) in its path, with an optional body. */
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' }

const onFlag = (body?: InjectOptions['payload']) => async (key: string): Promise<Prepared> => {
  await createFlag(key)
  return { params: { key }, body }
}
const onCanary = (body?: InjectOptions['payload']) => async (key: string): Promise<Prepared> => {
  await startCanary(key)
  return { params: { key }, body }
}

const flag = (action: string, key: string): Expected => ({ action, entityType: 'feature_flag', entityKey: key })
const canary = (action: string, key: string): Expected => ({ action, entityType: 'canary_deployment', entityKey: key })
const rollback = (id: string): Expected => ({ action: 'rollback.created', entityType: 'rollback', entityKey: id })
const chaos = (action: string, id: string): Expected => ({ action, entityType: 'chaos_rule', entityKey: id })
const token = (action: string, id: string): Expected => ({ action, entityType: 'api_token', entityKey: id })
const segment = (action: string, key: string): Expected => ({ action, entityType: 'segment', entityKey: key })
const environment = (action: string, key: string): Expected => ({ action, entityType: 'environment', entityKey: key })
const deployment = (action: string, id: string): Expected => ({ action, entityType: 'deployment', entityKey: id })
const deployer = (action: string, service: string): Expected => ({ action, entityType: 'deployer', entityKey: service })

/** A service's second deployment (so it has a version to go back to); its id. */
async function recordDeployments(service: string, extra: Record<string, unknown> = {}): Promise<string> {
  await ok('POST', '/deployments', { service, version: `${service}-1` })
  return (await ok('POST', '/deployments', { service, version: `${service}-2`, ...extra })).id
}
// Nothing listens there: requests to it fail at once, and nothing is ever delivered.
const NOWHERE = { url: 'http://127.0.0.1:9/sluice', secret: 'deployer-secret-0123456789' }

/** An outcome report for a canary started on `key`, as SDKs and pages send them. */
async function canaryReport(key: string): Promise<Prepared> {
  await startCanary(key)
  return { body: { items: [{ flagKey: key, side: 'canary', requests: 10, errors: 0, latencyMsSum: 200 }] } }
}

const PLAN_PRO = [{ attribute: 'plan', operator: 'IN', values: ['pro'] }]
const reason = 'checkout errors after the deploy'

const OPERATIONS: Record<string, Call> = {
  createFeatureFlag: {
    as: 'admin',
    prepare: async (key) => ({ body: { key, name: key, type: 'boolean', enabled: false } }),
    records: ({ key }) => [flag('flag.created', key)],
  },
  updateFeatureFlag: {
    as: 'admin',
    prepare: onFlag({ name: 'renamed' }),
    records: ({ key }) => [flag('flag.updated', key)],
  },
  patchFeatureFlag: {
    as: 'admin',
    prepare: async (key) => ({ ...(await onFlag()(key)), body: JSON.stringify({ description: 'merged' }), headers: MERGE_PATCH }),
    records: ({ key }) => [flag('flag.updated', key)],
  },
  promoteFeatureFlag: {
    as: 'admin',
    prepare: async (key) => {
      await createFlag(key)
      await ok('PUT', `/feature-flags/${key}?environment=staging`, { enabled: true })
      return { params: { key }, body: { from: 'staging', to: 'production', reason } }
    },
    records: ({ key }) => [flag('flag.promoted', key)],
  },
  createEnvironment: {
    as: 'admin',
    prepare: async (key) => ({ body: { key, name: key } }),
    records: ({ key }) => [environment('environment.created', key)],
  },
  updateEnvironment: {
    as: 'admin',
    prepare: async (key) => {
      await ok('POST', '/environments', { key, name: key })
      return { params: { key }, body: { name: 'renamed' } }
    },
    records: ({ key }) => [environment('environment.updated', key)],
  },
  deleteEnvironment: {
    as: 'admin',
    prepare: async (key) => {
      await ok('POST', '/environments', { key, name: key })
      return { params: { key } }
    },
    records: ({ key }) => [environment('environment.deleted', key)],
  },
  archiveFeatureFlag: {
    as: 'admin',
    prepare: onFlag(),
    records: ({ key }) => [flag('flag.archived', key)],
  },
  restoreFeatureFlag: {
    as: 'admin',
    prepare: async (key) => {
      await createFlag(key)
      await ok('DELETE', `/feature-flags/${key}`)
      return { params: { key } }
    },
    records: ({ key }) => [flag('flag.restored', key)],
  },
  startCanaryDeployment: {
    as: 'admin',
    prepare: async (key) => {
      await createFlag(key)
      return { body: { featureKey: key, version: 'v2' } }
    },
    records: ({ key }) => [flag('flag.canary_started', key), canary('canary.started', key)],
  },
  increaseCanaryDeployment: {
    as: 'admin',
    prepare: onCanary({ percentage: 50 }),
    records: ({ key }) => [flag('flag.canary_percentage', key), canary('canary.increased', key)],
  },
  rollbackCanaryDeployment: {
    as: 'operator',
    prepare: onCanary({ reason }),
    // The answer is the canary; the rollback record it made is found by its target.
    records: async ({ key }) => [flag('flag.canary_percentage', key), canary('canary.rolled_back', key), rollback(await latestRollbackOf(key))],
  },
  completeCanaryDeployment: {
    as: 'operator',
    prepare: onCanary(),
    records: ({ key }) => [flag('flag.canary_percentage', key), canary('canary.completed', key)],
  },
  pauseCanaryDeployment: {
    as: 'operator',
    prepare: onCanary(),
    records: ({ key }) => [canary('canary.paused', key)],
  },
  resumeCanaryDeployment: {
    as: 'admin',
    prepare: async (key) => {
      await startCanary(key)
      await ok('POST', `/canary-deployments/${key}/pause`)
      return { params: { key } }
    },
    records: ({ key }) => [canary('canary.resumed', key)],
  },
  rollbackFeatureFlag: {
    as: 'operator',
    prepare: async (key) => {
      await createFlag(key, { enabled: true })
      return { body: { featureKey: key, reason } }
    },
    records: ({ key, response }) => [flag('flag.rolled_back', key), rollback(response.id!)],
  },
  rollbackCanary: {
    as: 'operator',
    prepare: async (key) => {
      await startCanary(key)
      return { body: { featureKey: key, reason } }
    },
    records: ({ key, response }) => [flag('flag.canary_percentage', key), canary('canary.rolled_back', key), rollback(response.id!)],
  },
  rollbackFlagVersion: {
    as: 'operator',
    prepare: async (key) => {
      await createFlag(key)
      await ok('PUT', `/feature-flags/${key}`, { percentage: 40 })
      return { body: { featureKey: key, version: 1, reason } }
    },
    records: ({ key, response }) => [flag('flag.reverted', key), rollback(response.id!)],
  },
  recordDeployment: {
    as: 'admin',
    prepare: async (key) => ({ body: { service: key, version: `${key}-1` } }),
    records: ({ response }) => [deployment('deployment.recorded', response.id!)],
  },
  rollbackDeployment: {
    as: 'operator',
    prepare: async (key) => ({ body: { deploymentId: await recordDeployments(key), reason } }),
    records: ({ prepared, response }) => [deployment('deployment.rollback_requested', (prepared.body as { deploymentId: string }).deploymentId), rollback(response.id!)],
  },
  rollbackDatabaseMigration: {
    as: 'operator',
    prepare: async (key) => ({ body: { deploymentId: await recordDeployments(key, { migrations: ['0042_ledger'] }), migrations: ['0042_ledger'], reason } }),
    records: ({ prepared, response }) => [deployment('deployment.rollback_requested', (prepared.body as { deploymentId: string }).deploymentId), rollback(response.id!)],
  },
  reportDeploymentStatus: {
    as: 'deployer',
    prepare: async (key) => {
      const id = await recordDeployments(key)
      await ok('POST', '/rollbacks/deployment', { deploymentId: id, reason })
      return { params: { id }, body: { status: 'rolled_back', detail: 'v1 is back' } }
    },
    records: ({ prepared }) => [deployment('deployment.rollback_acknowledged', prepared.params!.id!)],
  },
  configureDeployer: {
    as: 'admin',
    prepare: async (key) => ({ params: { service: key }, body: NOWHERE }),
    records: ({ key }) => [deployer('deployer.created', key)],
  },
  testDeployer: {
    as: 'admin',
    prepare: async (key) => {
      await ok('PUT', `/deployers/${key}`, NOWHERE)
      return { params: { service: key } }
    },
    records: ({ key }) => [deployer('deployer.tested', key)],
  },
  createChaosRule: {
    as: 'admin',
    prepare: async () => ({ body: { name: 'flaky db', type: 'database_failure', probability: 5 } }),
    records: ({ response }) => [chaos('chaos.created', response.id!)],
  },
  haltChaosRules: {
    as: 'operator',
    // The only enabled rule: every other operation here leaves its rules disabled.
    prepare: async () => ({ body: { reason }, subject: await createRule(true) }),
    records: ({ prepared }) => [chaos('chaos.halted', prepared.subject!)],
  },
  updateChaosRule: {
    as: 'admin',
    prepare: async () => ({ params: { id: await createRule(false) }, body: { probability: 20 } }),
    records: ({ prepared }) => [chaos('chaos.updated', prepared.params!.id!)],
  },
  patchChaosRule: {
    as: 'admin',
    prepare: async () => ({ params: { id: await createRule(false) }, body: JSON.stringify({ probability: 20 }), headers: MERGE_PATCH }),
    records: ({ prepared }) => [chaos('chaos.updated', prepared.params!.id!)],
  },
  deleteChaosRule: {
    as: 'admin',
    prepare: async () => ({ params: { id: await createRule(false) } }),
    records: ({ prepared }) => [chaos('chaos.deleted', prepared.params!.id!)],
  },
  createSegment: {
    as: 'admin',
    prepare: async (key) => ({ body: { key, name: key, constraints: PLAN_PRO } }),
    records: ({ key }) => [segment('segment.created', key)],
  },
  updateSegment: {
    as: 'admin',
    prepare: async (key) => {
      await ok('POST', '/segments', { key, name: key, constraints: PLAN_PRO })
      return { params: { key }, body: { name: 'renamed' } }
    },
    records: ({ key }) => [segment('segment.updated', key)],
  },
  deleteSegment: {
    as: 'admin',
    prepare: async (key) => {
      await ok('POST', '/segments', { key, name: key, constraints: PLAN_PRO })
      return { params: { key } }
    },
    records: ({ key }) => [segment('segment.deleted', key)],
  },
  importFromUnleash: {
    as: 'admin',
    prepare: async (key) => ({ body: { features: [{ name: key, enabled: true, strategies: [{ name: 'default', parameters: {} }] }] } }),
    records: ({ key }) => [flag('flag.created', key), { action: 'import.unleash', entityType: 'import', entityKey: 'unleash' }],
  },
  importEnvironment: {
    as: 'admin',
    prepare: async (key) => ({ body: { format: 'sluice-export', version: 1, flags: [{ key, name: key, type: 'boolean', enabled: true }], segments: [], chaosRules: [] } }),
    records: ({ key }) => [flag('flag.created', key), { action: 'import.sluice', entityType: 'import', entityKey: 'sluice' }],
  },
  createApiToken: {
    as: 'admin',
    prepare: async (key) => ({ body: { name: key, role: 'viewer' } }),
    records: ({ response }) => [token('token.created', response.id!)],
  },
  revokeApiToken: {
    as: 'admin',
    prepare: async (key) => ({ params: { id: (await ok('POST', '/api-tokens', { name: key, role: 'viewer' })).id } }),
    records: ({ prepared }) => [token('token.revoked', prepared.params!.id!)],
  },
  reportOutcomes: {
    as: 'sdk',
    prepare: canaryReport,
    // Telemetry, not a change anyone made: it only adds to counters. A rollback the numbers
    // then trigger is the service's decision, audited under `system` (tested below).
    records: () => [],
  },
  reportClientOutcomes: {
    as: 'client',
    prepare: canaryReport,
    records: () => [],
  },
  // OFREP evaluates with POST (the context is a body) and changes nothing.
  ofrepEvaluateFlag: {
    as: 'client',
    prepare: async (key) => {
      await createFlag(key)
      return { params: { key }, body: { context: { targetingKey: 'user-42' } } }
    },
    records: () => [],
  },
  ofrepEvaluateFlags: {
    as: 'client',
    prepare: async () => ({ body: { context: { targetingKey: 'user-42' } } }),
    records: () => [],
  },
}

function urlOf(op: Operation, params: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${op.operationId} needs the path parameter ${name}`)
    return encodeURIComponent(value)
  })
}

interface AuditEntry extends Expected {
  id: number
  actor: string
  actorTokenId: string | null
  requestId: string | null
}

async function auditAfter(id: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = await ok('GET', '/audit-log?limit=1000')
  return entries.filter((entry) => entry.id > id)
}

function summary({ action, entityType, entityKey, actor, actorTokenId, requestId }: AuditEntry): Omit<AuditEntry, 'id'> {
  return { action, entityType, entityKey, actor, actorTokenId, requestId }
}

/** Entries one request writes share its id; their order is the service's business. */
function sorted<T extends Expected>(entries: T[]): T[] {
  const order = (e: Expected) => `${e.action} ${e.entityType} ${e.entityKey}`
  return [...entries].sort((a, b) => order(a).localeCompare(order(b)))
}

async function lastAuditId(): Promise<number> {
  return (await ok('GET', '/audit-log?limit=1'))[0]?.id ?? 0
}

beforeAll(async () => {
  // Jobs would write `system` entries of their own; here every entry must come from a call. Staging:
  // the halt needs an enabled chaos rule, which a production environment refuses.
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' }, jobIntervalMs: 3_600_000 })
  const tokens = await ok('GET', '/api-tokens')
  callers.admin = { token: TEST_ADMIN_TOKEN, ...tokens.find((row: { name: string }) => row.name === 'admin (ADMIN_TOKEN)') }
  for (const [role, name] of [['operator', 'on-call operator'], ['sdk', 'checkout service'], ['client', 'storefront page'], ['deployer', 'deploy pipeline']] as const) {
    callers[role] = await ok('POST', '/api-tokens', { name, role })
  }
})
afterAll(() => t.close())

describe('the audit log', () => {
  it('has a call below for every mutating operation in the document, and none for an operation it no longer has', () => {
    const ids = documented.map((op) => op.operationId)
    expect(ids.filter((id) => !(id in OPERATIONS)), 'operations with no entry in OPERATIONS').toEqual([])
    expect(Object.keys(OPERATIONS).filter((id) => !ids.includes(id)), 'entries in OPERATIONS the document does not have').toEqual([])
  })

  for (const op of documented) {
    const telemetry = /^\/(api\/v1\/sdk|api\/v1\/client|ofrep)\//.test(op.path)
    const name = telemetry
      ? `writes no entry for ${op.operationId} (${op.method} ${op.path}): SDK and client reports are telemetry, evaluations change nothing`
      : `records ${op.operationId} (${op.method} ${op.path}) with its actor, action, entity and request id`
    it(name, async () => {
      const call = OPERATIONS[op.operationId]
      if (!call) throw new Error(`no call in OPERATIONS for ${op.operationId} (${op.method} ${op.path}): say how to call it and what it records`)
      const key = op.operationId.toLowerCase()
      const prepared = await call.prepare(key)
      const requestId = `audit-${op.operationId}`
      const caller = callers[call.as]

      const since = await lastAuditId()
      const res = await t.request({
        method: op.method,
        url: urlOf(op, prepared.params),
        token: caller.token,
        headers: { 'x-request-id': requestId, ...prepared.headers },
        ...(prepared.body === undefined ? {} : { payload: prepared.body }),
      })
      expect(res.statusCode, res.body).toBe(op.status)

      const expected = await call.records({ key, prepared, response: res.statusCode === 204 ? {} : res.json() })
      if (!telemetry) expect(expected, 'what an admin mutation records').not.toEqual([])
      const added = (await auditAfter(since)).map(summary)
      expect(sorted(added)).toEqual(sorted(expected.map((entry) => ({ ...entry, actor: caller.name, actorTokenId: caller.id, requestId }))))
    })
  }

  it('records the automatic rollback that SDK reports trigger under `system`', async () => {
    const key = 'condemned_by_reports'
    await createFlag(key)
    await ok('POST', '/canary-deployments', { featureKey: key, version: 'v2', rollbackThreshold: 5, minSampleSize: 100, latencyGuard: null })
    const since = await lastAuditId()
    const items = [
      { flagKey: key, side: 'canary', requests: 100, errors: 20, latencyMsSum: 2_000 },
      { flagKey: key, side: 'baseline', requests: 1_000, errors: 10, latencyMsSum: 20_000 },
    ]
    const res = await t.request({ method: 'POST', url: '/api/v1/sdk/outcomes', token: callers.sdk.token, payload: { items } })
    expect(res.statusCode, res.body).toBe(202)
    await t.app.canaryAnalysis.settled()

    // The report's request id is not asserted: the decision was the service's, not the reporter's.
    const added = (await auditAfter(since)).map(({ action, entityType, entityKey, actor, actorTokenId }) => ({ action, entityType, entityKey, actor, actorTokenId }))
    const expected = [flag('flag.canary_percentage', key), canary('canary.rolled_back', key), rollback(await latestRollbackOf(key))]
    expect(sorted(added)).toEqual(sorted(expected.map((entry) => ({ ...entry, actor: 'system', actorTokenId: null }))))
  })

  describe('writes nothing for a mutation that is refused', () => {
    async function refused(request: Parameters<TestApp['request']>[0], status: number, code?: string): Promise<void> {
      const since = await lastAuditId()
      const res = await t.request({ ...request, headers: { 'x-request-id': 'audit-refused' } })
      expect(res.statusCode, res.body).toBe(status)
      if (code) expect(res.json().code).toBe(code)
      expect(await auditAfter(since)).toEqual([])
    }

    it('a second canary on the flag (409), though its transaction had already moved the flag to 10%', async () => {
      await startCanary('refused_canary')
      await refused(
        { method: 'POST', url: `${base}/canary-deployments`, payload: { featureKey: 'refused_canary', version: 'v3', initialPercentage: 10 } },
        409,
        'SLUICE_CANARY_ACTIVE',
      )
    })

    it('revoking the last admin token (409)', async () => {
      await refused({ method: 'DELETE', url: `${base}/api-tokens/${callers.admin.id}` }, 409, 'SLUICE_LAST_ADMIN')
    })

    it('an admin limited to production changing a flag in staging (403 naming it)', async () => {
      await createFlag('refused_in_staging')
      const limited = await ok('POST', '/api-tokens', { name: 'production-admin', role: 'admin', environments: ['production'] })
      await refused(
        { method: 'PUT', url: `${base}/feature-flags/refused_in_staging?environment=staging`, token: limited.token, payload: { enabled: true } },
        403,
        'SLUICE_ENVIRONMENT_FORBIDDEN',
      )
    })

    it('an operator creating a flag (403)', async () => {
      await refused(
        { method: 'POST', url: `${base}/feature-flags`, token: callers.operator.token, payload: { key: 'refused_flag', name: 'refused', type: 'boolean' } },
        403,
      )
    })
  })
})
