/**
 * Change propagation to 1,000 stream clients.
 *
 * 1,000 SSE clients in a separate process (support/sse-fleet.ts) hold open
 * GET /api/v1/sdk/stream; this process updates a flag through the admin API ~20 times, one
 * at a time, and for every (client, update) pair takes
 *   latency = time the client read the event for that version − time the PUT was sent
 * on CLOCK_MONOTONIC (process.hrtime), which both processes share. It is the whole path:
 * write transaction, change bus, change-log read, fan-out, and the client reading its socket.
 *
 * Three deployments: one replica on embedded PGlite, one on Postgres + Redis, and three on
 * Postgres + Redis with the clients spread evenly and the updates sent to the first one.
 * Server memory per idle stream is the growth of the replicas' RSS from before the 1,000
 * streams to 2 s after they are all open and idle, divided by 1,000; both readings follow a
 * full GC forced through the replica's inspector, so garbage does not count.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { createFlag, createSdkToken, updateFlag } from './support/admin-client.js'
import { startScript, type ChildMessage } from './support/child-script.js'
import { int, kib, ms, table } from './support/format.js'
import { openFileLimit } from './support/proc.js'
import { INSPECT_OPTION } from './support/inspector.js'
import { profiled, profilingNote } from './support/profiling.js'
import { openStreams, settledMemoryOf, warmStreams, type MemoryReading } from './support/service-probe.js'
import { oneAtATime, startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, Samples, summarize } from './support/stats.js'

const CLIENTS = 1_000
const WARMUP_UPDATES = 3
const UPDATES = 20
const SETTLE_MS = 2_000
const TIMEOUT_MS = 10_000

/** One update, in ms from when its PUT was sent. */
interface UpdateTiming {
  put: number
  firstClient: number
  lastClient: number
  /** Time the client process spent in the socket callbacks that read this update. */
  clientBusy: number
}

interface Outcome {
  label: string
  replicas: number
  latencies: Samples
  /** Latencies of clients on the replica that took the write, and on the others. */
  writer: Samples
  others: Samples
  updates: UpdateTiming[]
  openSeconds: number
  before: MemoryReading[]
  after: MemoryReading[]
}

const now = () => Number(process.hrtime.bigint())

async function run(deployment: BenchDeployment): Promise<Outcome> {
  const { replicas } = deployment
  const writer = replicas[0]!
  const key = `bench_prop_${randomBytes(4).toString('hex')}`
  await createFlag(writer.url, { key, name: 'Bench propagation', type: 'percentage', enabled: true, percentage: 10 })
  const token = await createSdkToken(writer.url, 'bench-propagation')
  for (const replica of replicas) await warmStreams(replica.url, token)
  await sleep(SETTLE_MS)
  const before = await Promise.all(replicas.map(settledMemoryOf))

  const fleet = startScript('sse-fleet.ts')
  let failure: Error | undefined
  fleet.on<ChildMessage & { message: string }>('failed', (m) => (failure ??= new Error(`sse fleet: ${m.message}`)))
  const received = new Map<number, { times: number[]; busyNs: number }>()
  fleet.on<ChildMessage & { version: number; times: number[]; busyNs: number }>('received', (m) => received.set(m.version, m))
  try {
    const base = Math.floor(CLIENTS / replicas.length)
    const targets = replicas.map((r, i) => ({ url: r.url, count: base + (i < CLIENTS % replicas.length ? 1 : 0) }))
    const targetOfPromise = fleet.next<ChildMessage & { target: number[] }>('targets')
    const opened = fleet.next('opened', 60_000)
    const t0 = now()
    fleet.send({ type: 'open', targets, token, key })
    const targetOf = (await targetOfPromise).target
    await opened
    const openSeconds = (now() - t0) / 1e9
    await sleep(SETTLE_MS)
    const after = await Promise.all(replicas.map(settledMemoryOf))
    const streams = (await Promise.all(replicas.map(openStreams))).reduce((a, b) => a + b, 0)
    if (streams !== CLIENTS) throw new Error(`${deployment.label}: replicas report ${streams} open streams, expected ${CLIENTS}`)

    const outcome: Outcome = {
      label: deployment.label,
      replicas: replicas.length,
      latencies: new Samples(),
      writer: new Samples(),
      others: new Samples(),
      updates: [],
      openSeconds,
      before,
      after,
    }
    const profileTargets = replicas.map((service, i) => ({ name: `${deployment.label} replica ${i + 1}`, service }))
    await profiled('propagation', profileTargets, () =>
      sendUpdates(outcome, writer.url, key, targetOf, async (version) => {
        const deadline = Date.now() + TIMEOUT_MS
        while (!received.has(version)) {
          if (failure) throw failure
          if (Date.now() > deadline) throw new Error(`${deployment.label}: version ${version} did not reach all ${CLIENTS} clients within ${TIMEOUT_MS} ms`)
          await sleep(1)
        }
        const result = received.get(version)!
        received.delete(version)
        return result
      }),
    )
    if (failure) throw failure
    return outcome
  } finally {
    fleet.send({ type: 'close' })
    await fleet.stop()
  }
}

