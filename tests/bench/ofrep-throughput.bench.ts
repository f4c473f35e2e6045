/**
 * OFREP throughput vs a bare Fastify route (issue 17: single ≥ 50%, bulk of 50 flags ≥ 25%).
 *
 * Three targets in interleaved 1-second slices, as /check's bench does:
 *   (a) a bare Fastify 5 POST route in its own process that parses a JSON context and answers
 *       one small object: the ceiling any Fastify route reaches here;
 *   (b) POST /ofrep/v1/evaluate/flags/{key} on the built service (embedded PGlite), a 25%
 *       percentage flag, a distinct targetingKey per request;
 *   (c) POST /ofrep/v1/evaluate/flags (bulk) in an environment of 50 flags, same contexts.
 * With an sdk token: a client token's CLIENT_RATE_LIMIT is per address, and the load generator
 * is one address.
 */
import { randomUUID } from 'node:crypto'
import { compileFlag } from '../../sdks/core/src/index.js'
import { request } from 'undici'
import { createFlag, createSdkToken } from './support/admin-client.js'
import { startScript } from './support/child-script.js'
import { int, ms, pct, table } from './support/format.js'
import { interleavedLoad, type LoadResult, type LoadTarget } from './support/load.js'
import { startEmbedded, type BenchDeployment } from './support/services.js'
import { median, summarize } from './support/stats.js'

const CONNECTIONS = 32
const WARMUP_MS = 2_000
const SLICE_MS = 1_000
const ROUNDS = 8
const USERS = 20_000
const FLAGS = 50

export default async function ofrepThroughput(): Promise<{ title: string; markdown: string }> {
  const bare = startScript('bare-fastify-server.ts')
  let deployment: BenchDeployment | undefined
  try {
    const [{ port }, started] = await Promise.all([bare.next<{ type: string; port: number }>('listening'), startEmbedded()])
    deployment = started
    const service = deployment.replicas[0]!
    const flag = { key: 'bench_ofrep', name: 'Bench OFREP', type: 'percentage' as const, enabled: true, percentage: 25 }
    await createFlag(service.url, flag)
    for (let i = 1; i < FLAGS; i++) {
      await createFlag(service.url, { key: `bench_ofrep_${i}`, name: `Bench ${i}`, type: i % 2 ? 'percentage' : 'boolean', enabled: true, percentage: i % 2 ? 50 : undefined })
    }
    const token = await createSdkToken(service.url, 'bench-ofrep')
    const users = Array.from({ length: USERS }, () => randomUUID())
    const expected = compileFlag(flag)
    for (const userId of users.slice(0, 200)) {
      const res = await request(`${service.url}/ofrep/v1/evaluate/flags/bench_ofrep`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { targetingKey: userId } }),
      })
      const answer = (await res.body.json()) as { value: boolean }
      if (answer.value !== expected.isEnabled({ userId })) throw new Error(`OFREP disagrees with @sluice/core for ${userId}`)
    }
    const body = (n: number) => JSON.stringify({ context: { targetingKey: users[n % USERS], plan: 'pro' } })
    const json = { 'content-type': 'application/json' }
    const auth = { ...json, authorization: `Bearer ${token}` }
    const targets: LoadTarget[] = [
      { name: 'bare Fastify POST route', origin: `http://127.0.0.1:${port}`, paths: ['/ofrep/v1/evaluate/flags/bench_ofrep'], method: 'POST', body, headers: json, pid: bare.child.pid },
      { name: 'OFREP single', origin: service.url, paths: ['/ofrep/v1/evaluate/flags/bench_ofrep'], method: 'POST', body, headers: auth, pid: service.child.pid },
      { name: `OFREP bulk (${FLAGS} flags)`, origin: service.url, paths: ['/ofrep/v1/evaluate/flags'], method: 'POST', body, headers: auth, pid: service.child.pid },
    ]
    const results = await interleavedLoad(targets, { connections: CONNECTIONS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, rounds: ROUNDS })
    return { title: 'OFREP throughput vs a bare Fastify route', markdown: render(results) }
  } finally {
    await Promise.allSettled([bare.stop(), deployment?.close()])
  }
}

function pairedRatio(result: LoadResult, base: LoadResult): number {
  return median(result.sliceRates.map((rate, round) => rate / base.sliceRates[round]!))
}

function render(results: LoadResult[]): string {
  const base = results[0]!
  const rows = results.map((r) => {
    const lat = summarize(r.latencies.values())
    return [r.name, int(r.requests / r.seconds), r === base ? '1 (baseline)' : pct(pairedRatio(r, base)), ms(lat.p50), ms(lat.p99), int((r.serverCpuMs / r.requests) * 1000)]
  })
  const [single, bulk] = results.slice(1).map((r) => pairedRatio(r, base))
  return [
    `Closed-loop load from one undici \`Pool\` per target (${CONNECTIONS} keep-alive connections), ${WARMUP_MS / 1000} s warm-up, then ${ROUNDS} rounds`,
    `of one ${SLICE_MS / 1000}-s slice per target in rotating order. Each request carries a distinct targetingKey of ${USERS.toLocaleString('en')};`,
    `the bulk target answers all ${FLAGS} flags of the environment. 200 single answers were compared with \`@sluice/core\` first.`,
    '',
    table(['target', '>req/s', '>vs bare, per round (median)', '>p50 ms', '>p99 ms', '>server CPU µs/req'], rows),
    '',
    `**The ratios that matter:** OFREP single evaluation serves ${pct(single!)} of the bare route's requests/s (target ≥ 50%),`,
    `bulk evaluation of ${FLAGS} flags ${pct(bulk!)} (target ≥ 25%), measured in the same run.`,
  ].join('\n')
}
