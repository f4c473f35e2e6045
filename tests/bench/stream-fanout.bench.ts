/**
 * 10,000 stream clients on one replica, against the floor: a bare node:http SSE server.
 *
 * One replica runs with STREAM_MAX_PER_TOKEN and STREAM_MAX_PER_REPLICA set to 10,000, and
 * 10,000 SSE clients with one sdk token hold GET /api/v1/sdk/stream open on it. The same number
 * of clients hold a stream open on the floor server (support/sse-floor-server.ts), which does
 * nothing but write the bytes it is handed to every stream. The clients run in FLEETS separate
 * processes (support/sse-fleet.ts), each holding an equal share of both sets, so the server
 * under test never shares its event loop with its readers and both servers are read by the same
 * processes at the same time.
 *
 * Updates alternate: a PUT /admin/feature-flags/:key to the replica, and once every client of
 * the replica has that version, the very frame they read is POSTed to the floor server, which
 * writes it to its clients. Latency of a (client, update) pair = when the client process read
 * the event − when the PUT (or the POST to the floor) was sent, on CLOCK_MONOTONIC. The target
 * is Sluice's p99 ≤ 2x the floor's p99 in the same run. Sluice's path includes the write
 * transaction, the change feed and serialising the change; the floor's does not.
 *
 * Memory per idle stream: RSS and heap of each server before the streams open and once all
 * are open and idle, both after a full GC, divided by the number of streams.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { createFlag, createSdkToken, updateFlag } from './support/admin-client.js'
import { startScript, type ChildMessage, type ScriptProcess } from './support/child-script.js'
import { int, kib, ms, ratio, table } from './support/format.js'
import { INSPECT_OPTION } from './support/inspector.js'
import { openFileLimit, rssBytes } from './support/proc.js'
import { openStreams, settledMemoryOf, warmStreams, type MemoryReading } from './support/service-probe.js'
import { oneAtATime, startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, Samples, summarize } from './support/stats.js'

const CLIENTS = 10_000
const FLEETS = 2
const WARMUP_UPDATES = 3
const UPDATES = 20
const SETTLE_MS = 2_000
const OPEN_TIMEOUT_MS = 120_000
const UPDATE_TIMEOUT_MS = 20_000
const TARGET_RATIO = 2
const TARGET_BYTES_PER_STREAM = 30 * 1024
const STREAM_LIMITS = { STREAM_MAX_PER_TOKEN: String(CLIENTS), STREAM_MAX_PER_REPLICA: String(CLIENTS) }

type Group = 'sluice' | 'floor'

/** One update, in ms from when its request was sent. */
interface UpdateTiming {
  answered: number
  firstClient: number
  lastClient: number
  /** Time the fleets spent in the socket callbacks that read this update, summed. */
  clientBusy: number
}

interface Side {
  latencies: Samples
  updates: UpdateTiming[]
  before: MemoryReading
  after: MemoryReading
}

interface Outcome {
  label: string
  sluice: Side
  floor: Side
  openSeconds: number
  /** What the replica answered to one stream more than its limits allow. */
  refused: string
  /** The 1-minute load average before and after the updates. */
  load: [number, number]
}

interface Received {
  group: Group
  version: number
  times: Array<number | null>
  busyNs: number
  frame: string
}

const now = () => Number(process.hrtime.bigint())

/** The fleets as one: open on all of them, and hear when all their clients of a group have a version. */
class Fleets {
  private readonly scripts: ScriptProcess[]
  private readonly arrived = new Map<string, Received[]>()
  private failure: Error | undefined

  constructor(count: number) {
    this.scripts = Array.from({ length: count }, () => startScript('sse-fleet.ts'))
    for (const script of this.scripts) {
      script.on<ChildMessage & { message: string }>('failed', (m) => (this.failure ??= new Error(`sse fleet: ${m.message}`)))
      script.on<ChildMessage & Received>('received', (m) => {
        const at = `${m.group}:${m.version}`
        this.arrived.set(at, [...(this.arrived.get(at) ?? []), m])
      })
    }
  }

