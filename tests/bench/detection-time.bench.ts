/**
 * Canary failure detection time.
 *
 * One real SDK client (`createClient`, default `flushIntervalMs` of 1 s) in this process
 * reports outcomes for a canary at 50% (`rollbackThreshold` 5, `minSampleSize` 100): 500
 * requests/s through `recordRequest`, each a new userId, so half land on each side. After a
 * healthy phase of 2–3 s (random, so the failure starts at a random point of the flush cycle)
 * canary-side requests fail 30% of the time; baseline requests fail 0.5% throughout. T0 is the
 * moment the first failing canary request is recorded. Per round (a new flag each time):
 *   T0 → the rollback record's `createdAt` (the service decided and started writing it)
 *   T0 → the client's `change` event carrying the flag at 0% (what applications see)
 * Outcome flushes are timestamped through undici's diagnostics channel, so the table shows
 * how much of it is waiting for the SDK's next flush.
 */
import { randomBytes } from 'node:crypto'
import diagnostics from 'node:diagnostics_channel'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { addToSketch, type LatencySketch } from '../../sdks/core/src/index.js'
import { type ChangeEvent, createClient, type SluiceClient } from '../../sdks/node/src/index.js'
import { call, createFlag, createSdkToken, getCanary, listRollbacks, startCanary } from './support/admin-client.js'
import { int, ms, table } from './support/format.js'
import { profiled, profilingNote, profilingOptions } from './support/profiling.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median } from './support/stats.js'
import postgres from 'postgres'

const ROUNDS = 5
/** Rounds where the canary first reports a healthy history (in one batch) as if it had run that long: seconds → rounds. */
const HISTORY_ROUNDS: ReadonlyArray<readonly [number, number]> = [
  [60, 3],
  [600, 2],
]
const RATE = 500
const CANARY_ERROR_RATE = 0.3
const BASELINE_ERROR_RATE = 0.005
const HEALTHY_MS = [2_000, 3_000] as const
/** The history's latencies: one per millisecond from 20 to 60 ms, like the live phase's. */
const HISTORY_LATENCIES = 40
const TIMEOUT_MS = 30_000
const TARGET_MS = 2_000

const now = () => performance.timeOrigin + performance.now()

/** When each outcome flush of the SDK (POST /api/v1/sdk/outcomes) was sent. */
const flushes: number[] = []
diagnostics.subscribe('undici:request:create', (message) => {
  const { request } = message as { request: { method: string; path: string } }
  if (request.method === 'POST' && request.path.endsWith('/api/v1/sdk/outcomes')) flushes.push(now())
})

interface Round {
  toCreatedAt: number
  toClient: number
  /** T0 → the first flush sent after it. */
  toFirstFlush: number
  /** Flushes sent between T0 and the rollback (the last one carried the deciding counts). */
  flushesNeeded: number
  /** The deciding flush sent → the rollback's createdAt: ingest, analysis, start of the rollback transaction. */
  flushToCreatedAt: number
  /** createdAt → the client's change event: the rest of the transaction, commit, change bus, stream. */
  createdAtToClient: number
  /** The rollback record's durationMs: analysis verdict → rollback written. */
  durationMs: number
  rule: string
  canaryRequests: number
  canaryErrors: number
  requestsSent: number
}

interface Outcome {
  label: string
  rounds: Round[]
  /** Rounds after a healthy history, by its length in seconds. */
  history: Map<number, Round[]>
}

/**
 * Reports `seconds` of healthy traffic at RATE in one batch, as the SDK would have over that
 * time: half on each side, no canary errors, baseline errors at BASELINE_ERROR_RATE, latencies
 * spread like the live phase's 20–60 ms.
 */
