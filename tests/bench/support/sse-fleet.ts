/**
 * A fleet of SSE clients in its own process (started with child-script.ts), so 1,000
 * streams are read by an event loop that does nothing else.
 *
 * Protocol (IPC, JSON):
 *   parent → { type: 'open', targets: [{ url, count }], token, key }
 *   fleet  → { type: 'opened', clients, target: number[] }   every client has its snapshot
 *   fleet  → { type: 'received', version, times: number[], busyNs }  every client has `key`
 *             at `version`; times[i] is when client i read it, as process.hrtime in ns
 *             (CLOCK_MONOTONIC, the same clock in every process on the machine); busyNs is
 *             how long this process spent in the socket callbacks that read that version
 *   fleet  → { type: 'failed', message }
 *   parent → { type: 'close' }
 *
 * SSE is parsed minimally: events split on a blank line, `event:`, `id:` and `data:` lines.
 * The receive time is taken when the chunk arrives, before any parsing.
 */
import http from 'node:http'

interface Target {
  url: string
  count: number
}

interface Client {
  index: number
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
const byVersion = new Map<number, { times: number[]; count: number; busyNs: number }>()

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
  let entry = byVersion.get(flag.version)
  if (!entry) byVersion.set(flag.version, (entry = { times: new Array<number>(total).fill(Number.NaN), count: 0, busyNs: 0 }))
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
  const entry = byVersion.get(version)!
  entry.busyNs += Number(process.hrtime.bigint()) - now
  if (entry.count === total) {
    process.send!({ type: 'received', version, times: entry.times, busyNs: entry.busyNs })
    byVersion.delete(version)
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
    for (let i = 0; i < target.count; i++) {
      const client: Client = { index: plan.length, buffer: '', lastId: 0, snapshot: false }
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
