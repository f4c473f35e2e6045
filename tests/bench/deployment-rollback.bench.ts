/**
 * Deployment rollback phases, end to end against the built service on embedded PGlite.
 *
 * Each round records a deployment guarded by a running canary, then an operator asks for its
 * rollback. A loopback deployer (the tests' local deployer: checks the signature, answers 202
 * at once) reports back over HTTP with a `deployer` token as soon as it has answered. Measured:
 *   answered   = POST /rollbacks/deployment sent → its answer read (flag off, canary at 0%,
 *                record written and request queued: one transaction)
 *   flagsOffMs = the record's own phase: request received → flag and canary off
 *   asked      = the record's askedAfterSeconds: request → the attempt the deployer accepted sent
 *   acked      = the record's acknowledgedAfterSeconds: request → the deployer's report recorded
 * A real deployer's own work (minutes of redeploying) is what `acked` leaves out here. For
 * comparison on the same loaded machine, each round also rolls back a plain flag with a canary
 * (POST /rollbacks/feature-flag): the same flag work without the deployment's.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { startLocalDeployer } from '../../services/control-plane/src/test-support/local-deployer.js'
import { call } from './support/admin-client.js'
import { ms, table } from './support/format.js'
import { startEmbedded } from './support/services.js'
import { summarize } from './support/stats.js'

const ROUNDS = 40
const SECRET = 'bench-deployer-secret-0123456789'

interface Phases {
  state: string
  flagsOffMs: number
  askedAfterSeconds: number | null
  acknowledgedAfterSeconds: number | null
}

export default async function deploymentRollback() {
  const deployment = await startEmbedded()
  const url = deployment.replicas[0]!.url
  const deployerToken = (await call<{ token: string }>(url, 'POST', '/admin/api-tokens', { name: 'bench deployer', role: 'deployer' })).token
  const deployer = await startLocalDeployer({
    secret: SECRET,
    answers: ['ok'],
    callBack: async (request) => {
      const { statusPath, id } = request.body as { statusPath: string; id: string }
      await fetch(`${url}${statusPath}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${deployerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'rolled_back', rollbackId: id }),
      })
    },
  })
  const samples = { answered: [] as number[], flagsOff: [] as number[], asked: [] as number[], acked: [] as number[], flagAnswered: [] as number[], flagDuration: [] as number[] }
  const load = os.loadavg()[0]!
  try {
    await call(url, 'PUT', '/admin/deployers/bench-service', { url: deployer.url, secret: SECRET })
    for (let round = 0; round < ROUNDS; round++) {
      const flag = `bench_deploy_${round}`
      await call(url, 'POST', '/admin/feature-flags', { key: flag, name: flag, type: 'percentage', enabled: false })
      const recorded = await call<{ id: string }>(url, 'POST', '/admin/deployments', { service: 'bench-service', version: `v${round}.1`, previousVersion: `v${round}`, canaryFlag: flag })
      await call(url, 'POST', '/admin/canary-deployments', { featureKey: flag, version: `v${round}.1`, initialPercentage: 25 })
      const plain = `bench_flag_${round}`
      await call(url, 'POST', '/admin/feature-flags', { key: plain, name: plain, type: 'percentage', enabled: false })
      await call(url, 'POST', '/admin/canary-deployments', { featureKey: plain, version: `v${round}.1`, initialPercentage: 25 })
      const flagSentAt = performance.now()
      const flagRollback = await call<{ durationMs: number }>(url, 'POST', '/admin/rollbacks/feature-flag', { featureKey: plain, reason: 'bench' })
      samples.flagAnswered.push(performance.now() - flagSentAt)
      samples.flagDuration.push(flagRollback.durationMs)
      const sentAt = performance.now()
      const rollback = await call<{ phases: Phases }>(url, 'POST', '/admin/rollbacks/deployment', { deploymentId: recorded.id, reason: 'bench' })
      samples.answered.push(performance.now() - sentAt)
      samples.flagsOff.push(rollback.phases.flagsOffMs)
      let phases: Phases
      do {
        await new Promise((resolve) => setTimeout(resolve, 5))
        phases = (await call<{ rollbacks: Array<{ phases: Phases }> }>(url, 'GET', `/admin/deployments/${recorded.id}`)).rollbacks[0]!.phases
      } while (phases.state !== 'acknowledged')
      samples.asked.push(phases.askedAfterSeconds! * 1000)
      samples.acked.push(phases.acknowledgedAfterSeconds! * 1000)
    }
  } finally {
    await deployer.close()
    await deployment.close()
  }
  const row = (name: string, values: number[]) => {
    const s = summarize(values)
    return [name, ms(s.p50), ms(s.p99), ms(s.max)]
  }
  return {
    title: 'Deployment rollback phases (ms)',
    markdown: [
      `${ROUNDS} deployment rollbacks, one after another, each of a deployment whose canary runs at 25%, on one`,
      'replica on embedded PGlite, with a loopback deployer that answers 202 at once and reports back over HTTP.',
      `The 1-minute load average was ${load.toFixed(1)} on ${os.cpus().length} cores when it began: compare rows within this run.`,
      '',
      table(['phase', '>p50', '>p99', '>max'], [
        row('answer to POST /rollbacks/deployment (flags off, record, request queued)', samples.answered),
        row('flagsOffMs (in the record)', samples.flagsOff),
        row('deployer asked (askedAfterSeconds)', samples.asked),
        row('deployer acknowledged (acknowledgedAfterSeconds)', samples.acked),
        row('for comparison: answer to POST /rollbacks/feature-flag (flag with a canary)', samples.flagAnswered),
        row('for comparison: its durationMs (in the record)', samples.flagDuration),
      ]),
      '',
      'The record\'s timestamps come from the service (JavaScript Date, millisecond resolution); the deployer is',
      'asked after commit, by the replica that wrote the rollback, so `asked` is the commit plus one loopback request.',
    ].join('\n'),
  }
}
