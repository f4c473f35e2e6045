/**
 * GET /api/v1/sdk/state (4 flags) against unleash-server 6.10.1's GET /api/client/features
 * (the same 4 flags), and against the bare route of the same Sluice process (GET /healthz),
 * on the embedded default and on Postgres + Redis. Issue 13's targets: /sdk/state at least
 * 5x unleash on both backends, and at least 50% of the same process's bare route.
 *
 * Every server is its own process; unleash runs on a database of its own on the local
 * Postgres, its flags created through its admin API. The load generator is this process
 * (undici Pool, closed loop, fixed connections), every target measured in interleaved slices.
 */
import { randomUUID } from 'node:crypto'
import { request } from 'undici'
import { freePort } from '../support/service-process.js'
import { createFlag, createSdkToken, type FlagBody } from './support/admin-client.js'
import { startScript, type ScriptProcess } from './support/child-script.js'
import { int, ms, pct, ratio, table } from './support/format.js'
import { interleavedLoad, type LoadResult, type LoadTarget } from './support/load.js'
import { createDatabase, type BenchDatabase } from './support/postgres-database.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, summarize } from './support/stats.js'
import { UNLEASH_ADMIN_TOKEN, UNLEASH_CLIENT_TOKEN } from './support/unleash-server.js'

const CONNECTIONS = 50
const WARMUP_MS = 2_000
const SLICE_MS = 1_000
const ROUNDS = 6

const USER_IDS = Array.from({ length: 20 }, () => randomUUID())
const IPS = ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '203.0.113.9']

/** The same four flags on both sides: on for everyone, 25% of users, a user list, an address list. */
const SLUICE_FLAGS: FlagBody[] = [
  { key: 'state_checkout', name: 'Checkout', type: 'boolean', enabled: true },
  { key: 'state_ramp', name: 'Ramp', type: 'percentage', enabled: true, percentage: 25 },
  { key: 'state_beta', name: 'Beta users', type: 'user_targeting', enabled: true, userIds: USER_IDS },
  { key: 'state_office', name: 'Office network', type: 'ip_targeting', enabled: true, ips: IPS },
]
const UNLEASH_STRATEGIES: Record<string, { name: string; parameters?: Record<string, string> }> = {
  state_checkout: { name: 'default' },
  state_ramp: { name: 'flexibleRollout', parameters: { rollout: '25', stickiness: 'default', groupId: 'state_ramp' } },
  state_beta: { name: 'userWithId', parameters: { userIds: USER_IDS.join(',') } },
  state_office: { name: 'remoteAddress', parameters: { IPs: IPS.join(',') } },
}