async function reportHistory(url: string, token: string, key: string, seconds: number, databaseUrl: string): Promise<void> {
  const perSide = Math.round((RATE / 2) * seconds)
  const latencySketch: LatencySketch = {}
  let latencyMsSum = 0
  // perSide requests dealt out over 20.5, 21.5, … 59.5 ms: whole counts whatever perSide is.
  for (let k = 0; k < HISTORY_LATENCIES; k++) {
    const count = Math.floor(perSide / HISTORY_LATENCIES) + (k < perSide % HISTORY_LATENCIES ? 1 : 0)
    if (count === 0) continue
    addToSketch(latencySketch, 20.5 + k, count)
    latencyMsSum += (20.5 + k) * count
  }
  const item = (side: 'canary' | 'baseline', errors: number) => ({ flagKey: key, side, requests: perSide, errors, latencyMsSum, latencySketch })
  await call(url, 'POST', '/sdk/outcomes', { items: [item('canary', 0), item('baseline', Math.round(perSide * BASELINE_ERROR_RATE))] }, token)
  // Reported in one batch, the history would sit in the current outcome window; move it (and
  // the canary's start) back to when that traffic would really have arrived.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`update canaries set started_at = started_at - make_interval(secs => ${seconds}) where feature_key = ${key}`
    await sql`update canary_windows set window_start = window_start - make_interval(secs => ${seconds})
      where canary_id in (select id from canaries where feature_key = ${key})`
  } finally {
    await sql.end()
  }
}

/** When the client's next `change` event that `accept`s was emitted (rejects after the round's longest possible wait). */
function waitForChange(client: SluiceClient, accept: (change: ChangeEvent) => boolean): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const listener = (change: ChangeEvent) => {
      const at = now()
      if (!accept(change)) return
      client.off('change', listener)
      clearTimeout(timer)
      resolve(at)
    }
    const timer = setTimeout(() => {
      client.off('change', listener)
      reject(new Error('timed out waiting for a change'))
    }, TIMEOUT_MS + HEALTHY_MS[1])
    client.on('change', listener)
  })
}

async function round(url: string, token: string, client: SluiceClient, index: number, history?: { seconds: number; databaseUrl: string }): Promise<Round> {
  const key = `bench_detect_${randomBytes(4).toString('hex')}`
  await createFlag(url, { key, name: 'Bench detection', type: 'percentage', enabled: true, percentage: 0 })
  const started = waitForChange(client, (c) => c.type === 'canary.upserted' && c.key === key && c.data.status === 'running')
  await startCanary(url, { featureKey: key, version: 'v2', initialPercentage: 50, rollbackThreshold: 5, minSampleSize: 100 })
  await started
  if (client.evaluate(key, { userId: 'probe' }).reason === 'not_found') throw new Error(`the client has no flag ${key}`)
  if (history) await reportHistory(url, token, key, history.seconds, history.databaseUrl)

  const rolledBack = waitForChange(client, (c) => c.type === 'flag.upserted' && c.key === key && c.data.percentage === 0)
  let seen: number | undefined
  rolledBack.then((at) => (seen = at), () => {})
  const healthyMs = HEALTHY_MS[0] + Math.random() * (HEALTHY_MS[1] - HEALTHY_MS[0])
  const start = now()
  let sent = 0
  let t0: number | undefined
  // A steady rate: every 2 ms, record the requests that are due by now.
  while (seen === undefined) {
    const at = now()
    if (at - start > healthyMs + TIMEOUT_MS) throw new Error(`${key}: no rollback within ${TIMEOUT_MS} ms of the failures starting`)
    const due = Math.floor(((at - start) / 1000) * RATE)
    const failing = at - start >= healthyMs
    for (; sent < due; sent++) {
      const context = { userId: `user-${index}-${sent}` }
      const canary = client.isEnabled(key, context)
      const success = canary ? !(failing && Math.random() < CANARY_ERROR_RATE) : Math.random() >= BASELINE_ERROR_RATE
      if (canary && !success && t0 === undefined) t0 = now()
      client.recordRequest(key, context, { success, latencyMs: 20 + Math.random() * 40 })
    }
    await sleep(2)
  }
  const clientAt = await rolledBack
  if (t0 === undefined) throw new Error(`${key}: rolled back before any canary request failed`)
  const [rollback, ...others] = await listRollbacks(url, key)
  if (!rollback || others.length > 0 || rollback.type !== 'canary' || !rollback.automatic) {
    throw new Error(`${key}: expected one automatic canary rollback, got ${JSON.stringify([rollback, ...others])}`)
  }
  const createdAt = Date.parse(rollback.createdAt)
  const canary = await getCanary(url, key)
  if (canary.status !== 'rolled_back') throw new Error(`${key}: the canary is ${canary.status}`)
  const after = flushes.filter((at) => at >= t0!)
  // createdAt is truncated to the millisecond.
  const upToRollback = after.filter((at) => at < createdAt + 1)
  const deciding = upToRollback.at(-1) ?? Number.NaN
  return {
    toCreatedAt: createdAt - t0,
    toClient: clientAt - t0,
    toFirstFlush: (after[0] ?? Number.NaN) - t0,
    flushesNeeded: upToRollback.length,
    flushToCreatedAt: createdAt - deciding,
    createdAtToClient: clientAt - createdAt,
    durationMs: rollback.durationMs,
    rule: /^automatic rollback \(([^)]+)\)/.exec(rollback.reason)?.[1] ?? `? (${rollback.reason.slice(0, 60)})`,
    canaryRequests: canary.metrics.canary.requests,
    canaryErrors: canary.metrics.canary.errors,
    requestsSent: sent,
  }
}