  async open(sluiceUrl: string, floorUrl: string, token: string, key: string): Promise<void> {
    const share = CLIENTS / this.scripts.length
    const opened = this.scripts.map((script) => script.next('opened', OPEN_TIMEOUT_MS))
    for (const script of this.scripts) {
      const targets = [
        { url: sluiceUrl, count: share, group: 'sluice' },
        { url: floorUrl, count: share, group: 'floor' },
      ]
      script.send({ type: 'open', targets, token, key })
    }
    await Promise.all(opened)
  }

  /** Every fleet's receive times of `version` in `group` (ns), once all have it, and the frame read. */
  async receivedBy(group: Group, version: number): Promise<{ times: number[]; busyNs: number; frame: string }> {
    const at = `${group}:${version}`
    const deadline = Date.now() + UPDATE_TIMEOUT_MS
    while ((this.arrived.get(at)?.length ?? 0) < this.scripts.length) {
      if (this.failure) throw this.failure
      if (Date.now() > deadline) throw new Error(`${group}: version ${version} did not reach all ${CLIENTS} clients within ${UPDATE_TIMEOUT_MS} ms`)
      await sleep(1)
    }
    const parts = this.arrived.get(at)!
    this.arrived.delete(at)
    return {
      // Each fleet reports NaN (null in JSON) for its clients of the other group.
      times: parts.flatMap((p) => p.times.filter((t): t is number => t !== null)),
      busyNs: parts.reduce((sum, p) => sum + p.busyNs, 0),
      frame: parts[0]!.frame,
    }
  }

  async close(): Promise<void> {
    for (const script of this.scripts) script.send({ type: 'close' })
    await Promise.all(this.scripts.map((script) => script.stop()))
  }
}

interface Floor {
  url: string
  script: ScriptProcess
  memory(): Promise<MemoryReading>
}

/** The floor server, starting its streams with the replica's snapshot so both hold the same bytes. */
async function startFloor(replicaUrl: string, token: string): Promise<Floor> {
  const res = await request(`${replicaUrl}/api/v1/sdk/state`, { headers: { authorization: `Bearer ${token}` } })
  const snapshot = await res.body.text()
  const seq = String(res.headers.etag).replace(/\D/g, '')
  const script = startScript('sse-floor-server.ts', [`event: snapshot\nid: ${seq}\ndata: ${snapshot}\n\n`], ['--expose-gc'])
  const { port } = await script.next<ChildMessage & { port: number }>('listening')
  return {
    url: `http://127.0.0.1:${port}`,
    script,
    async memory() {
      const done = script.next<ChildMessage & { heapUsed: number }>('gc-done')
      script.send({ type: 'gc' })
      const { heapUsed } = await done
      return { rss: rssBytes(script.child.pid!), heapUsed }
    },
  }
}

/** The replica's answer to one stream past its limits: the status and the limit its message names. */
async function oneTooMany(url: string, token: string): Promise<string> {
  const res = await request(`${url}/api/v1/sdk/stream`, { headers: { authorization: `Bearer ${token}` } })
  const body = (await res.body.json()) as { message?: string }
  return `${res.statusCode} ${/STREAM_MAX_\w+=\d+/.exec(body.message ?? '')?.[0] ?? body.message}`
}

function record(side: Side, times: number[], sentAt: number, answeredAt: number, busyNs: number): void {
  let first = Number.POSITIVE_INFINITY
  let last = 0
  for (const at of times) {
    side.latencies.push((at - sentAt) / 1e6)
    first = Math.min(first, at)
    last = Math.max(last, at)
  }
  side.updates.push({ answered: (answeredAt - sentAt) / 1e6, firstClient: (first - sentAt) / 1e6, lastClient: (last - sentAt) / 1e6, clientBusy: busyNs / 1e6 })
}

async function broadcast(floorUrl: string, frame: string): Promise<void> {
  const res = await request(`${floorUrl}/broadcast`, { method: 'POST', body: frame })
  await res.body.dump()
  if (res.statusCode !== 204) throw new Error(`the floor server answered ${res.statusCode}`)
}