async function unleashCall(origin: string, method: 'POST', path: string, body?: unknown): Promise<void> {
  const res = await request(`${origin}${path}`, {
    method,
    headers: { authorization: UNLEASH_ADMIN_TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
  const text = await res.body.text()
  if (res.statusCode >= 300) throw new Error(`unleash ${method} ${path} answered ${res.statusCode}: ${text}`)
}

async function startUnleash(): Promise<{ origin: string; process: ScriptProcess; database: BenchDatabase }> {
  const database = await createDatabase('unleash')
  const port = await freePort()
  const child = startScript('unleash-server.ts', [database.url, String(port)])
  try {
    await child.next('listening', 180_000)
  } catch (err) {
    await child.stop()
    await database.drop()
    throw err
  }
  const origin = `http://127.0.0.1:${port}`
  const project = '/api/admin/projects/default/features'
  for (const [key, strategy] of Object.entries(UNLEASH_STRATEGIES)) {
    await unleashCall(origin, 'POST', project, { name: key, type: 'release' })
    await unleashCall(origin, 'POST', `${project}/${key}/environments/development/strategies`, { ...strategy, constraints: [] })
    await unleashCall(origin, 'POST', `${project}/${key}/environments/development/on`)
  }
  return { origin, process: child, database }
}

async function countFlags(url: string, headers: Record<string, string>, field: 'flags' | 'features'): Promise<number> {
  const res = await request(url, { headers })
  const body = (await res.body.json()) as Record<string, unknown[]>
  return body[field]?.length ?? 0
}

export default async function sdkStateThroughput(): Promise<{ title: string; markdown: string }> {
  const deployments: BenchDeployment[] = []
  let unleash: Awaited<ReturnType<typeof startUnleash>> | undefined
  try {
    const [embedded, postgres, peer] = await Promise.allSettled([startEmbedded(), startPostgres(1, 'state'), startUnleash()] as const)
    for (const result of [embedded, postgres]) if (result.status === 'fulfilled') deployments.push(result.value)
    if (peer.status === 'fulfilled') unleash = peer.value
    for (const result of [embedded, postgres, peer]) if (result.status === 'rejected') throw result.reason

    const targets: LoadTarget[] = []
    for (const deployment of deployments) {
      const service = deployment.replicas[0]!
      for (const flag of SLUICE_FLAGS) await createFlag(service.url, flag)
      const token = await createSdkToken(service.url, 'bench-state')
      const headers = { authorization: `Bearer ${token}` }
      const held = await countFlags(`${service.url}/api/v1/sdk/state`, headers, 'flags')
      if (held !== SLUICE_FLAGS.length) throw new Error(`${deployment.label}: /sdk/state holds ${held} flags, not ${SLUICE_FLAGS.length}`)
      const pid = service.child.pid
      targets.push({ name: `/healthz, ${deployment.label}`, origin: service.url, paths: ['/healthz'], pid })
      targets.push({ name: `/sdk/state, ${deployment.label}`, origin: service.url, paths: ['/api/v1/sdk/state'], headers, pid })
    }
    const unleashHeaders = { authorization: UNLEASH_CLIENT_TOKEN }
    const features = await countFlags(`${unleash!.origin}/api/client/features`, unleashHeaders, 'features')
    if (features !== SLUICE_FLAGS.length) throw new Error(`unleash /api/client/features holds ${features} features, not ${SLUICE_FLAGS.length}`)
    targets.push({ name: 'unleash-server 6.10.1 /api/client/features', origin: unleash!.origin, paths: ['/api/client/features'], headers: unleashHeaders, pid: unleash!.process.child.pid })

    const loadAvg = (await import('node:os')).loadavg()[0]!
    const results = await interleavedLoad(targets, { connections: CONNECTIONS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, rounds: ROUNDS })
    return { title: '/sdk/state vs unleash-server /api/client/features and the bare route', markdown: render(results, loadAvg) }
  } finally {
    await Promise.allSettled([
      ...deployments.map((d) => d.close()),
      unleash ? unleash.process.stop().then(() => unleash!.database.drop()) : Promise.resolve(),
    ])
  }
}

/** Median over rounds of this target's slice rate / the other's slice rate in the same round. */
function pairedRatio(result: LoadResult, base: LoadResult): number {
  return median(result.sliceRates.map((rate, round) => rate / base.sliceRates[round]!))
}

function render(results: LoadResult[], loadAvg: number): string {
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix))!
  const peer = byName('unleash')
  const rows = results.map((r) => {
    const lat = summarize(r.latencies.values())
    return [
      r.name,
      int(r.requests / r.seconds),
      `${int(Math.min(...r.sliceRates))}–${int(Math.max(...r.sliceRates))}`,
      r === peer ? '1 (peer)' : ratio(pairedRatio(r, peer), 1),
      ms(lat.p50),
      ms(lat.p99),
      int((r.serverCpuMs / r.requests) * 1000),
      String(r.errors),
    ]
  })
  const verdicts = ['embedded PGlite', 'Postgres + Redis'].map((label) => {
    const state = byName(`/sdk/state, ${label}`)
    const bare = byName(`/healthz, ${label}`)
    const vsPeer = pairedRatio(state, peer)
    const vsBare = pairedRatio(state, bare)
    return `* ${label}: /sdk/state is **${ratio(vsPeer, 1)}** unleash (target ≥ 5x: ${vsPeer >= 5 ? 'met' : 'NOT met'}) and **${pct(vsBare)}** of the same process's /healthz (target ≥ 50%: ${vsBare >= 0.5 ? 'met' : 'NOT met'}).`
  })
  return [
    `Closed-loop load from one undici \`Pool\` per target (${CONNECTIONS} keep-alive connections), ${WARMUP_MS / 1000} s warm-up per`,
    `target, then ${ROUNDS} rounds of one ${SLICE_MS / 1000}-s slice per target in rotating order. Every server is its own process;`,
    'the load generator is the bench process, on the same two cores. Both sides hold the same 4 flags (on for everyone,',
    '25% of users, a 20-user list, a 4-entry address list); unleash-server 6.10.1 runs on a database of its own on the',
    'local Postgres, with a client token for `development`. No conditional headers: every answer is the full body.',
    `The machine is shared with other helpers' builds and tests: load average ${loadAvg.toFixed(1)} (1 min) when the run started, on 2 cores.`,
    '',
    table(['target', '>req/s', '>slice range', '>vs unleash (paired median)', '>p50 ms', '>p99 ms', '>server CPU µs/req', '>errors'], rows),
    '',
    ...verdicts,
    '',
    '/sdk/state is served from the replica\'s memory (the snapshot serialised once per seq), so it makes no database',
    'round trip; the ratios are medians over rounds of slices run back to back, which cancels most of the drift.',
  ].join('\n')
}