async function run(deployment: BenchDeployment, withHistory: boolean): Promise<Outcome> {
  const service = deployment.replicas[0]!
  const token = await createSdkToken(service.url, 'bench-detection')
  let errors = 0
  const client = createClient({ url: service.url, sdkKey: token, logger: { warn: () => errors++, error: () => errors++ } })
  try {
    await client.ready({ timeoutMs: 10_000 })
    const outcome: Outcome = { label: deployment.label, rounds: [], history: new Map() }
    await profiled('detection', [{ name: deployment.label, service }], async () => {
      for (let i = 0; i < ROUNDS; i++) {
        outcome.rounds.push(await round(service.url, token, client, i))
        await sleep(300)
      }
      if (!withHistory) return
      for (const [seconds, rounds] of HISTORY_ROUNDS) {
        const list: Round[] = []
        for (let i = 0; i < rounds; i++) {
          list.push(await round(service.url, token, client, 1_000 * seconds + i, { seconds, databaseUrl: deployment.database!.url }))
          await sleep(300)
        }
        outcome.history.set(seconds, list)
      }
    })
    const stats = client.stats()
    if (errors > 0 || stats.flushFailures > 0 || stats.outcomesDropped > 0) {
      throw new Error(`${deployment.label}: the SDK logged ${errors} warnings/errors, ${stats.flushFailures} failed flushes, ${stats.outcomesDropped} dropped outcomes`)
    }
    return outcome
  } finally {
    await client.close()
  }
}

export default async function detectionTime(): Promise<{ title: string; markdown: string }> {
  const outcomes: Outcome[] = []
  // The history rounds (slow by design) run on Postgres + Redis only.
  for (const [start, withHistory] of [
    [() => startPostgres(1, 'detect', profilingOptions()), true],
    [() => startEmbedded(profilingOptions()), false],
  ] as const) {
    const deployment = await start()
    try {
      outcomes.push(await run(deployment, withHistory))
    } finally {
      await deployment.close()
    }
  }
  return { title: 'Canary failure detection time', markdown: render(outcomes) }
}

function row(label: string, r: Round[]): string[] {
  const max = (f: (x: Round) => number) => Math.max(...r.map(f))
  const rules = new Map<string, number>()
  for (const x of r) rules.set(x.rule, (rules.get(x.rule) ?? 0) + 1)
  const toClientMax = max((x) => x.toClient)
  return [
    label,
    int(r.length),
    `${ms(median(r.map((x) => x.toCreatedAt)))} / ${ms(max((x) => x.toCreatedAt))}`,
    `${ms(median(r.map((x) => x.toClient)))} / ${ms(toClientMax)}`,
    `< ${TARGET_MS} ${toClientMax < TARGET_MS ? '✓' : '✗'}`,
    `${ms(median(r.map((x) => x.toFirstFlush)))} / ${ms(max((x) => x.toFirstFlush))}`,
    r.map((x) => x.flushesNeeded).join(', '),
    ms(median(r.map((x) => x.flushToCreatedAt))),
    ms(median(r.map((x) => x.durationMs))),
    ms(median(r.map((x) => x.createdAtToClient))),
    [...rules].map(([rule, n]) => `${rule} ×${n}`).join(', '),
    r.map((x) => `${x.canaryErrors}/${x.canaryRequests}`).join(', '),
  ]
}

