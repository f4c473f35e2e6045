/**
 * /check throughput vs a bare Fastify route.
 *
 * Three HTTP targets measured in the same run, in interleaved 1-second slices:
 *   (a) a bare Fastify 5 route in its own process, same path, small JSON answer: the ceiling
 *       any Fastify route can reach on this machine with this load generator;
 *   (b) GET /api/v1/admin/feature-flags/:key/check on the built service, embedded PGlite;
 *   (c) the same on Postgres + Redis (one replica).
 * The /check targets evaluate a 25% percentage flag for 20,000 distinct userIds with an sdk
 * token. The load generator is this process (undici Pool, closed loop, fixed connections).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { compileFlag } from '../../sdks/core/src/index.js'
import { checkFlag, createFlag, createSdkToken } from './support/admin-client.js'
import { startScript } from './support/child-script.js'
import { int, ms, pct, ratio, table } from './support/format.js'
import { interleavedLoad, type LoadResult, type LoadTarget } from './support/load.js'
import { profiled, profilingNote, profilingOptions } from './support/profiling.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, summarize } from './support/stats.js'

const CONNECTIONS = 32
const WARMUP_MS = 2_000
const SLICE_MS = 1_000
const ROUNDS = 8
const USERS = 20_000
const PERCENTAGE = 25

export default async function checkThroughput(): Promise<{ title: string; markdown: string }> {
  const bare = startScript('bare-fastify-server.ts')
  const deployments: BenchDeployment[] = []
  try {
    // allSettled: whatever started is closed in `finally`, even when another start failed.
    const [listening, ...started] = await Promise.allSettled([
      bare.next<{ type: string; port: number }>('listening'),
      startEmbedded(profilingOptions()),
      startPostgres(1, 'check', profilingOptions()),
    ] as const)
    for (const result of started) if (result.status === 'fulfilled') deployments.push(result.value)
    for (const result of [listening, ...started]) if (result.status === 'rejected') throw result.reason
    const barePort = (listening as PromiseFulfilledResult<{ port: number }>).value.port
    const [embedded, postgres] = deployments as [BenchDeployment, BenchDeployment]

    // A fresh key per run, in case the service ignores REDIS_KEY_PREFIX: Redis outlives the run's database.
    const key = `bench_check_${randomBytes(4).toString('hex')}`
    const flag = { key, name: 'Bench check', type: 'percentage' as const, enabled: true, percentage: PERCENTAGE }
    const userIds = Array.from({ length: USERS }, () => randomUUID())
    const paths = userIds.map((id) => `/api/v1/admin/feature-flags/${key}/check?userId=${id}`)

    const targets: LoadTarget[] = [{ name: 'bare Fastify route', origin: `http://127.0.0.1:${barePort}`, paths, pid: bare.child.pid }]
    const expected = compileFlag(flag)
    for (const deployment of [embedded, postgres]) {
      const service = deployment.replicas[0]!
      await createFlag(service.url, { ...flag })
      const token = await createSdkToken(service.url, 'bench-check')
      // The service answers what the shared engine says, for a sample of the users.
      for (const userId of userIds.slice(0, 200)) {
        const answer = await checkFlag(service.url, key, userId, token)
        if (answer.enabled !== expected.isEnabled({ userId })) throw new Error(`${deployment.label}: /check disagrees with @sluice/core for ${userId}`)
      }
      targets.push({ name: `/check, ${deployment.label}`, origin: service.url, paths, headers: { authorization: `Bearer ${token}` }, pid: service.child.pid })
    }
    const share = userIds.filter((userId) => expected.isEnabled({ userId })).length / USERS

    const load = () => interleavedLoad(targets, { connections: CONNECTIONS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, rounds: ROUNDS })
    const services = deployments.map((d) => ({ name: d.label, service: d.replicas[0]! }))
    const results = await profiled('check', services, load)
    return { title: '/check throughput vs a bare Fastify route', markdown: render(results, share) }
  } finally {
    await Promise.allSettled([bare.stop(), ...deployments.map((d) => d.close())])
  }
}

/** Median over rounds of this target's slice rate / the baseline's slice rate in the same round. */
function pairedRatio(result: LoadResult, base: LoadResult): number {
  return median(result.sliceRates.map((rate, round) => rate / base.sliceRates[round]!))
}

function render(results: LoadResult[], share: number): string {
  const base = results[0]!
  const baseRate = base.requests / base.seconds
  const baseCpu = base.serverCpuMs / base.requests
  const rows = results.map((r) => {
    const rate = r.requests / r.seconds
    const lat = summarize(r.latencies.values())
    const cpuUs = (r.serverCpuMs / r.requests) * 1000
    const range = `${int(Math.min(...r.sliceRates))}–${int(Math.max(...r.sliceRates))}`
    return [
      r.name,
      int(rate),
      range,
      r === base ? '1 (baseline)' : pct(rate / baseRate),
      r === base ? '1 (baseline)' : pct(pairedRatio(r, base)),
      ms(lat.p50),
      ms(lat.p99),
      int(cpuUs),
      r === base ? '1 (baseline)' : ratio(r.serverCpuMs / r.requests / baseCpu, 1),
      int((r.clientCpuMs / r.requests) * 1000),
    ]
  })
  const [embedded, postgres] = results.slice(1).map((r) => pairedRatio(r, base))
  return [
    `Closed-loop load from one undici \`Pool\` per target (${CONNECTIONS} keep-alive connections, each sending its next`,
    `request when the previous answer is read), ${WARMUP_MS / 1000} s warm-up per target, then ${ROUNDS} rounds of one ${SLICE_MS / 1000}-s slice`,
    `per target in rotating order (${(ROUNDS * SLICE_MS) / 1000} s measured per target). Every server is its own process; the load`,
    'generator is the bench process, on the same two shared cores. /check evaluates a 25% percentage flag',
    `(${pct(share, 1)} of the 20,000 distinct UUID userIds are on) with an sdk token; the service runs with`,
    '`LOG_LEVEL=warn`, so requests are not logged. Before timing, 200 /check answers per service were compared',
    'with `@sluice/core`.',
    '',
    table(
      ['target', '>req/s', '>slice range', '>vs bare', '>vs bare, per round (median)', '>p50 ms', '>p99 ms', '>server CPU µs/req', '>CPU vs bare', '>client CPU µs/req'],
      rows,
    ),
    '',
    `**The ratio that matters:** /check serves ${pct(embedded!)} of the bare route's requests/s on embedded PGlite and`,
    `${pct(postgres!)} on Postgres + Redis (median over the rounds of the ratio of slices run back to back, which`,
    'cancels most of the machine\'s drift; "vs bare" is the ratio of whole-run totals). Server CPU per request (from',
    '/proc, 10-ms ticks) is the steadier measure on shared cores: how much more work one /check is than the bare',
    'route, whatever else ran. The load generator needs about as much CPU per request as the bare server, so on two',
    'shared cores the bare route\'s rate is partly bounded by the client; the ratios are, if anything, kind to /check.',
    `Median slice rates: ${results.map((r) => `${r.name} ${int(median(r.sliceRates))}`).join(', ')}.`,
  ].join('\n') + profilingNote()
}
