/**
 * Outcome ingest throughput.
 *
 * Two targets measured in the same run, in interleaved 1-second slices (support/load.ts):
 * one replica on Postgres + Redis and one on embedded PGlite, each with an active canary on
 * 20 percentage flags. A closed-loop undici load generator (16 connections) POSTs outcome
 * batches to /api/v1/sdk/outcomes with an sdk token: 20 items per batch, both sides of 10 of
 * the 20 flags (alternating halves), with latency histograms — what an SDK flushing once a
 * second sends for a service whose traffic touched 10 canaried flags in that second.
 *
 * Then the zero-loss check: the requests and errors of every batch answered 202 (warm-up
 * included) are summed per (flag, side) and compared with what the canary reports
 * (GET /admin/canary-deployments/:key, `metrics`), for every flag; and every canary must
 * still be running. The canaries are set so that no rule can fire: `minSampleSize` and
 * `minSamplePerSide` far above what the run sends, and the latency guard off.
 */
import { randomBytes } from 'node:crypto'
import { createFlag, createSdkToken, getCanary, startCanary } from './support/admin-client.js'
import { int, ms, table } from './support/format.js'
import { interleavedLoad, type LoadResult, type LoadTarget } from './support/load.js'
import { backendPids, databaseTransactions } from './support/postgres-database.js'
import { cpuMs } from './support/proc.js'
import { profiled, profilingNote, profilingOptions } from './support/profiling.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, summarize } from './support/stats.js'

const FLAGS = 20
const FLAGS_PER_BATCH = 10
const ITEMS_PER_BATCH = FLAGS_PER_BATCH * 2
const TEMPLATES = 64
const BUCKETS = 12
const CONNECTIONS = 16
const WARMUP_MS = 2_000
const SLICE_MS = 1_000
const ROUNDS = 10

interface Item {
  flagKey: string
  side: 'canary' | 'baseline'
  requests: number
  errors: number
  latencyMsSum: number
  latencyBuckets: number[]
}

interface Target {
  deployment: BenchDeployment
  keys: string[]
  templates: Item[][]
  bodies: string[]
  /** Batches answered 202, per template. */
  delivered: number[]
  pgPids?: Map<number, number>
  pgTransactions?: number
}

interface Verified {
  flags: number
  requests: number
  errors: number
  mismatches: string[]
  notRunning: string[]
}

/** Template `t`: one batch, with counts that differ per template and flag, so a lost or doubled batch shows. */
function template(keys: string[], t: number): Item[] {
  const half = t % 2
  const items: Item[] = []
  for (let i = 0; i < FLAGS_PER_BATCH; i++) {
    const f = half * FLAGS_PER_BATCH + i
    for (const side of ['baseline', 'canary'] as const) {
      const requests = side === 'baseline' ? 60 + ((t * 37 + f * 11) % 90) : 10 + ((t * 13 + f * 7) % 50)
      const errors = side === 'baseline' ? Math.floor(requests / 50) + ((t + f) % 3) : (t + f) % 4 === 0 ? 1 : 0
      const buckets = new Array<number>(BUCKETS).fill(0)
      buckets[2] = Math.floor(requests / 2)
      buckets[3] = requests - buckets[2]!
      items.push({ flagKey: keys[f]!, side, requests, errors, latencyMsSum: requests * 27.5, latencyBuckets: buckets })
    }
  }
  return items
}

async function prepare(deployment: BenchDeployment): Promise<{ target: Target; token: string }> {
  const url = deployment.replicas[0]!.url
  const prefix = `bench_ingest_${randomBytes(3).toString('hex')}`
  const keys = Array.from({ length: FLAGS }, (_, i) => `${prefix}_${i}`)
  for (const key of keys) {
    await createFlag(url, { key, name: 'Bench ingest', type: 'percentage', enabled: true, percentage: 0 })
    await startCanary(url, {
      featureKey: key,
      version: 'v2',
      initialPercentage: 50,
      rollbackThreshold: 5,
      // No rule may fire during the run: the samples never reach these, and latency is not compared.
      minSampleSize: 10_000_000,
      minSamplePerSide: 1_000_000,
      latencyGuard: null,
    })
  }
  const token = await createSdkToken(url, 'bench-ingest')
  const templates = Array.from({ length: TEMPLATES }, (_, t) => template(keys, t))
  return {
    target: { deployment, keys, templates, bodies: templates.map((items) => JSON.stringify({ items })), delivered: new Array<number>(TEMPLATES).fill(0) },
    token,
  }
}

