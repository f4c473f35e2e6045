/**
 * Rollback latency to 1,000 SDK clients.
 *
 * 1,000 real `@sluice/sdk` clients (`createClient`, one sdk token) run in a separate process
 * (support/sdk-fleet.ts) against one replica. A boolean flag is on; this process sends
 * POST /api/v1/admin/rollbacks/feature-flag and, for every (client, rollback) pair, takes
 *   latency = when the client's `change` listener sees isEnabled(key) === false
 *             − when the rollback request was sent
 * on the machine's clock (`performance.timeOrigin + performance.now()` in both processes).
 * Between rounds the flag is re-enabled (PUT { enabled: true }) and every client is waited
 * for. It is the whole path an operator cares about: the rollback transaction, the change
 * bus, the fan-out to 1,000 streams, and each SDK parsing and applying the event.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { createFlag, createSdkToken, rollbackFlag, updateFlag } from './support/admin-client.js'
import { startScript, type ChildMessage, type ScriptProcess } from './support/child-script.js'
import { int, ms, table } from './support/format.js'
import { cpuMs, openFileLimit } from './support/proc.js'
import { PROFILE_DIR, profiled, profilingNote, profilingOptions } from './support/profiling.js'
import { openStreams } from './support/service-probe.js'
import { startEmbedded, startPostgres, type BenchDeployment } from './support/services.js'
import { median, Samples, summarize } from './support/stats.js'

const CLIENTS = 1_000
const WARMUP_ROUNDS = 2
const ROUNDS = 10
const TIMEOUT_MS = 15_000
const SEED_TARGET_MS = 1_000
const TARGET_P99_MS = 100

const now = () => performance.timeOrigin + performance.now()

interface Round {
  /** The rollback's own durationMs (request received → rollback written), from the API. */
  durationMs: number
  /** Request sent → answer read, in this process. */
  answered: number
  firstClient: number
  lastClient: number
  /** The fleet's event loop busy time from arming to the last client (its own share of first → last). */
  fleetBusy: number
  /** Re-enable: PUT sent → last client sees the flag on again. */
  reenableLast: number
}

interface Outcome {
  label: string
  latencies: Samples
  reenable: Samples
  rounds: Round[]
  openSeconds: number
  /** Bound on the clock offset between the two processes, from IPC round trips (ms). */
  clockOffset: { offset: number; rtt: number }
  serverCpuMsPerRound: number
  fleet: { errors: number; disconnects: number; reconnects: number; firstError: string | null; rss: number }
  fdLimit: number
}

/** Offset of the fleet's clock from this one's, from the IPC round trip with the smallest delay. */
async function clockOffset(fleet: ScriptProcess): Promise<{ offset: number; rtt: number }> {
  let best = { offset: Number.NaN, rtt: Number.POSITIVE_INFINITY }
  for (let i = 0; i < 20; i++) {
    const reply = fleet.next<ChildMessage & { parentAt: number; fleetAt: number }>('clock')
    fleet.send({ type: 'clock', parentAt: now() })
    const { parentAt, fleetAt } = await reply
    const rtt = now() - parentAt
    if (rtt < best.rtt) best = { offset: fleetAt - (parentAt + rtt / 2), rtt }
  }
  return best
}

/** Arms the fleet for `enabled`, runs `change`, and resolves with every client's time. */
async function expectChange<T>(fleet: ScriptProcess, id: number, enabled: boolean, change: () => Promise<T>): Promise<{ result: T; sentAt: number; answeredAt: number; times: number[]; busyMs: number }> {
  const armed = fleet.next('armed', TIMEOUT_MS)
  const reached = fleet.next<ChildMessage & { id: number; times: number[]; busyMs: number }>('reached', TIMEOUT_MS)
  fleet.send({ type: 'expect', id, enabled })
  await armed
  const sentAt = now()
  const result = await change()
  const answeredAt = now()
  const { times, busyMs } = await reached.catch((err: Error) => {
    throw new Error(`not every client saw the flag ${enabled ? 'on' : 'off'}: ${err.message}`)
  })
  return { result, sentAt, answeredAt, times, busyMs }
}

