/**
 * A fleet of real `@sluice/sdk` clients (`createClient`) in its own process (started with
 * child-script.ts), so 1,000 clients are read by an event loop that does nothing else.
 * Each client keeps its own undici Agent and stream, exactly as an application would.
 *
 * Times are `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms), the
 * machine's clock, which the parent reads the same way; `clock` lets it check the offset.
 *
 * Protocol (IPC, JSON):
 *   parent → { type: 'open', url, token, key, clients }
 *   fleet  → { type: 'opened', clients, seconds, fdLimit, on }     every client is ready;
 *             `on`: how many evaluate `key` on
 *   parent → { type: 'expect', id, enabled }    arm: wait until every client evaluates `key` so
 *   fleet  → { type: 'armed', id }
 *   fleet  → { type: 'reached', id, times, busyMs }   every client does; times[i] is when client
 *             i's `change` listener first saw `isEnabled(key) === enabled`; busyMs is how long the
 *             fleet's event loop was busy from arming to then (performance.eventLoopUtilization)
 *   parent → { type: 'clock', parentAt }  →  fleet → { type: 'clock', parentAt, fleetAt }
 *   parent → { type: 'stats' }  →  fleet → { type: 'stats', errors, disconnects, reconnects, firstError, rss }
 *   parent → { type: 'profile', file? }  without `file`: start a CPU profile of this process; with
 *             it: stop and write it there  →  fleet → { type: 'profiled' }
 *   fleet  → { type: 'failed', message }
 *   parent → { type: 'close' }  (closes every client, then exits)
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { performance } from 'node:perf_hooks'
import { createClient, type SluiceClient } from '../../../sdks/node/src/index.js'
import { openFileLimit, rssBytes } from './proc.js'

const OPEN_BATCH = 50
const READY_TIMEOUT_MS = 30_000

const now = () => performance.timeOrigin + performance.now()

interface Waiter {
  id: number
  enabled: boolean
  times: number[]
  count: number
  /** Event-loop utilisation when armed: the fleet's busy time until every client has the change. */
  elu: ReturnType<typeof performance.eventLoopUtilization>
}

let key = ''
const clients: SluiceClient[] = []
let waiter: Waiter | undefined
let errors = 0
let disconnects = 0
let reconnects = 0
let firstError: string | undefined

const send = (message: Record<string, unknown>) => process.send!(message)
const fail = (message: string) => send({ type: 'failed', message })

const logger = {
  warn: (...args: unknown[]) => note(args),
  error: (...args: unknown[]) => note(args),
}

function note(args: unknown[]): void {
  errors++
  firstError ??= args.map(String).join(' ')
}

function onChange(index: number, client: SluiceClient, changedKey: string | undefined): void {
  const at = now()
  const w = waiter
  if (!w || changedKey !== key || !Number.isNaN(w.times[index]!)) return
  if (client.isEnabled(key) !== w.enabled) return
  w.times[index] = at
  if (++w.count === clients.length) {
    waiter = undefined
    send({ type: 'reached', id: w.id, times: w.times, busyMs: performance.eventLoopUtilization(w.elu).active })
  }
}

async function openAll(url: string, token: string, count: number): Promise<void> {
  const fdLimit = openFileLimit()
  if (fdLimit < count + 200) throw new Error(`ulimit -n is ${fdLimit}; ${count} clients need more than ${count + 200} descriptors`)
  const started = now()
  for (let first = 0; first < count; first += OPEN_BATCH) {
    const batch: SluiceClient[] = []
    for (let i = first; i < Math.min(count, first + OPEN_BATCH); i++) {
      const client = createClient({ url, sdkKey: token, logger })
      const index = i
      client.on('change', (change) => onChange(index, client, 'key' in change ? change.key : undefined))
      client.on('error', (err) => note([err.message]))
      client.on('disconnected', () => disconnects++)
      client.on('reconnected', () => reconnects++)
      clients.push(client)
      batch.push(client)
    }
    await Promise.all(batch.map((c) => c.ready({ timeoutMs: READY_TIMEOUT_MS })))
  }
  const on = clients.filter((c) => c.isEnabled(key)).length
  send({ type: 'opened', clients: clients.length, seconds: (now() - started) / 1000, fdLimit, on })
}

let session: Session | undefined

function profile(file: string | undefined): void {
  const done = () => send({ type: 'profiled' })
  if (file === undefined) {
    session = new Session()
    session.connect()
    session.post('Profiler.enable', () =>
      session!.post('Profiler.setSamplingInterval', { interval: 100 }, () => session!.post('Profiler.start', done)),
    )
    return
  }
  session!.post('Profiler.stop', (err, result) => {
    if (err) fail(`profile: ${err.message}`)
    else writeFileSync(file, JSON.stringify(result.profile))
    session!.disconnect()
    done()
  })
}

process.on('message', (message: { type: string; [field: string]: unknown }) => {
  switch (message.type) {
    case 'open':
      key = message.key as string
      openAll(message.url as string, message.token as string, message.clients as number).catch((err: Error) => fail(`opening clients: ${err.message}`))
      break
    case 'expect': {
      const enabled = message.enabled as boolean
      const already = clients.filter((c) => c.isEnabled(key) === enabled).length
      if (already > 0) fail(`${already} clients already evaluate ${key} ${enabled ? 'on' : 'off'} before the change`)
      waiter = { id: message.id as number, enabled, times: new Array<number>(clients.length).fill(Number.NaN), count: 0, elu: performance.eventLoopUtilization() }
      send({ type: 'armed', id: message.id })
      break
    }
    case 'clock':
      send({ type: 'clock', parentAt: message.parentAt, fleetAt: now() })
      break
    case 'stats':
      send({ type: 'stats', errors, disconnects, reconnects, firstError: firstError ?? null, rss: rssBytes(process.pid) })
      break
    case 'profile':
      profile(message.file as string | undefined)
      break
    case 'close':
      void Promise.allSettled(clients.map((c) => c.close())).then(() => process.exit(0))
      break
  }
})
process.once('disconnect', () => process.exit(0))