async function backendCpu(target: Target): Promise<Map<number, number>> {
  const readings = new Map<number, number>()
  if (!target.deployment.database) return readings
  for (const pid of await backendPids(target.deployment.database.name)) {
    try {
      readings.set(pid, cpuMs(pid))
    } catch {
      // The backend exited between the query and the read.
    }
  }
  return readings
}

async function verify(target: Target): Promise<Verified> {
  const url = target.deployment.replicas[0]!.url
  const expected = new Map<string, { requests: number; errors: number }>()
  target.templates.forEach((items, t) => {
    for (const item of items) {
      const id = `${item.flagKey}:${item.side}`
      const sum = expected.get(id) ?? { requests: 0, errors: 0 }
      sum.requests += item.requests * target.delivered[t]!
      sum.errors += item.errors * target.delivered[t]!
      expected.set(id, sum)
    }
  })
  const result: Verified = { flags: 0, requests: 0, errors: 0, mismatches: [], notRunning: [] }
  for (const key of target.keys) {
    const canary = await getCanary(url, key)
    result.flags++
    if (canary.status !== 'running') result.notRunning.push(`${key} (${canary.status})`)
    for (const side of ['canary', 'baseline'] as const) {
      const want = expected.get(`${key}:${side}`)!
      const got = canary.metrics[side]
      result.requests += got.requests
      result.errors += got.errors
      if (got.requests !== want.requests || got.errors !== want.errors) {
        result.mismatches.push(`${key} ${side}: sent ${want.requests}/${want.errors}, counted ${got.requests}/${got.errors}`)
      }
    }
  }
  return result
}

export default async function outcomeIngest(): Promise<{ title: string; markdown: string }> {
  const deployments: BenchDeployment[] = []
  try {
    const started = await Promise.allSettled([startPostgres(1, 'ingest', profilingOptions()), startEmbedded(profilingOptions())])
    for (const result of started) if (result.status === 'fulfilled') deployments.push(result.value)
    for (const result of started) if (result.status === 'rejected') throw result.reason
    const targets: Target[] = []
    const loadTargets: LoadTarget[] = []
    for (const deployment of deployments) {
      const { target, token } = await prepare(deployment)
      const service = deployment.replicas[0]!
      targets.push(target)
      loadTargets.push({
        name: deployment.label,
        origin: service.url,
        paths: ['/api/v1/sdk/outcomes'],
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: (n) => target.bodies[n % TEMPLATES]!,
        expectStatus: 202,
        onSuccess: (n) => target.delivered[n % TEMPLATES]!++,
        pid: service.child.pid,
      })
    }
    for (const target of targets) {
      target.pgPids = await backendCpu(target)
      if (target.deployment.database) target.pgTransactions = await databaseTransactions(target.deployment.database.name)
    }
    const services = deployments.map((d) => ({ name: d.label, service: d.replicas[0]! }))
    const results = await profiled('ingest', services, () =>
      interleavedLoad(loadTargets, { connections: CONNECTIONS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, rounds: ROUNDS }),
    )
    const pgCpuPerBatch = await Promise.all(
      targets.map(async (target) => {
        if (!target.deployment.database) return Number.NaN
        const after = await backendCpu(target)
        let used = 0
        for (const [pid, cpu] of after) used += cpu - (target.pgPids!.get(pid) ?? 0)
        return used / target.delivered.reduce((a, b) => a + b, 0)
      }),
    )
    // pg_stat_database is updated by each backend within about a second of its last transaction.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const pgTransactionsPerBatch = await Promise.all(
      targets.map(async (target) =>
        target.deployment.database
          ? ((await databaseTransactions(target.deployment.database.name)) - target.pgTransactions!) / target.delivered.reduce((a, b) => a + b, 0)
          : Number.NaN,
      ),
    )
    const verified = await Promise.all(targets.map(verify))
    const failed = verified.flatMap((v, i) => [...v.mismatches, ...v.notRunning.map((k) => `not running: ${k}`)].map((m) => `${targets[i]!.deployment.label}: ${m}`))
    if (failed.length > 0) throw new Error(`outcome counts do not match what was sent:\n${failed.slice(0, 20).join('\n')}`)
    return { title: 'Outcome ingest throughput', markdown: render(results, verified, targets, pgCpuPerBatch, pgTransactionsPerBatch) }
  } finally {
    await Promise.allSettled(deployments.map((d) => d.close()))
  }
}

