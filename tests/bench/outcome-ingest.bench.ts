/**
 * Outcome ingest throughput, against the same process's bare route.
 *
 * Two deployments, each one replica with an active canary on one percentage flag: embedded
 * PGlite, and Postgres + Redis. Per deployment, two targets measured in the same run, in
 * interleaved 1-second slices (support/load.ts): `POST /api/v1/sdk/outcomes` with an sdk token
 * and a batch of 2 items (both sides of the canary, with latency sketches), and `GET /healthz`
 * (no database, no auth) on the same process. A closed-loop undici load generator with 20
 * connections per target. The target is ≥ 30% of the bare route's rate.
 *
 * Then the zero-loss check: the requests, errors and latencies of every batch answered 202
 * (warm-up included) are summed per side and compared with what the canary reports
 * (GET /admin/canary-deployments/:key, `metrics`: counts, mean, p95 and p99) and, on Postgres,
 * with the latency sketch it stored, bucket by bucket; the canary must still be running (no
 * rule can fire: `minSampleSize` and `minSamplePerSide` far above what the run sends, latency
 * guard off).
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import postgres from 'postgres'
import { addToSketch, type LatencySketch, mergeSketch, type OutcomeReport, sketchQuantile } from '../../sdks/core/src/index.js'
import { createFlag, createSdkToken, getCanary, startCanary } from './support/admin-client.js'
import { int, ms, table } from './support/format.js'
import { interleavedLoad, type LoadResult, type LoadTarget } from './support/load.js'
import { databaseTransactions } from './support/postgres-database.js'
import { profiled, profilingNote, profilingOptions } from './support/profiling.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, summarize } from './support/stats.js'

const TEMPLATES = 64
const CONNECTIONS = 20
const WARMUP_MS = 2_000
const SLICE_MS = 1_000
const ROUNDS = 8
const TARGET_RATIO = 0.3

/** Idempotency keys unique to this run. */
const runId = randomBytes(6).toString('hex')

/** Every item the bench sends carries a sketch. */
type Item = OutcomeReport & Required<Pick<OutcomeReport, 'latencySketch'>>

interface Target {
  deployment: BenchDeployment
  key: string
  templates: Item[][]
  bodies: string[]
  /** Batches answered 202, per template. */
  delivered: number[]
  pgTransactions?: number
}

/** Template `t`: counts that differ per template, so a lost or doubled batch shows. */
function template(key: string, t: number): Item[] {
  return (['canary', 'baseline'] as const).map((side) => {
    const requests = side === 'baseline' ? 60 + ((t * 37) % 90) : 10 + ((t * 13) % 50)
    const errors = side === 'baseline' ? Math.floor(requests / 50) + (t % 3) : t % 4 === 0 ? 1 : 0
    const latencySketch: LatencySketch = {}
    for (let i = 0; i < requests; i++) addToSketch(latencySketch, 20 + ((i * 7 + t) % 40))
    return { flagKey: key, side, requests, errors, latencyMsSum: requests * 40, latencySketch }
  })
}

async function prepare(deployment: BenchDeployment): Promise<{ target: Target; token: string }> {
  const url = deployment.replicas[0]!.url
  const key = `bench_ingest_${randomBytes(3).toString('hex')}`
  await createFlag(url, { key, name: 'Bench ingest', type: 'percentage', enabled: true, percentage: 0 })
  await startCanary(url, { featureKey: key, version: 'v2', initialPercentage: 50, rollbackThreshold: 5, minSampleSize: 10_000_000, minSamplePerSide: 1_000_000, latencyGuard: null })
  const token = await createSdkToken(url, 'bench-ingest')
  const templates = Array.from({ length: TEMPLATES }, (_, t) => template(key, t))
  return {
    target: { deployment, key, templates, bodies: templates.map((items) => JSON.stringify({ items })), delivered: new Array<number>(TEMPLATES).fill(0) },
    token,
  }
}

/** What the batches answered 202 add up to on `side`. */
function sent(target: Target, side: Item['side']): Omit<Item, 'flagKey' | 'side'> {
  const total = { requests: 0, errors: 0, latencyMsSum: 0, latencySketch: {} as LatencySketch }
  target.templates.forEach((items, t) => {
    const item = items.find((i) => i.side === side)!
    const times = target.delivered[t]!
    total.requests += item.requests * times
    total.errors += item.errors * times
    total.latencyMsSum += item.latencyMsSum * times
    for (const index in item.latencySketch) total.latencySketch[index] = (total.latencySketch[index] ?? 0) + item.latencySketch[index]! * times
  })
  return total
}

