/**
 * A fleet of SSE clients in its own process (started with child-script.ts), so 1,000
 * streams are read by an event loop that does nothing else.
 *
 * Protocol (IPC, JSON):
 *   parent → { type: 'open', targets: [{ url, count, group? }], token, key }
 *   fleet  → { type: 'targets', target: number[] }   the target index of each client
 *   fleet  → { type: 'opened', clients }   every client has its snapshot
 *   fleet  → { type: 'received', group, version, times: number[], busyNs, frame }  every
 *             client of `group` has `key` at `version`; times[i] is when client i read it, as
 *             process.hrtime in ns (CLOCK_MONOTONIC, the same clock in every process on the
 *             machine), NaN for clients of other groups; busyNs is how long this process
 *             spent in the socket callbacks that read that version; frame is the event as one
 *             client read it, bytes for bytes
 *   fleet  → { type: 'failed', message }
 *   parent → { type: 'close' }
 *
 * A group is the set of clients an update is for: targets without one share the group ''
 * (replicas of one deployment), and a floor server fed the same frames gets its own, so one
 * fleet can hold the clients of both and tell their copies of a version apart. Several
 * fleets may run at once, each with its share of the clients.
 *
 * SSE is parsed minimally: events split on a blank line, `event:`, `id:` and `data:` lines.
 * The receive time is taken when the chunk arrives, before any parsing.
 */
import http from 'node:http'

interface Target {
  url: string
  count: number
  group?: string
}

interface Client {
  index: number
  group: string
  buffer: string
  lastId: number
  snapshot: boolean
  response?: http.IncomingMessage
  request?: http.ClientRequest
}

const OPEN_CONCURRENCY = 100

let key = ''
let total = 0
let ready = 0
const clients: Client[] = []
/** Clients per group. */
const groupSize = new Map<string, number>()
/** Per group, per version: who has read it so far. */
const byVersion = new Map<string, { times: number[]; count: number; busyNs: number; frame: string }>()

const versionKey = (group: string, version: number) => `${group}\0${version}`

function fail(message: string): void {
  process.send!({ type: 'failed', message })
}

/** Handles one event; returns the version of `key` it carried, if any. */
function onEvent(client: Client, block: string, now: number): number | undefined {
  let event = 'message'
  let id: number | undefined
  let data = ''
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7)
    else if (line.startsWith('id: ')) id = Number(line.slice(4))
    else if (line.startsWith('data: ')) data = line.slice(6)
  }
  if (id !== undefined) {
    if (id <= client.lastId && event !== 'snapshot') fail(`client ${client.index} got seq ${id} after ${client.lastId}`)
    client.lastId = id
  }
  if (event === 'snapshot') {
    if (!client.snapshot) {
      client.snapshot = true
      if (++ready === total) process.send!({ type: 'opened', clients: total })
    }
    return undefined
  }
  if (event !== 'flag.upserted') return undefined
  const flag = JSON.parse(data) as { key: string; version: number }
  if (flag.key !== key) return undefined
  const at = versionKey(client.group, flag.version)
  let entry = byVersion.get(at)
  if (!entry) byVersion.set(at, (entry = { times: new Array<number>(total).fill(Number.NaN), count: 0, busyNs: 0, frame: `${block}\n\n` }))
  if (Number.isNaN(entry.times[client.index])) {
    entry.times[client.index] = now
    entry.count++
  }
  return flag.version
}

function onChunk(client: Client, chunk: string): void {
  const now = Number(process.hrtime.bigint())
  client.buffer += chunk
  let version: number | undefined
  let end: number
  while ((end = client.buffer.indexOf('\n\n')) >= 0) {
    const block = client.buffer.slice(0, end)
    client.buffer = client.buffer.slice(end + 2)
    version = onEvent(client, block, now) ?? version
  }
  if (version === undefined) return
  const at = versionKey(client.group, version)
  const entry = byVersion.get(at)!
  entry.busyNs += Number(process.hrtime.bigint()) - now
  if (entry.count === groupSize.get(client.group)) {
    process.send!({ type: 'received', group: client.group, version, times: entry.times, busyNs: entry.busyNs, frame: entry.frame })
    byVersion.delete(at)
  }
}

function open(client: Client, target: URL, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: '/api/v1/sdk/stream',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream answered ${response.statusCode}`))
          response.resume()
          return
        }
        client.response = response
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => onChunk(client, chunk))
        response.on('end', () => fail(`client ${client.index}: the server ended the stream`))
        resolve()
      },
    )
    client.request = request
    request.on('error', (err) => {
      if (client.response) fail(`client ${client.index}: ${err.message}`)
      else reject(err)
    })
    request.end()
  })
}

async function openAll(targets: Target[], token: string): Promise<void> {
  const plan: Array<{ client: Client; url: URL }> = []
  const targetOf: number[] = []
  targets.forEach((target, t) => {
    const group = target.group ?? ''
    groupSize.set(group, (groupSize.get(group) ?? 0) + target.count)
    for (let i = 0; i < target.count; i++) {
      const client: Client = { index: plan.length, group, buffer: '', lastId: 0, snapshot: false }
      clients.push(client)
      plan.push({ client, url: new URL(target.url) })
      targetOf.push(t)
    }
  })
  total = plan.length
  let next = 0
  const worker = async () => {
    while (next < plan.length) {
      const { client, url } = plan[next++]!
      await open(client, url, token)
    }
  }
  process.send!({ type: 'targets', target: targetOf })
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker))
}

process.on('message', (message: { type: string; targets?: Target[]; token?: string; key?: string }) => {
  if (message.type === 'open') {
    key = message.key!
    openAll(message.targets!, message.token!).catch((err: Error) => fail(`opening streams: ${err.message}`))
  } else if (message.type === 'close') {
    for (const client of clients) client.request?.destroy()
    process.exit(0)
  }
})
process.once('disconnect', () => process.exit(0))