function render(results: LoadResult[], verified: Verified[], targets: Target[], pgCpuPerBatch: number[], pgTransactionsPerBatch: number[]): string {
  const rows = results.map((r, i) => {
    const rate = r.requests / r.seconds
    const lat = summarize(r.latencies.values())
    const v = verified[i]!
    const sent = targets[i]!.delivered.reduce((a, b) => a + b, 0)
    return [
      r.name,
      int(rate),
      `${int(Math.min(...r.sliceRates))}–${int(Math.max(...r.sliceRates))}`,
      int(rate * ITEMS_PER_BATCH),
      ms(lat.p50),
      ms(lat.p99),
      ms(lat.max),
      ms(r.serverCpuMs / r.requests),
      Number.isFinite(pgCpuPerBatch[i]!) ? ms(pgCpuPerBatch[i]!) : '–',
      Number.isFinite(pgTransactionsPerBatch[i]!) ? pgTransactionsPerBatch[i]!.toFixed(1) : '–',
      ms(r.clientCpuMs / r.requests),
      int(r.errors),
      `${int(sent)} batches, ${int(v.requests)} requests / ${int(v.errors)} errors on ${v.flags} canaries: ${v.mismatches.length === 0 && v.notRunning.length === 0 ? '0 lost ✓' : '✗'}`,
    ]
  })
  const [pg, embedded] = results
  const pairedPg = pg && embedded ? median(pg.sliceRates.map((rate, k) => rate / embedded.sliceRates[k]!)) : Number.NaN
  return [
    `Closed-loop load from one undici \`Pool\` per target (${CONNECTIONS} keep-alive connections, each sending its next batch when the`,
    `previous answer is read), ${WARMUP_MS / 1000} s warm-up per target, then ${ROUNDS} rounds of one ${SLICE_MS / 1000}-s slice per target in rotating order. Each target`,
    `is one replica with an active canary on ${FLAGS} percentage flags. A batch is \`POST /api/v1/sdk/outcomes\` (sdk token) with`,
    `${ITEMS_PER_BATCH} items: both sides of ${FLAGS_PER_BATCH} of the ${FLAGS} flags (alternating halves), each with requests, errors, a latency sum and`,
    `${BUCKETS} histogram buckets, the counts varying per batch (${TEMPLATES} templates) — what an SDK flushing once a second sends for a`,
    `service whose traffic touched ${FLAGS_PER_BATCH} canaried flags that second. Every batch must be answered 202.`,
    '',
    table(
      ['deployment', '>batches/s', '>slice range', '>items/s', '>p50 ms', '>p99 ms', '>max ms', '>service CPU ms/batch', '>Postgres backends CPU ms/batch', '>Postgres transactions/batch', '>load generator CPU ms/batch', '>failed', 'zero-loss check'],
      rows,
    ),
    '',
    'Zero-loss check: after the run, the requests and errors of every batch answered 202 (warm-up included) were',
    'summed per (flag, side) and compared with `metrics.canary` / `metrics.baseline` of',
    '`GET /admin/canary-deployments/:key` for every flag, and every canary was checked to be still running (no rule can',
    'fire: `minSampleSize` 10,000,000, `minSamplePerSide` 1,000,000, latency guard off). Service CPU is the replica\'s',
    '(from /proc, measured slices); Postgres backends CPU is that of the backends connected to the run\'s database',
    '(whole run, warm-up included, divided by every batch sent), and so are Postgres transactions (`pg_stat_database`,',
    'which also counts the scheduler\'s once-a-second analysis of the 20 canaries). Batches/s run through one Node.js process per',
    `target on two shared cores, with the load generator on the same cores. Postgres + Redis absorbed ${Number.isFinite(pairedPg) ? `${pairedPg.toFixed(2)}x` : '–'} the`,
    'batches/s of embedded PGlite (median over the rounds of back-to-back slices).',
    '',
    'Where a batch goes: one read of the active canaries among the batch\'s flags; one transaction holding a multi-row',
    'upsert of the per-(canary, side) totals and one of the current window\'s counts, so a batch is counted whole or not',
    'at all; then, to analyse the canaries touched, one read of their counters and one of their recent windows. That is',
    'five statements in four transactions per batch whatever its size, and the transactions column measures it (plus',
    'the scheduler\'s share). The CPU per batch, in the service and in Postgres, is the cost of those statements, not of',
    'the JSON or the analysis.',
    '',
    `For scale: at one flush a second per SDK instance, ${int(pg ? pg.requests / pg.seconds : Number.NaN)} batches/s is that many application instances`,
    `reporting on ${FLAGS_PER_BATCH} canaried flags each, to one replica.`,
  ].join('\n') + profilingNote()
}