/** The sketch the service stored for each side: its counters' stripes and its outcome log not yet folded, merged. */
async function storedSketches(databaseUrl: string, canaryId: string): Promise<Record<string, LatencySketch>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<Array<{ side: string; sketch: LatencySketch }>>`select side, latency_sketch as sketch from canary_metrics where canary_id = ${canaryId}
      union all select side, latency_sketch from canary_outcome_log where canary_id = ${canaryId}`
    const sketches: Record<string, LatencySketch> = {}
    for (const { side, sketch } of rows) mergeSketch((sketches[side] ??= {}), sketch)
    return sketches
  } finally {
    await sql.end()
  }
}

/** The service rounds latencies to hundredths of a millisecond. */
const sameLatency = (got: number | null, want: number | undefined) => got !== null && want !== undefined && Math.abs(got - want) <= 0.005 + 1e-9

/** Mismatches between what was answered 202 and what the canary counted, and whether it still runs. */
async function verify(target: Target): Promise<{ requests: number; problems: string[] }> {
  const canary = await getCanary(target.deployment.replicas[0]!.url, target.key)
  const problems: string[] = canary.status === 'running' ? [] : [`the canary is ${canary.status}`]
  const stored = target.deployment.database && (await storedSketches(target.deployment.database.url, canary.id))
  let requests = 0
  for (const side of ['canary', 'baseline'] as const) {
    const want = sent(target, side)
    const got = canary.metrics[side]
    requests += got.requests
    if (got.requests !== want.requests || got.errors !== want.errors) problems.push(`${side}: sent ${want.requests}/${want.errors}, counted ${got.requests}/${got.errors}`)
    const latencies: [string, number | null, number | undefined][] = [
      ['mean', got.avgLatencyMs, want.latencyMsSum / want.requests],
      ['p95', got.p95LatencyMs, sketchQuantile(want.latencySketch, 0.95)],
      ['p99', got.p99LatencyMs, sketchQuantile(want.latencySketch, 0.99)],
    ]
    for (const [name, value, expected] of latencies) {
      if (!sameLatency(value, expected)) problems.push(`${side}: ${name} latency of what was sent ${expected} ms, reported ${value} ms`)
    }
    if (stored && !sameSketch(stored[side] ?? {}, want.latencySketch)) {
      problems.push(`${side}: the stored latency sketch differs from the sum of the sketches sent`)
    }
  }
  return { requests, problems }
}

/** Equal counts in every bucket; a bucket missing on one side counts 0. */
function sameSketch(a: Readonly<LatencySketch>, b: Readonly<LatencySketch>): boolean {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((index) => (a[index] ?? 0) === (b[index] ?? 0))
}

interface Measured {
  label: string
  outcomes: LoadResult
  bare: LoadResult
  batches: number
  storedRequests: number
  transactionsPerBatch: number
  /** The 1-minute load average before and after the measured load. */
  load: [number, number]
}

export default async function outcomeIngest(): Promise<{ title: string; markdown: string }> {
  const measured: Measured[] = []
  for (const start of [() => startEmbedded(profilingOptions()), () => startPostgres(1, 'ingest', profilingOptions())]) {
    const deployment = await start()
    try {
      const { target, token } = await prepare(deployment)
      const service = deployment.replicas[0]!
      const loadTargets: LoadTarget[] = [
        {
          name: `${deployment.label}: POST /sdk/outcomes`,
          origin: service.url,
          paths: ['/api/v1/sdk/outcomes'],
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: (n) => target.bodies[n % TEMPLATES]!,
          // As the SDKs send every batch: with a key of its own.
          headersOf: (n) => ({ 'idempotency-key': `${runId}-${n}` }),
          expectStatus: 202,
          onSuccess: (n) => target.delivered[n % TEMPLATES]!++,
          pid: service.child.pid,
        },
        { name: `${deployment.label}: GET /healthz`, origin: service.url, paths: ['/healthz'], pid: service.child.pid },
      ]
      if (deployment.database) target.pgTransactions = await databaseTransactions(deployment.database.name)
      const loadBefore = os.loadavg()[0]!
      const [outcomes, bare] = await profiled('ingest', [{ name: deployment.label, service }], () =>
        interleavedLoad(loadTargets, { connections: CONNECTIONS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, rounds: ROUNDS }),
      )
      const load: [number, number] = [loadBefore, os.loadavg()[0]!]
      const batches = target.delivered.reduce((a, b) => a + b, 0)
      // pg_stat_database is updated by each backend within about a second of its last transaction.
      if (deployment.database) await new Promise((resolve) => setTimeout(resolve, 1_500))
      const transactionsPerBatch = deployment.database ? ((await databaseTransactions(deployment.database.name)) - target.pgTransactions!) / batches : Number.NaN
      const verified = await verify(target)
      if (verified.problems.length > 0) throw new Error(`${deployment.label}: outcome counts do not match what was answered 202:\n${verified.problems.join('\n')}`)
      measured.push({ label: deployment.label, outcomes: outcomes!, bare: bare!, batches, storedRequests: verified.requests, transactionsPerBatch, load })
    } finally {
      await deployment.close()
    }
  }
  return { title: 'Outcome ingest throughput', markdown: render(measured) }
}

