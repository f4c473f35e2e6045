/**
 * The drill: chaos + canary + monitoring, end to end, the way you would run it in staging.
 *
 * A payments service (Fastify + the Sluice SDK) ships a new payment flow behind the flag
 * `new_payment_flow`, as a canary at 50%. The new flow writes through a new ledger client,
 * and a chaos rule makes 30% of that client's writes fail with a reset connection. The
 * canary's requests fail, the SDK reports them, and the control plane rolls the canary back
 * on its own. Then one call halts every fault.
 *
 * Copy this to rehearse your own rollback before a real incident does it for you.
 */
import { createClient, type SluiceClient } from '@sluice/sdk'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startDeployment, type Deployment } from './support/deployment.js'
import type { ServiceProcess } from './support/service-process.js'

/** Stand-ins for the two ledgers: the old one, and the new one the canary writes through. */
class Ledger {
  readonly entries: string[] = []
  async write(entry: string): Promise<void> {
    this.entries.push(entry)
  }
}

let deployment: Deployment
let controlPlane: ServiceProcess
let sluice: SluiceClient
let app: FastifyInstance
const newLedger = new Ledger()
const oldLedger = new Ledger()

const admin = (method: string, route: string, body?: unknown) => deployment.admin(controlPlane, method, route, body)

async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (accept(value)) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

beforeAll(async () => {
  // The control plane allows chaos in this (non-production) environment. Halting every rule on
  // an automatic rollback is its default; it is turned off here so the drill can show `halt`.
  deployment = await startDeployment(1, { CHAOS_TESTING_ENABLED: 'true', CHAOS_HALT_ON_AUTO_ROLLBACK: 'false', DEFAULT_ENVIRONMENT: 'staging' })
  controlPlane = deployment.replicas[0]!
  const { body: token } = await admin('POST', '/admin/api-tokens', { name: 'payments-service', role: 'sdk' })

  // The application's process must allow chaos too, or the SDK injects nothing.
  vi.stubEnv('CHAOS_TESTING_ENABLED', 'true')
  vi.stubEnv('NODE_ENV', 'staging')
  sluice = createClient({ url: controlPlane.url, sdkKey: token.token, logger: { warn() {}, error() {} } })
  await sluice.ready({ timeoutMs: 10_000 })
  expect(sluice.chaos.armed).toBe(true)

  // Every write of the new flow goes through the wrapped ledger; the old flow is untouched.
  sluice.chaos.wrapObject('database', newLedger, ['write'])

  app = Fastify()
  await app.register(sluice.fastify())
  app.post<{ Body: { userId: string; amount: number } }>('/payments', async (request) => {
    const { userId, amount } = request.body
    return sluice.track('new_payment_flow', { userId }, async (useNewFlow) => {
      await (useNewFlow ? newLedger : oldLedger).write(`${userId}:${amount}`)
      return { paid: amount, flow: useNewFlow ? 'new' : 'old' }
    })
  })
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await sluice?.close()
  vi.unstubAllEnvs()
  await deployment?.close()
})

describe('the chaos drill', () => {
  it('rolls a failing canary back on its own, then halts every fault', async () => {
    // 1. The flag, under canary at 50%, rolled back at 5% errors after 40 canary requests.
    await admin('POST', '/admin/feature-flags', { key: 'new_payment_flow', name: 'New payment flow', type: 'percentage', enabled: false })
    const canary = await admin('POST', '/admin/canary-deployments', {
      featureKey: 'new_payment_flow',
      version: 'v2',
      initialPercentage: 50,
      rollbackThreshold: 5,
      minSampleSize: 40,
    })
    expect(canary.status).toBe(201)

    // 2. The fault: 30% of the new flow's ledger writes reset their connection.
    const { body: rule } = await admin('POST', '/admin/chaos-rules', {
      name: 'New ledger connection resets',
      type: 'database_failure',
      enabled: true,
      probability: 30,
      target: 'POST /payments',
      config: { code: 'ECONNRESET' },
    })
    await eventually(
      () => sluice.chaos.active().map((r) => r.id),
      (ids) => ids.includes(rule.id),
    )

    // 3. Traffic: one payment per user until the control plane pulls the canary.
    const statuses: Record<string, number[]> = { new: [], old: [] }
    let user = 0
    const rolledBack = await eventually(
      async () => {
        for (let i = 0; i < 20; i++, user++) {
          const flow = sluice.isEnabled('new_payment_flow', { userId: `user-${user}` }) ? 'new' : 'old'
          const res = await app.inject({ method: 'POST', url: '/payments', payload: { userId: `user-${user}`, amount: 10 } })
          statuses[flow]!.push(res.statusCode)
        }
        return (await admin('GET', '/admin/canary-deployments/new_payment_flow')).body
      },
      (detail) => detail.status === 'rolled_back',
    )

    // Only the canary side failed, and about as often as the rule says.
    expect(statuses.old!.every((status) => status === 200)).toBe(true)
    const failed = statuses.new!.filter((status) => status === 500).length
    expect(failed).toBeGreaterThan(0)
    expect(failed / statuses.new!.length).toBeLessThan(0.6)

    // 4. The rollback: automatic, explained, the flag at 0%, and every SDK already following it.
    expect(rolledBack).toMatchObject({ percentage: 0, metrics: { canary: { errors: expect.any(Number) } } })
    const [rollback] = (await admin('GET', '/admin/rollbacks?targetKey=new_payment_flow')).body
    expect(rollback).toMatchObject({ type: 'canary', actor: 'system', automatic: true })
    expect(rollback.reason).toMatch(/^automatic rollback \((error_threshold|sequential_error)\): .*canary \d+(\.\d+)?% errors/)
    await eventually(
      () => Array.from({ length: 50 }, (_, i) => sluice.isEnabled('new_payment_flow', { userId: `user-${i}` })),
      (answers) => answers.every((on) => !on),
    )
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ method: 'POST', url: '/payments', payload: { userId: `after-${i}`, amount: 5 } })
      expect(res.json()).toEqual({ paid: 5, flow: 'old' })
    }

    // 5. The rule is still armed (the new ledger still fails when something calls it)...
    expect(sluice.chaos.active().map((r) => r.id)).toContain(rule.id)
    // ...until one call halts every fault, everywhere.
    const halt = await admin('POST', '/admin/chaos-rules/halt', { reason: 'drill over' })
    expect(halt.body).toMatchObject({ halted: 1 })
    await eventually(
      () => sluice.chaos.active().length,
      (n) => n === 0,
    )
    for (let i = 0; i < 50; i++) await newLedger.write(`after-halt-${i}`)

    // 6. Monitoring: the faults the SDK injected are counted on the rule.
    const reported = await eventually(
      async () => (await admin('GET', `/admin/chaos-rules/${rule.id}`)).body,
      (r) => r.injected >= failed,
    )
    expect(reported).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/halted .*drill over/) })
  })
})
