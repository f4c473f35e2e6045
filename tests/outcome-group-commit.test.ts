/**
 * Outcome ingest by group commit, as a fault drill: 50 reporters flush outcome batches at one
 * real service process as fast as it answers, the process is killed with SIGKILL mid-run and
 * started again on the same port, and every batch answered 202 must be in the counts.
 *
 * Each reporter behaves as the SDK does: a batch that got no answer (the connection died) or a
 * 5xx is sent again, with the same Idempotency-Key, until it is answered 202. A batch whose
 * first attempt died may have been committed just before the kill; its key makes the resend a
 * replay, so the stored counts are exactly the acknowledged ones.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { startDeployment, type Deployment } from './support/deployment.js'
import type { ServiceProcess } from './support/service-process.js'

const REPORTERS = 50
const BEFORE_KILL_MS = 2_000
const AFTER_RESTART_MS = 1_500

let deployment: Deployment | undefined
afterAll(async () => {
  await deployment?.close()
})

interface Tally {
  /** Canary-side and baseline-side requests in batches answered 202. */
  acknowledged: { canary: number; baseline: number }
  batches: number
  failedAttempts: number
}

describe('outcome ingest across a kill -9', () => {
  it('stores exactly the acknowledged counts when the replica is killed under 50 concurrent reporters', async () => {
    deployment = await startDeployment(1)
    let service = deployment.replicas[0] as ServiceProcess
    const admin = (method: string, route: string, body?: unknown) => deployment!.admin(service, method, route, body)
    expect((await admin('POST', '/admin/feature-flags', { key: 'ledger_gc', name: 'Ledger', type: 'percentage' })).status).toBe(201)
    const started = await admin('POST', '/admin/canary-deployments', {
      featureKey: 'ledger_gc',
      version: 'v2',
      initialPercentage: 50,
      // No rule may end the canary during the drill: every batch must count.
      minSampleSize: 10_000_000,
      minSamplePerSide: 1_000_000,
      latencyGuard: null,
    })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    const { body: token } = await admin('POST', '/admin/api-tokens', { name: 'reporters', role: 'sdk' })
    const url = `${service.url}/api/v1/sdk/outcomes`

    const tally: Tally = { acknowledged: { canary: 0, baseline: 0 }, batches: 0, failedAttempts: 0 }
    let stopping = false
    const reporter = async (r: number) => {
      for (let n = 0; !stopping; n++) {
        const canary = 1 + ((r * 7 + n) % 13)
        const baseline = 10 + ((r * 11 + n) % 37)
        const body = JSON.stringify({
          items: [
            { flagKey: 'ledger_gc', side: 'canary', requests: canary, errors: 0, latencyMsSum: canary * 30, canaryId: started.body.id },
            { flagKey: 'ledger_gc', side: 'baseline', requests: baseline, errors: 0, latencyMsSum: baseline * 30, canaryId: started.body.id },
          ],
        })
        const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }
        for (;;) {
          const status = await fetch(url, { method: 'POST', headers, body }).then(
            async (res) => {
              await res.arrayBuffer()
              return res.status
            },
            () => 0,
          )
          if (status === 202) break
          // What the SDK does with no answer or a 5xx: keep the batch and send it again.
          expect(status === 0 || status >= 500, `status ${status}`).toBe(true)
          tally.failedAttempts++
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        tally.batches++
        tally.acknowledged.canary += canary
        tally.acknowledged.baseline += baseline
      }
    }
    const reporters = Array.from({ length: REPORTERS }, (_, r) => reporter(r))

    await new Promise((resolve) => setTimeout(resolve, BEFORE_KILL_MS))
    const beforeKill = tally.batches
    expect(await service.stop('SIGKILL')).toBeNull()
    service = await deployment.addReplica({}, service.port)
    const afterRestart = tally.batches
    await new Promise((resolve) => setTimeout(resolve, AFTER_RESTART_MS))
    stopping = true
    await Promise.all(reporters)

    const { body: detail } = await admin('GET', '/admin/canary-deployments/ledger_gc')
    expect(detail.status).toBe('running')
    expect(beforeKill).toBeGreaterThan(REPORTERS)
    expect(tally.batches).toBeGreaterThan(afterRestart)
    expect(tally.failedAttempts).toBeGreaterThan(0)
    // Every count answered 202 is stored, and a resend of a batch the kill left unanswered counts once.
    for (const side of ['canary', 'baseline'] as const) expect(detail.metrics[side].requests).toBe(tally.acknowledged[side])
  })
})