async function run(deployment: BenchDeployment): Promise<Outcome> {
  const service = deployment.replicas[0]!
  const key = `bench_rollback_${randomBytes(4).toString('hex')}`
  await createFlag(service.url, { key, name: 'Bench rollback', type: 'boolean', enabled: true })
  const token = await createSdkToken(service.url, 'bench-rollback')

  const fleet = startScript('sdk-fleet.ts')
  let failure: Error | undefined
  fleet.on<ChildMessage & { message: string }>('failed', (m) => (failure ??= new Error(`sdk fleet: ${m.message}`)))
  try {
    const opened = fleet.next<ChildMessage & { clients: number; seconds: number; fdLimit: number; on: number }>('opened', 120_000)
    fleet.send({ type: 'open', url: service.url, token, key, clients: CLIENTS })
    const open = await opened.catch((err: Error) => {
      throw failure ?? err
    })
    if (open.on !== CLIENTS) throw new Error(`${deployment.label}: only ${open.on} of ${CLIENTS} ready clients see ${key} on`)
    const streams = await openStreams(service)
    // One token, well under the per-token limit of 5,000 streams per replica; every client holds exactly one.
    if (streams !== CLIENTS) throw new Error(`${deployment.label}: the replica reports ${streams} open streams, expected ${CLIENTS}`)
    const clock = await clockOffset(fleet)

    const outcome: Outcome = {
      label: deployment.label,
      latencies: new Samples(),
      reenable: new Samples(),
      rounds: [],
      openSeconds: open.seconds,
      clockOffset: clock,
      serverCpuMsPerRound: Number.NaN,
      fleet: { errors: 0, disconnects: 0, reconnects: 0, firstError: null, rss: 0 },
      fdLimit: open.fdLimit,
    }
    let id = 0
    let cpu0 = 0
    // When profiling, the fleet profiles itself too: where the SDK side of the latency goes.
    const fleetProfile = PROFILE_DIR && path.join(PROFILE_DIR, `rollback-fleet-${deployment.label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`)
    if (fleetProfile) {
      const started = fleet.next('profiled')
      fleet.send({ type: 'profile' })
      await started
    }
    await profiled('rollback', [{ name: deployment.label, service }], async () => {
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        if (round === WARMUP_ROUNDS) cpu0 = cpuMs(service.child.pid!)
        const off = await expectChange(fleet, ++id, false, () => rollbackFlag(service.url, key, `bench round ${round}`))
        if (failure) throw failure
        await sleep(50)
        const on = await expectChange(fleet, ++id, true, () => updateFlag(service.url, key, { enabled: true }))
        if (failure) throw failure
        if (round < WARMUP_ROUNDS) continue
        let first = Number.POSITIVE_INFINITY
        let last = 0
        for (const at of off.times) {
          outcome.latencies.push(at - off.sentAt)
          first = Math.min(first, at)
          last = Math.max(last, at)
        }
        let reenableLast = 0
        for (const at of on.times) {
          outcome.reenable.push(at - on.sentAt)
          reenableLast = Math.max(reenableLast, at - on.sentAt)
        }
        outcome.rounds.push({
          durationMs: off.result.durationMs,
          answered: off.answeredAt - off.sentAt,
          firstClient: first - off.sentAt,
          lastClient: last - off.sentAt,
          fleetBusy: off.busyMs,
          reenableLast,
        })
        await sleep(100 + Math.random() * 100)
      }
    })
    if (fleetProfile) {
      const written = fleet.next('profiled')
      fleet.send({ type: 'profile', file: fleetProfile })
      await written
      process.stdout.write(`cpu profile: ${fleetProfile}\n`)
    }
    // Two changes per round (the rollback and the re-enable).
    outcome.serverCpuMsPerRound = (cpuMs(service.child.pid!) - cpu0) / ROUNDS
    const stats = fleet.next<ChildMessage & Outcome['fleet']>('stats')
    fleet.send({ type: 'stats' })
    outcome.fleet = await stats
    if (outcome.fleet.disconnects > 0) throw new Error(`${deployment.label}: ${outcome.fleet.disconnects} SDK streams dropped during the run (${outcome.fleet.firstError})`)
    const after = await openStreams(service)
    if (after !== CLIENTS) throw new Error(`${deployment.label}: ${after} streams open after the run, expected ${CLIENTS}`)
    return outcome
  } finally {
    fleet.send({ type: 'close' })
    await fleet.stop()
  }
}

export default async function rollbackLatency(): Promise<{ title: string; markdown: string }> {
  const limit = openFileLimit()
  if (limit < CLIENTS + 200) throw new Error(`ulimit -n is ${limit}; the SDK fleet needs more than ${CLIENTS + 200} descriptors`)
  const outcomes: Outcome[] = []
  // One deployment at a time, so they do not compete for the cores.
  for (const start of [() => startPostgres(1, 'rollback', profilingOptions()), () => startEmbedded(profilingOptions())]) {
    const deployment = await start()
    try {
      outcomes.push(await run(deployment))
    } finally {
      await deployment.close()
    }
  }
  return { title: 'Rollback latency to 1,000 SDK clients', markdown: render(outcomes) }
}