function render(measured: Measured[]): string {
  const rows = measured.map((m) => {
    const rate = m.outcomes.requests / m.outcomes.seconds
    const bareRate = m.bare.requests / m.bare.seconds
    // Slices of the two targets run back to back, so their ratio per round cancels most drift.
    const ratio = median(m.outcomes.sliceRates.map((r, k) => r / m.bare.sliceRates[k]!))
    const lat = summarize(m.outcomes.latencies.values())
    return [
      m.label,
      int(rate),
      `${int(Math.min(...m.outcomes.sliceRates))}–${int(Math.max(...m.outcomes.sliceRates))}`,
      int(bareRate),
      `${(ratio * 100).toFixed(0)}% ${ratio >= TARGET_RATIO ? '✓' : '✗'}`,
      ms(lat.p50),
      ms(lat.p99),
      ms(m.outcomes.serverCpuMs / m.outcomes.requests),
      ms(m.bare.serverCpuMs / m.bare.requests),
      Number.isFinite(m.transactionsPerBatch) ? m.transactionsPerBatch.toFixed(2) : '–',
      int(m.outcomes.errors),
      `${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)}`,
      `${int(m.batches)} batches, ${int(m.storedRequests)} requests: 0 lost ✓`,
    ]
  })
  return [
    `Closed-loop load from one undici \`Pool\` per target (${CONNECTIONS} keep-alive connections, each sending its next request when the`,
    `previous answer is read), ${WARMUP_MS / 1000} s warm-up per target, then ${ROUNDS} rounds of one ${SLICE_MS / 1000}-s slice per target in rotating order. Per`,
    'deployment (one replica, an active canary on one percentage flag), two targets on the same process: `POST /api/v1/sdk/outcomes`',
    '(sdk token, 2 items: both sides of the canary, each with requests, errors, a latency sum and a latency sketch; the counts',
    `vary over ${TEMPLATES} templates) and the bare route \`GET /healthz\`. Target: outcomes ≥ ${TARGET_RATIO * 100}% of the bare route's rate.`,
    '',
    table(
      ['deployment', '>batches/s', '>slice range', '>/healthz req/s', '>outcomes ÷ /healthz (median of paired slices)', '>p50 ms', '>p99 ms', '>service CPU ms/batch', '>service CPU ms per /healthz', '>Postgres transactions/batch', '>failed', `load average (1 min, ${os.cpus().length} cores) before → after`, 'zero-loss check'],
      rows,
    ),
    '',
    'Every batch carries its own `Idempotency-Key`, as the SDKs send them. Each replica writes outcomes with one writer, group',
    'after group: the batches that arrived while it wrote the last one are summed and written together, in one statement that',
    'claims their keys, appends one row per canary and side to the outcome log (no row lock, no sketch merge; the analysis folds',
    'the log into the counters, at most every 100 ms per canary) and checks the write deadline as its last step. On Postgres that',
    'statement is prepared once per connection and follows one reading of the database\'s clock: two round trips, and two',
    'autocommit transactions, per group. Each batch is answered 202 only after the write that',
    'holds it committed. Active canaries come from memory (kept current by the change feed), and the analysis runs per canary',
    'at most every 100 ms, not per batch. Postgres transactions per batch (`pg_stat_database`, whole run including warm-up, the',
    '/healthz slices and the scheduler\'s once-a-second tick, divided by the batches answered) shows the grouping: before group',
    'commit it was four per batch. Zero-loss check: after the run, the requests, errors, latency sums and latency sketches',
    'of every batch answered 202 (warm-up included) were summed per side and compared with `metrics` of',
    '`GET /admin/canary-deployments/:key` (counts, mean, p95, p99) and, on Postgres, with the stored sketch (counters and log) bucket by bucket.',
    'Both targets, and the load generator, share two cores with the service; the machine was also shared with other',
    'helpers\' work when this ran, so compare the ratio, not absolute rates across runs.',
  ].join('\n') + profilingNote()
}