/**
 * The measured updates, one at a time: each waits until every client has the previous one
 * (`receivedBy` resolves with the fleet's receive times for a version).
 */
async function sendUpdates(
  outcome: Outcome,
  writerUrl: string,
  key: string,
  targetOf: number[],
  receivedBy: (version: number) => Promise<{ times: number[]; busyNs: number }>,
): Promise<void> {
  for (let i = 0; i < WARMUP_UPDATES + UPDATES; i++) {
    const sentAt = now()
    const { version } = await updateFlag(writerUrl, key, { percentage: 11 + i })
    const answeredAt = now()
    const { times, busyNs } = await receivedBy(version)
    if (i >= WARMUP_UPDATES) {
      let first = Number.POSITIVE_INFINITY
      let last = 0
      times.forEach((at, client) => {
        const latency = (at - sentAt) / 1e6
        outcome.latencies.push(latency)
        ;(targetOf[client] === 0 ? outcome.writer : outcome.others).push(latency)
        first = Math.min(first, at)
        last = Math.max(last, at)
      })
      outcome.updates.push({
        put: (answeredAt - sentAt) / 1e6,
        firstClient: (first - sentAt) / 1e6,
        lastClient: (last - sentAt) / 1e6,
        clientBusy: busyNs / 1e6,
      })
    }
    await sleep(100 + Math.random() * 100)
  }
}

export default async function propagation(): Promise<{ title: string; markdown: string }> {
  const limit = openFileLimit()
  if (limit < CLIENTS + 100) throw new Error(`ulimit -n is ${limit}; the fleet needs more than ${CLIENTS} sockets`)
  const options = { nodeOptions: [INSPECT_OPTION] }
  const outcomes = await oneAtATime([() => startEmbedded(options), () => startPostgres(1, 'prop1', options), () => startPostgres(3, 'prop3', options)], run)
  return { title: 'Change propagation to 1,000 stream clients', markdown: render(outcomes, limit) }
}

function slowest(updates: UpdateTiming[]): string {
  const u = updates.reduce((a, b) => (b.lastClient > a.lastClient ? b : a))
  return `${ms(u.put)} / ${ms(u.firstClient)} / ${ms(u.lastClient)}`
}

