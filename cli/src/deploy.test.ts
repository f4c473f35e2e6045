import { describe, expect, it } from 'vitest'
import { runAgainst } from './test-support/fake-service.js'

const run = (argv: string[], body: unknown, env?: Record<string, string>) => runAgainst(argv, { status: 200, body }, env)

const deployment = {
  id: '8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d',
  environment: 'staging',
  service: 'checkout-api',
  version: '2026.12.03-2',
  previousVersion: '2026.12.02-1',
  commit: '4f2a9c1',
  migrations: ['0042_ledger', '0043_split'],
  canaryFlag: 'new_payment_flow',
  canaryId: null,
  rollbackOnCanaryFailure: true,
  status: 'deployed',
  revertedMigrations: [],
  createdBy: 'ci',
  createdAt: '2026-12-03T14:30:00.000Z',
  updatedAt: '2026-12-03T14:30:00.000Z',
}

const phases = { deploymentId: deployment.id, service: 'checkout-api', action: 'revert_migrations', version: null, migrations: ['0043_split', '0042_ledger'], state: 'queued', flagsOffMs: 3.2, requestedAt: deployment.createdAt, askedAt: null, askedAfterSeconds: null, deliveryAttempts: 0, lastDeliveryError: null, acknowledgedAt: null, acknowledgedAfterSeconds: null, outcome: null, detail: null, overdue: false }
const rollback = { id: '5f0c1d2e-8a7b-4c3d-9e6f-1a2b3c4d5e6f', type: 'database_migration', environment: 'staging', targetKey: 'checkout-api', reason: 'refunds', actor: 'oncall', automatic: false, previousState: {}, newState: {}, createdAt: deployment.createdAt, durationMs: 4, phases }

describe('sluice deploy', () => {
  it('records a deployment from CI in the environment of --env, with its migrations and guarding canary flag', async () => {
    const { code, stdout, requests } = await run(
      ['deploy', 'record', 'checkout-api', '2026.12.03-2', '--env', 'staging', '--commit', '4f2a9c1', '--migration', '0042_ledger', '--migration', '0043_split', '--canary-flag', 'new_payment_flow', '--rollback-on-canary-failure', 'true'],
      deployment,
    )
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('POST')
    expect(new URL(requests[0]!.url).pathname).toBe('/api/v1/admin/deployments')
    expect(new URL(requests[0]!.url).searchParams.get('environment')).toBe('staging')
    expect(await requests[0]!.json()).toEqual({
      service: 'checkout-api',
      version: '2026.12.03-2',
      commit: '4f2a9c1',
      migrations: ['0042_ledger', '0043_split'],
      canaryFlag: 'new_payment_flow',
      rollbackOnCanaryFailure: true,
    })
    expect(stdout).toMatch(/^recorded checkout-api 2026.12.03-2\n\ndeployment: +8d5c7a10/)
    expect(stdout).toMatch(/^previous: +2026.12.02-1$/m)
  })

  it('asks for a migration rollback naming each migration, and shows its phases', async () => {
    const { code, stdout, requests } = await run(['deploy', 'revert-migrations', deployment.id, '--migration', '0043_split', '--migration', '0042_ledger', '--reason', 'refunds'], rollback)
    expect(code).toBe(0)
    expect(await requests[0]!.json()).toEqual({ deploymentId: deployment.id, migrations: ['0043_split', '0042_ledger'], reason: 'refunds' })
    expect(stdout).toMatch(/^asks: +revert 0043_split, 0042_ledger$/m)
    expect(stdout).toMatch(/^flags off: +3.2 ms$/m)
  })

  it("reports a deployer's outcome, and refuses an outcome it does not know before asking", async () => {
    const done = await run(['deploy', 'status', deployment.id, 'rolled_back', '--detail', 'v1 on 12/12 pods'], { ...deployment, rollbacks: [] }, { SLUICE_TOKEN: 'deployer-token' })
    expect(done.code).toBe(0)
    expect(done.requests[0]!.headers.get('authorization')).toBe('Bearer deployer-token')
    expect(await done.requests[0]!.json()).toEqual({ status: 'rolled_back', detail: 'v1 on 12/12 pods' })
    const wrong = await run(['deploy', 'status', deployment.id, 'done'], {})
    expect(wrong.code).toBe(2)
    expect(wrong.requests).toEqual([])
  })

  it('sets a deployer without an environment: deployers belong to a service', async () => {
    const deployer = { service: 'checkout-api', url: 'https://deployer.test/sluice', rollbackOnCanaryFailure: false, updatedBy: 'admin', createdAt: deployment.createdAt, updatedAt: deployment.createdAt }
    const { code, stdout, requests } = await run(['deployers', 'set', 'checkout-api', '--url', deployer.url, '--secret', 'whsec_0123456789abcdef', '--env', 'staging'], deployer)
    expect(code).toBe(0)
    expect(requests[0]!.method).toBe('PUT')
    expect(requests[0]!.url).toMatch(/\/api\/v1\/admin\/deployers\/checkout-api$/)
    expect(await requests[0]!.json()).toEqual({ url: deployer.url, secret: 'whsec_0123456789abcdef', rollbackOnCanaryFailure: false })
    expect(stdout).not.toContain('whsec_')
  })
})
