/**
 * A small round-robin HTTP load balancer on loopback, standing in for the HAProxy of
 * docker/compose.yaml in tests: the same behaviour that matters to Sluice, in a few lines of
 * node:http.
 *
 * - Round-robin over the upstreams, skipping any marked down.
 * - Passive health check: an upstream that refuses a connection is marked down for
 *   `downForMs` and the request goes to the next one (nothing was sent, so any method is safe
 *   to retry). So is a reset of a reused keep-alive socket, which the upstream closed first.
 * - A 503 from an upstream is retried on the next one, like HAProxy's `retry-on 503`: Sluice
 *   answers 503 only when it did not run the request (a replica shutting down, or /readyz).
 * - Responses stream through as they arrive, never buffered: Server-Sent Events flow, and the
 *   stream ends for the client when it ends upstream. Request bodies are buffered (they are
 *   small) so a request can be re-sent to another upstream.
 * - Headers pass through (`Last-Event-ID`, `X-Request-Id`, `Authorization`); hop-by-hop ones
 *   are dropped; `X-Forwarded-*` are added, and an `X-Request-Id` when the caller sent none.
 *
 * Every exchange is recorded (`log`), with the event types of a text/event-stream response as
 * they pass, so tests can tell which replica served what and whether a resumed stream replayed
 * or started over with a snapshot.
 */
import { randomUUID } from 'node:crypto'
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Exchange {
  method: string
  url: string
  /** The upstream that answered (after any retries), or undefined when none did. */
  upstream?: string
  /** Upstreams tried and skipped for this request, with why. */
  skipped: Array<{ upstream: string; reason: string }>
  status?: number
  /** The headers sent upstream (the client's end-to-end ones plus what the balancer adds). */
  requestHeaders: OutgoingHttpHeaders
  responseHeaders?: IncomingHttpHeaders
  /** For text/event-stream responses: `event:` names in the order they passed through. */
  events: string[]
  /** Set once the response has ended (cleanly or not). */
  ended: boolean
}

export interface LoadBalancer {
  url: string
  port: number
  upstreams: readonly string[]
  log: Exchange[]
  /** Whether the passive check currently skips this upstream. */
  isDown(upstream: string): boolean
  close(): Promise<void>
}

export interface LoadBalancerOptions {
  /** How long an upstream that refused a connection is skipped. Default 2 000 ms. */
  downForMs?: number
  /** Request bodies beyond this are answered 413. Default 2 MiB (the service takes 1 MiB). */
  maxBodyBytes?: number
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
  return out
}