function render(outcomes: Outcome[]): string {
  const rows = outcomes.map((o) => {
    const s = summarize(o.latencies.values())
    return [
      o.label,
      int(s.count),
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
      `< ${SEED_TARGET_MS.toLocaleString('en-US')} ${s.max < SEED_TARGET_MS ? '✓' : '✗'}`,
      `< ${TARGET_P99_MS} ${s.p99 < TARGET_P99_MS ? '✓' : '✗'}`,
      ms(median(o.rounds.map((r) => r.durationMs))),
      ms(median(o.rounds.map((r) => r.answered))),
      ms(median(o.rounds.map((r) => r.firstClient))),
      ms(median(o.rounds.map((r) => r.lastClient - r.firstClient))),
      ms(median(o.rounds.map((r) => r.fleetBusy))),
      ms(Math.max(...o.rounds.map((r) => r.lastClient))),
    ]
  })
  const reenableRows = outcomes.map((o) => {
    const s = summarize(o.reenable.values())
    return [o.label, ms(s.p50), ms(s.p99), ms(s.max), int(o.serverCpuMsPerRound), `${o.openSeconds.toFixed(1)} s`, ms(o.clockOffset.offset), ms(o.clockOffset.rtt), `${(o.fleet.rss / 2 ** 20).toFixed(0)} MiB`, int(o.fleet.errors)]
  })
  return [
    `${CLIENTS.toLocaleString('en-US')} real SDK clients (\`createClient\` from sdks/node, each with its own undici Agent and stream, one sdk`,
    `token, well under the 5,000-streams-per-token limit; the replica's \`sluice_sse_clients\` gauge was checked at ${CLIENTS.toLocaleString('en-US')}`,
    `before and after) run in a separate Node.js process (ulimit -n ${outcomes[0]?.fdLimit ?? '–'}). A boolean flag is on for all of them. Each round`,
    'sends `POST /admin/rollbacks/feature-flag` and waits until every client\'s `change` listener sees `isEnabled(key) === false`,',
    `then re-enables the flag (\`PUT { enabled: true }\`) and waits until every client sees it on; ${ROUNDS} measured rounds after ${WARMUP_ROUNDS}`,
    'warm-up rounds. Latency of a (client, round) pair = when that client\'s listener ran − when the rollback request was',
    'sent, both `performance.timeOrigin + performance.now()` (the machine\'s clock, read in both processes). It covers the',
    'rollback transaction, the change bus, fan-out to 1,000 streams, and every SDK parsing and applying the event, with',
    '1,000 clients sharing one event loop (first → last client is mostly that loop working through 1,000 sockets).',
    `Targets: every client off within ${SEED_TARGET_MS.toLocaleString('en-US')} ms (seed), p99 under ${TARGET_P99_MS} ms (ours). With ${ROUNDS} rounds, the p99 over pairs is`,
    'set by the slowest round, so it is shown too.',
    '',
    table(
      ['deployment', '>pairs', '>p50 ms', '>p99 ms', '>max ms', 'seed: max', 'target p99', '>rollback durationMs (API)', '>request answered', '>first client', '>first→last client', '>fleet process busy', '>slowest round, last client'],
      rows,
    ),
    '',
    'Medians over rounds unless stated. `durationMs` is what the rollback record says: from the request reaching the',
    'handler to the rollback row written, inside the transaction (before commit and fan-out). "Fleet process busy" is',
    'the fleet\'s event-loop active time (`performance.eventLoopUtilization`) from arming to the last client: the SDK',
    'work of 1,000 clients done one after another on one thread, which in production is spread over 1,000 processes.',
    '',
    table(['deployment', '>re-enable p50 ms', '>p99 ms', '>max ms', '>server CPU ms per round (2 changes)', '>1,000 clients ready in', '>clock offset ms', '>± (IPC rtt) ms', '>fleet RSS', '>SDK errors logged'], reenableRows),
    '',
    'The clock offset between the two processes is estimated from the fastest of 20 IPC round trips (fleet clock −',
    'midpoint of the round trip); it is far below the latencies measured, so the two clocks can be compared.',
  ].join('\n') + profilingNote()
}