async function run(deployment: BenchDeployment): Promise<Outcome> {
  const service = deployment.replicas[0]!
  const key = `bench_fanout_${randomBytes(4).toString('hex')}`
  await createFlag(service.url, { key, name: 'Bench fan-out', type: 'percentage', enabled: true, percentage: 10 })
  const token = await createSdkToken(service.url, 'bench-fanout')
  const floor = await startFloor(service.url, token)
  const fleets = new Fleets(FLEETS)
  try {
    await warmStreams(service.url, token)
    await warmStreams(floor.url, token)
    await sleep(SETTLE_MS)
    const sluice: Side = { latencies: new Samples(), updates: [], before: await settledMemoryOf(service), after: { rss: 0, heapUsed: 0 } }
    const bare: Side = { latencies: new Samples(), updates: [], before: await floor.memory(), after: { rss: 0, heapUsed: 0 } }

    const t0 = now()
    await fleets.open(service.url, floor.url, token, key)
    const openSeconds = (now() - t0) / 1e9
    await sleep(SETTLE_MS)
    sluice.after = await settledMemoryOf(service)
    bare.after = await floor.memory()
    const streams = await openStreams(service)
    if (streams !== CLIENTS) throw new Error(`${deployment.label}: the replica reports ${streams} open streams, expected ${CLIENTS}`)
    const refused = await oneTooMany(service.url, token)

    const loadBefore = os.loadavg()[0]!
    for (let i = 0; i < WARMUP_UPDATES + UPDATES; i++) {
      const measured = i >= WARMUP_UPDATES
      let sentAt = now()
      const { version } = await updateFlag(service.url, key, { percentage: 11 + i })
      let answeredAt = now()
      const mine = await fleets.receivedBy('sluice', version)
      if (measured) record(sluice, mine.times, sentAt, answeredAt, mine.busyNs)
      await sleep(100 + Math.random() * 100)

      sentAt = now()
      await broadcast(floor.url, mine.frame)
      answeredAt = now()
      const floors = await fleets.receivedBy('floor', version)
      if (measured) record(bare, floors.times, sentAt, answeredAt, floors.busyNs)
      await sleep(100 + Math.random() * 100)
    }
    return { label: deployment.label, sluice, floor: bare, openSeconds, refused, load: [loadBefore, os.loadavg()[0]!] }
  } finally {
    await fleets.close()
    await floor.script.stop()
  }
}

export default async function streamFanout(): Promise<{ title: string; markdown: string }> {
  const limit = openFileLimit()
  if (limit < CLIENTS + 1_000) throw new Error(`ulimit -n is ${limit}; each server needs more than ${CLIENTS} sockets`)
  const options = { nodeOptions: [INSPECT_OPTION], env: STREAM_LIMITS }
  const outcomes = await oneAtATime([() => startEmbedded(options), () => startPostgres(1, 'fanout', options)], run)
  return { title: 'Change propagation to 10,000 stream clients vs a bare SSE server', markdown: render(outcomes, limit) }
}

function slowest(updates: UpdateTiming[]): string {
  const u = updates.reduce((a, b) => (b.lastClient > a.lastClient ? b : a))
  return `${ms(u.answered)} / ${ms(u.firstClient)} / ${ms(u.lastClient)}`
}

function latencyRow(name: string, side: Side): string[] {
  const s = summarize(side.latencies.values())
  return [
    name,
    int(s.count),
    ms(s.p50),
    ms(s.p99),
    ms(s.max),
    ms(median(side.updates.map((u) => u.answered))),
    ms(median(side.updates.map((u) => u.firstClient))),
    ms(median(side.updates.map((u) => u.lastClient - u.firstClient))),
    ms(median(side.updates.map((u) => u.clientBusy))),
    slowest(side.updates),
  ]
}

function memoryRow(name: string, side: Side): string[] {
  const perStream = (side.after.rss - side.before.rss) / CLIENTS
  return [
    name,
    `${(side.before.rss / 2 ** 20).toFixed(1)} → ${(side.after.rss / 2 ** 20).toFixed(1)} MiB`,
    kib(perStream),
    kib((side.after.heapUsed - side.before.heapUsed) / CLIENTS),
  ]
}