/** Errors after which the request certainly did not reach the application. */
function notDelivered(err: NodeJS.ErrnoException, reusedSocket: boolean): boolean {
  if (err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return true
  // Node's documented retry case: the upstream closed an idle keep-alive socket as we reused it.
  return reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export async function startLoadBalancer(upstreams: string[], options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  if (upstreams.length === 0) throw new Error('a load balancer needs at least one upstream')
  const downForMs = options.downForMs ?? 2_000
  const maxBodyBytes = options.maxBodyBytes ?? 2 * 1024 * 1024
  const targets = upstreams.map((u) => new URL(u))
  const downUntil = new Map<string, number>()
  const agent = new http.Agent({ keepAlive: true })
  const log: Exchange[] = []
  const sockets = new Set<Socket>()
  let next = 0

  const isDown = (upstream: string) => (downUntil.get(upstream) ?? 0) > Date.now()

  /** The upstreams in the order this request should try them: round-robin, live ones first. */
  function order(): URL[] {
    const start = next++ % targets.length
    const rotated = [...targets.slice(start), ...targets.slice(0, start)]
    return [...rotated.filter((t) => !isDown(t.origin)), ...rotated.filter((t) => isDown(t.origin))]
  }

  type Attempt = { kind: 'response'; res: IncomingMessage } | { kind: 'undelivered'; reason: string } | { kind: 'failed'; reason: string }

  function attempt(target: URL, req: IncomingMessage, headers: OutgoingHttpHeaders, body: Buffer, clientGone: AbortSignal): Promise<Attempt> {
    return new Promise((resolve) => {
      const upstreamReq = http.request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, host: target.host, ...(body.length > 0 ? { 'content-length': String(body.length) } : {}) },
        agent,
        signal: clientGone,
      })
      upstreamReq.once('response', (res) => resolve({ kind: 'response', res }))
      upstreamReq.once('error', (err: NodeJS.ErrnoException) => {
        const reason = err.code ?? err.message
        resolve(notDelivered(err, upstreamReq.reusedSocket) ? { kind: 'undelivered', reason } : { kind: 'failed', reason })
      })
      upstreamReq.end(body)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange: Exchange = { method: req.method ?? 'GET', url: req.url ?? '/', skipped: [], requestHeaders: {}, events: [], ended: false }
    log.push(exchange)
    const body = await readBody(req, maxBodyBytes)
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large\n')
      return
    }
    const clientGone = new AbortController()
    res.once('close', () => {
      exchange.ended = true
      if (!res.writableFinished) clientGone.abort()
    })

    const headers = endToEnd(req.headers)
    headers['x-request-id'] ??= randomUUID()
    const peer = req.socket.remoteAddress ?? ''
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${peer}` : peer
    headers['x-forwarded-proto'] = 'http'
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host
    exchange.requestHeaders = headers

    const candidates = order()
    for (const [i, target] of candidates.entries()) {
      const last = i === candidates.length - 1
      const result = await attempt(target, req, headers, body, clientGone.signal)
      if (clientGone.signal.aborted) {
        if (result.kind === 'response') result.res.destroy()
        return
      }
      if (result.kind === 'undelivered') {
        downUntil.set(target.origin, Date.now() + downForMs)
        exchange.skipped.push({ upstream: target.origin, reason: result.reason })
        continue
      }
      if (result.kind === 'failed') {
        // It may have reached the application: never re-sent. 502, as a proxy does.
        exchange.skipped.push({ upstream: target.origin, reason: result.reason })
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream ${target.origin} failed: ${result.reason}\n`)
        return
      }
      const upstreamRes = result.res
      if (upstreamRes.statusCode === 503 && !last) {
        upstreamRes.resume()
        exchange.skipped.push({ upstream: target.origin, reason: '503' })
        continue
      }
      relay(exchange, target.origin, upstreamRes, res)
      return
    }
    res.writeHead(502, { 'content-type': 'text/plain' }).end('no upstream accepted the connection\n')
  }

  function relay(exchange: Exchange, upstream: string, upstreamRes: IncomingMessage, res: ServerResponse): void {
    exchange.upstream = upstream
    exchange.status = upstreamRes.statusCode
    exchange.responseHeaders = upstreamRes.headers
    const sse = String(upstreamRes.headers['content-type'] ?? '').startsWith('text/event-stream')
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, endToEnd(upstreamRes.headers))
    if (sse) {
      // Long-lived: no idle timeout on the client side, no Nagle delay on small frames.
      res.socket?.setTimeout(0)
      res.socket?.setNoDelay(true)
      res.flushHeaders()
      let partial = ''
      upstreamRes.on('data', (chunk: Buffer) => {
        // A tap only: the chunk itself is forwarded untouched by pipe() below.
        const lines = (partial + chunk.toString('utf8')).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) if (line.startsWith('event:')) exchange.events.push(line.slice(6).trim())
      })
    }
    upstreamRes.pipe(res)
    // The upstream went away mid-response (a replica killed): the client must see a broken
    // response, not a clean end, exactly as behind a real proxy.
    upstreamRes.once('error', () => res.destroy())
    upstreamRes.once('close', () => {
      if (!upstreamRes.complete) res.destroy()
    })
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`load balancer error: ${String(err)}\n`)
      else res.destroy()
    })
  })
  // Streams live for as long as the client reads them; requests are small.
  server.requestTimeout = 30_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    upstreams: targets.map((t) => t.origin),
    log,
    isDown,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      agent.destroy()
      await closed
    },
  }
}