const HEADERS = [
  'deployment',
  '>rounds',
  '>T0 → rollback createdAt ms',
  '>T0 → client sees 0% ms',
  'target',
  '>T0 → next SDK flush ms',
  '>flushes after T0 until rollback',
  '>deciding flush sent → createdAt ms',
  '>rollback durationMs',
  '>createdAt → client sees 0% ms',
  'rule that fired',
  'canary errors/requests counted',
]

function render(outcomes: Outcome[]): string {
  const rows = outcomes.map((o) => row(o.label, o.rounds))
  const historyRows = outcomes.flatMap((o) => [...o.history].map(([seconds, r]) => row(`${o.label}, after ${seconds / 60} min healthy`, r)))
  return [
    `One real SDK client (\`createClient\`, default \`flushIntervalMs\` 1,000) in the bench process, a percentage flag under a`,
    'canary at 50% (`rollbackThreshold` 5, `minSampleSize` 100, analysis defaults), and a steady',
    `${RATE} requests/s recorded with \`recordRequest\`, each with a new userId. After a healthy phase of 2–3 s (random, so the`,
    `failure starts anywhere in the flush cycle), canary-side requests fail ${CANARY_ERROR_RATE * 100}% of the time; baseline requests fail`,
    `${BASELINE_ERROR_RATE * 100}% throughout. T0 = when the first failing canary request was recorded. T0 → \`createdAt\` of the rollback record`,
    '(GET /admin/rollbacks?targetKey=; Postgres/PGlite `now()`, the start of the rollback transaction) is detection;',
    'T0 → the client\'s `change` event with the flag at 0% is what the application sees. Both on the machine\'s clock.',
    `${ROUNDS} rounds per deployment, a new flag each. Target: under ${TARGET_MS / 1000} s. Cells are median / max.`,
    '',
    table(HEADERS, rows),
    '',
    'For a young canary, detection is one or two SDK flush intervals: the failures sit in the client until its next',
    'flush (0–1 s after T0), and when that flush carries too few of them to tip the cumulative counts, the next one',
    'does. The service analyses the canary as soon as the deciding flush has committed (group commit; the analysis is',
    'throttled to once per 100 ms per canary, and a canary fed one flush a second is never inside that interval), and',
    'the 202 does not wait for it. The service\'s part is split in three (medians):',
    'the deciding flush sent → `createdAt` (counting the batch, analysing, opening the rollback transaction), the',
    'record\'s `durationMs` (analysis verdict → rollback row written), and `createdAt` → the client applying the event',
    '(commit, change bus, stream). `createdAt` has millisecond resolution. The last column is the canary side\'s',
    'counts as the service holds them when it rolled back (per round).',
    '',
    '**Older canaries.** The cumulative rules run on the canary\'s counts since it started, so a healthy history',
    'dilutes a new failure; the `recent_error` rule tests the last 20 s of outcomes on their own (at a level that',
    'shrinks with the canary\'s age, see docs/canaries.md). In these rounds the canary first reports that much healthy',
    `traffic at the same rate (${RATE / 2} canary + ${RATE / 2} baseline requests/s, baseline errors ${BASELINE_ERROR_RATE * 100}%) in one outcome batch, and the`,
    'bench moves that batch and the canary\'s start back by the history\'s length in the database, as if the traffic had',
    'arrived over that time; the live phase then runs as above:',
    '',
    table(HEADERS, historyRows),
  ].join('\n') + profilingNote()
}