function render(outcomes: Outcome[], limit: number): string {
  const latencyRows = outcomes.flatMap((o) => [latencyRow(`${o.label}: Sluice`, o.sluice), latencyRow(`${o.label}: floor`, o.floor)])
  const verdicts = outcomes.map((o) => {
    const p99 = summarize(o.sluice.latencies.values()).p99 / summarize(o.floor.latencies.values()).p99
    const perStream = (o.sluice.after.rss - o.sluice.before.rss) / CLIENTS
    return [
      o.label,
      `${ratio(p99)} ${p99 <= TARGET_RATIO ? '✓' : '✗'}`,
      `${kib(perStream)} ${perStream < TARGET_BYTES_PER_STREAM ? '✓' : '✗'}`,
      `${o.openSeconds.toFixed(1)} s`,
      o.refused,
      `${o.load[0].toFixed(1)} → ${o.load[1].toFixed(1)}`,
    ]
  })
  const memoryRows = outcomes.flatMap((o) => [memoryRow(`${o.label}: Sluice`, o.sluice), memoryRow(`${o.label}: floor`, o.floor)])
  return [
    `${CLIENTS.toLocaleString('en-US')} SSE clients (one sdk token) on one replica started with \`STREAM_MAX_PER_TOKEN=${CLIENTS}\` and`,
    `\`STREAM_MAX_PER_REPLICA=${CLIENTS}\`, and ${CLIENTS.toLocaleString('en-US')} more on the floor: a bare \`node:http\` SSE server that writes the bytes it is`,
    `handed to every stream (support/sse-floor-server.ts). The clients run in ${FLEETS} separate Node.js processes on raw \`node:http\``,
    `sockets, each holding half of both sets (ulimit -n ${limit}), so each server has its event loop to itself and both are read`,
    `by the same processes. ${UPDATES} updates (after ${WARMUP_UPDATES} unmeasured), each in two steps 100–200 ms apart: PUT`,
    '/admin/feature-flags/:key with a new percentage to the replica, and once all its clients have that version, the frame they',
    'read, bytes for bytes, POSTed to the floor server. Latency of a (client, update) pair = when the client process read the',
    'event − when the request was sent, both on CLOCK_MONOTONIC; Sluice\'s includes its write transaction and change feed. The',
    'next four columns are medians over the updates, in ms: the request\'s round trip, request sent → first client read',
    'the event, first → last client, and the time the fleets spent in their socket callbacks for that update (summed).',
    '',
    table(['server', '>pairs', '>p50 ms', '>p99 ms', '>max ms', '>request answered', '>first client', '>first→last client', '>fleets busy', '>slowest update: answered / first / last client'], latencyRows),
    '',
    table(['deployment', `p99 Sluice ÷ floor (target ≤ ${TARGET_RATIO}x)`, 'RSS per idle stream (target < 30 KiB)', '>10,000 + 10,000 streams opened in', 'one stream more', `load average (1 min, ${os.cpus().length} cores) before → after the updates`], verdicts),
    '',
    'Memory per idle stream: each server\'s RSS (VmRSS from /proc) 2 s after 10 warm-up streams closed, then 2 s after all',
    `${CLIENTS.toLocaleString('en-US')} of its streams are open and idle, each reading after a full GC (the replica’s through its inspector, the`,
    'floor\'s with `--expose-gc`); heap is `nodejs_heap_size_used` (the floor\'s `heapUsed`) at the same moments. Kernel socket',
    'buffers are not in RSS.',
    '',
    table(['server', '>RSS before → after', '>RSS per stream', '>heap per stream'], memoryRows),
    '',
    '**The ratios that matter:** Sluice\'s p99 against the floor\'s in the same run (2x), and RSS per idle stream against',
    '30 KiB. Both servers\' first → last client is mostly the fleets reading 10,000 sockets on cores they share with the',
    'servers, so the absolute latencies say more about the machine than about either server.',
  ].join('\n')
}