function render(outcomes: Outcome[], limit: number): string {
  const target = (o: Outcome) => (o.replicas === 1 ? 50 : 100)
  const latencyRows = outcomes.map((o) => {
    const s = summarize(o.latencies.values())
    return [
      o.label,
      int(s.count),
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
      `< ${target(o)} ${s.p99 < target(o) ? '✓' : '✗'}`,
      ms(median(o.updates.map((u) => u.put))),
      ms(median(o.updates.map((u) => u.firstClient))),
      ms(median(o.updates.map((u) => u.lastClient - u.firstClient))),
      ms(median(o.updates.map((u) => u.clientBusy))),
      slowest(o.updates),
      `${o.openSeconds.toFixed(1)} s`,
    ]
  })
  const multi = outcomes.filter((o) => o.replicas > 1)
  const splitRows = multi.flatMap((o) =>
    [
      ['clients on the replica that took the write', o.writer],
      ['clients on the other replicas (through Redis)', o.others],
    ].map(([name, samples]) => {
      const s = summarize((samples as Samples).values())
      return [`${o.label}: ${name as string}`, int(s.count), ms(s.p50), ms(s.p99), ms(s.max)]
    }),
  )
  const memoryRows = outcomes.map((o) => {
    const rss0 = o.before.reduce((a, m) => a + m.rss, 0)
    const rss1 = o.after.reduce((a, m) => a + m.rss, 0)
    const heap0 = o.before.reduce((a, m) => a + m.heapUsed, 0)
    const heap1 = o.after.reduce((a, m) => a + m.heapUsed, 0)
    const perConn = (rss1 - rss0) / CLIENTS
    return [
      o.label,
      `${(rss0 / 2 ** 20).toFixed(1)} → ${(rss1 / 2 ** 20).toFixed(1)} MiB`,
      `${kib(perConn)} ${perConn < 30 * 1024 ? '✓' : '✗'}`,
      kib((heap1 - heap0) / CLIENTS),
    ]
  })
  return [
    `${CLIENTS.toLocaleString('en-US')} SSE clients (one sdk token) run in a separate Node.js process on raw \`node:http\` sockets (ulimit -n ${limit}),`,
    `each waiting for its snapshot first. Then ${UPDATES} flag updates (PUT /admin/feature-flags/:key with a new percentage,`,
    `after ${WARMUP_UPDATES} unmeasured warm-up updates) are sent one at a time to the first replica, each after every client has`,
    'the previous one, 100–200 ms apart. Latency of a (client, update) pair = when the client process read the',
    '`flag.upserted` event carrying that version − when the PUT was sent, both on CLOCK_MONOTONIC (`process.hrtime`).',
    'It includes the write transaction and the client process reading 1,000 sockets in turn. The next four',
    'columns are medians over the updates, in ms: the PUT round trip, PUT sent → first client read the event,',
    'first → last client, and the time the client process spent in its socket callbacks for that update (the part',
    'of first → last that is the client\'s own reading, not the server\'s fan-out). With 20 updates, the p99 over',
    'pairs is set by the slowest update or two, so the slowest update is shown too (ms after its PUT was sent).',
    '',
    table(['deployment', '>pairs', '>p50 ms', '>p99 ms', '>max ms', 'target p99', '>PUT answered', '>first client', '>first→last client', '>client process busy', '>slowest update: PUT / first / last client', '>1,000 streams opened in'], latencyRows),
    '',
    ...(splitRows.length
      ? ['Across replicas, by where the client is connected (the write is made on replica 1):', '', table(['', '>pairs', '>p50 ms', '>p99 ms', '>max ms'], splitRows), '']
      : []),
    'Server memory per idle stream: replicas\' RSS (VmRSS from /proc, summed over replicas) 2 s after 10 warm-up streams',
    'closed, then 2 s after all 1,000 streams are open and idle; each reading follows a full GC forced through the',
    'replica\'s inspector (`HeapProfiler.collectGarbage`). Heap is `nodejs_heap_size_used` from /metrics at the same',
    'moments. Kernel socket buffers are not in RSS.',
    '',
    table(['deployment', '>RSS before → after', '>RSS per stream (target < 30 KiB)', '>heap per stream'], memoryRows),
    '',
    '**The ratios that matter:** p99 propagation against 50 ms on one replica and 100 ms across three; RSS per',
    'idle stream against 30 KiB.',
  ].join('\n') + profilingNote()
}
