/**
 * A stand-in for the control plane's SDK endpoints, speaking the wire contract over real HTTP
 * on loopback: `GET /api/v1/sdk/stream` (retry, snapshot, then events; replay after
 * `Last-Event-ID`, or a fresh snapshot when it is older than the retained log),
 * `GET /api/v1/sdk/state` (JSON, ETag, 304) and `POST /api/v1/sdk/outcomes` (validated as
 * the service validates it, plus the `chaos` counts field). Tests drive it: publish changes,
 * drop streams, answer the next requests with a status, write raw bytes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import {
  type Canary,
  type ChaosRule,
  type Flag,
  isSketchIndex,
  LATENCY_BUCKET_COUNT,
  MAX_ITEM_REQUESTS,
  MAX_OUTCOME_BATCH_ITEMS,
  mergeSketch,
  type Snapshot,
} from '@sluice/core'

export const SDK_KEY = 'sdk_test_4f9c2e7b1a'

export interface LoggedEvent {
  seq: number
  type: string
  data: Record<string, unknown>
}

export interface RecordedRequest {
  path: string
  headers: IncomingMessage['headers']
  at: number
}

export type Override = (req: IncomingMessage, res: ServerResponse) => void

export interface WireOutcomeItem {
  flagKey: string
  side: 'canary' | 'baseline'
  requests: number
  errors: number
  latencyMsSum: number
  latencyBuckets?: number[]
  latencySketch?: Record<string, number>
  canaryId?: string
}

export interface OutcomesBody {
  items: WireOutcomeItem[]
  chaos?: { ruleId: string; injected: number }[]
}

export interface OutcomeTotals {
  requests: number
  errors: number
  latencyMsSum: number
  latencySketch: Record<string, number>
}

export interface FakeOptions {
  /** The `retry:` line sent on connect. */
  retryMs?: number
  /** Send `: ping` this often on open streams (off by default). */
  pingMs?: number
  flags?: Flag[]
  canaries?: Canary[]
  chaosRules?: ChaosRule[]
  seq?: number
  /** Whether `POST /sdk/outcomes` takes the `chaos` field (default true; false answers 400, as a control plane that predates it). */
  acceptChaos?: boolean
  /** Whether outcome items may carry `latencySketch` (default true; false answers 400, as a control plane that predates it). */
  acceptSketch?: boolean
}

export function flag(key: string, fields: Partial<Flag> = {}): Flag {
  return {
    key,
    name: key,
    type: 'boolean',
    enabled: true,
    archived: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  }
}

export function canary(featureKey: string, fields: Partial<Canary> = {}): Canary {
  return {
    id: `canary-${featureKey}`,
    featureKey,
    version: 'v2',
    status: 'running',
    percentage: 5,
    initialPercentage: 5,
    rollbackThreshold: 5,
    minSampleSize: 100,
    steps: [5, 10, 25, 50, 100],
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  }
}

export function chaosRule(id: string, fields: Partial<ChaosRule> = {}): ChaosRule {
  return {
    id,
    name: id,
    type: 'latency',
    enabled: true,
    probability: 100,
    target: null,
    config: { latencyMs: 10, jitterMs: 0 },
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  }
}

export class FakeControlPlane {
  url = ''
  readonly requests: RecordedRequest[] = []
  readonly streams = new Set<ServerResponse>()
  readonly log: LoggedEvent[] = []
  /** Events at or below this seq are no longer retained: resuming from before it gets a snapshot. */
  oldestRetained = 0
  seq: number
  flags = new Map<string, Flag>()
  canaries = new Map<string, Canary>()
  chaosRules = new Map<string, ChaosRule>()
  /** Answers the next stream requests instead of the contract, first in first out. */
  readonly streamOverrides: Override[] = []
  readonly stateOverrides: Override[] = []
  readonly outcomeOverrides: Override[] = []
  /** Every outcomes body received (parsed), with the status it got. */
  readonly outcomeRequests: { body: unknown; status: number }[] = []
  /** The bodies answered 202, in order. */
  readonly acceptedOutcomes: OutcomesBody[] = []
  /** While set, every stream request gets this (after the queued overrides). */
  streamOverride: Override | undefined
  /** How long every `/sdk/state` answer takes, as over a slow network. */
  stateDelayMs = 0
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private readonly pings = new Set<NodeJS.Timeout>()

  constructor(private readonly options: FakeOptions = {}) {
    this.seq = options.seq ?? 1
    for (const f of options.flags ?? []) this.flags.set(f.key, f)
    for (const c of options.canaries ?? []) this.canaries.set(c.id, c)
    for (const r of options.chaosRules ?? []) this.chaosRules.set(r.id, r)
    this.server = createServer((req, res) => this.handle(req, res))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  static async start(options: FakeOptions = {}): Promise<FakeControlPlane> {
    const fake = new FakeControlPlane(options)
    await fake.listen(0)
    return fake
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.url = `http://127.0.0.1:${this.port}`
  }

  snapshot(): Snapshot {
    return {
      seq: this.seq,
      flags: [...this.flags.values()],
      canaries: [...this.canaries.values()],
      chaosRules: [...this.chaosRules.values()],
    }
  }

  streamRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/sdk/stream')
  }

  stateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/sdk/state')
  }

  /** Applies a change to the served state, logs it and streams it; returns its seq. */
  publish(type: string, data: Record<string, unknown>): number {
    const seq = ++this.seq
    switch (type) {
      case 'flag.upserted':
      case 'flag.archived':
        this.flags.set(data.key as string, data as unknown as Flag)
        break
      case 'canary.upserted':
        this.canaries.set(data.id as string, data as unknown as Canary)
        break
      case 'chaos.upserted':
        this.chaosRules.set(data.id as string, data as unknown as ChaosRule)
        break
      case 'chaos.deleted':
        this.chaosRules.delete(data.id as string)
        break
    }
    const event = { seq, type, data }
    this.log.push(event)
    this.broadcast(eventText(event))
    return seq
  }

  /** Writes raw text to every open stream. */
  broadcast(text: string): void {
    for (const res of this.streams) res.write(text)
  }

  /** Destroys every open stream's socket, as a crash or a network cut would. */
  dropStreams(): void {
    for (const res of this.streams) res.socket?.destroy()
    this.streams.clear()
  }

  /** Ends every open stream cleanly, as a deploy would. */
  endStreams(): void {
    for (const res of this.streams) res.end()
    this.streams.clear()
  }

  async close(): Promise<void> {
    for (const timer of this.pings) clearInterval(timer)
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** Stops listening (refusing connections) but keeps the state, to start again on the same port. */
  async stop(): Promise<void> {
    await this.close()
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!
    this.requests.push({ path, headers: req.headers, at: Date.now() })
    if (path === '/api/v1/sdk/stream') {
      const override = this.streamOverrides.shift() ?? this.streamOverride
      if (override !== undefined) return override(req, res)
      if (!this.authorized(req, res)) return
      return this.stream(req, res)
    }
    if (path === '/api/v1/sdk/outcomes' && req.method === 'POST') {
      const override = this.outcomeOverrides.shift()
      if (override !== undefined) {
        // Read the body first, so the request is recorded like any other.
        readBody(req).then((text) => {
          this.outcomeRequests.push({ body: safeParse(text), status: -1 })
          override(req, res)
        })
        return
      }
      if (!this.authorized(req, res)) return
      readBody(req).then((text) => this.outcomes(text, res))
      return
    }
    if (path === '/api/v1/sdk/state') {
      const override = this.stateOverrides.shift()
      if (override !== undefined) return override(req, res)
      if (!this.authorized(req, res)) return
      if (this.stateDelayMs > 0) setTimeout(() => this.state(req, res), this.stateDelayMs)
      else this.state(req, res)
      return
    }
    sendJson(res, 404, { statusCode: 404, error: 'Not Found', message: `Route ${req.method}:${path} not found` })
  }

  /** What the accepted outcome bodies add up to for one flag and side. */
  outcomeTotals(flagKey: string, side: 'canary' | 'baseline'): OutcomeTotals {
    const totals: OutcomeTotals = { requests: 0, errors: 0, latencyMsSum: 0, latencySketch: {} }
    for (const body of this.acceptedOutcomes) {
      for (const item of body.items) {
        if (item.flagKey !== flagKey || item.side !== side) continue
        totals.requests += item.requests
        totals.errors += item.errors
        totals.latencyMsSum += item.latencyMsSum
        if (item.latencySketch) mergeSketch(totals.latencySketch, item.latencySketch)
      }
    }
    return totals
  }

  /** Chaos injections reported per rule id, over every accepted body. */
  chaosTotals(): Record<string, number> {
    const totals: Record<string, number> = {}
    for (const body of this.acceptedOutcomes) for (const { ruleId, injected } of body.chaos ?? []) totals[ruleId] = (totals[ruleId] ?? 0) + injected
    return totals
  }

  private outcomes(text: string, res: ServerResponse): void {
    const body = safeParse(text)
    const problem = outcomesProblem(body, this.options.acceptChaos ?? true, this.options.acceptSketch ?? true)
    if (problem !== undefined) {
      this.outcomeRequests.push({ body, status: 400 })
      sendJson(res, 400, { statusCode: 400, error: 'Bad Request', message: problem })
      return
    }
    const outcomes = body as OutcomesBody
    this.outcomeRequests.push({ body, status: 202 })
    this.acceptedOutcomes.push(outcomes)
    const active = new Map([...this.canaries.values()].filter((c) => c.status === 'running' || c.status === 'paused').map((c) => [c.featureKey, c.id]))
    let ignored = 0
    for (const item of outcomes.items) {
      const id = active.get(item.flagKey)
      if (id === undefined || (item.canaryId !== undefined && item.canaryId !== id)) ignored++
    }
    sendJson(res, 202, { accepted: outcomes.items.length - ignored, ignored })
  }

  private state(req: IncomingMessage, res: ServerResponse): void {
    const etag = `"${this.seq}"`
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(JSON.stringify(this.snapshot()))
  }

  private authorized(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers.authorization === `Bearer ${SDK_KEY}`) return true
    sendJson(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'invalid token' })
    return false
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    res.flushHeaders()
    res.write(`retry: ${this.options.retryMs ?? 50}\n\n`)
    const lastEventId = req.headers['last-event-id']
    const from = typeof lastEventId === 'string' && /^[0-9]+$/.test(lastEventId) ? Number(lastEventId) : undefined
    // A position ahead of the log (a rebuilt control plane) cannot be replayed from either.
    if (from !== undefined && from >= this.oldestRetained && from <= this.seq) {
      for (const event of this.log) if (event.seq > from) res.write(eventText(event))
    } else {
      res.write(`event: snapshot\nid: ${this.seq}\ndata: ${JSON.stringify(this.snapshot())}\n\n`)
    }
    this.streams.add(res)
    let ping: NodeJS.Timeout | undefined
    if (this.options.pingMs !== undefined) {
      ping = setInterval(() => res.write(': ping\n\n'), this.options.pingMs)
      this.pings.add(ping)
    }
    res.on('close', () => {
      this.streams.delete(res)
      if (ping !== undefined) {
        clearInterval(ping)
        this.pings.delete(ping)
      }
    })
  }
}

export function eventText(event: { seq: number; type: string; data: Record<string, unknown> }): string {
  return `event: ${event.type}\nid: ${event.seq}\ndata: ${JSON.stringify({ seq: event.seq, ...event.data })}\n\n`
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
  })
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const ITEM_FIELDS = new Set(['flagKey', 'side', 'requests', 'errors', 'latencyMsSum', 'latencyBuckets', 'latencySketch', 'canaryId'])

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
}

/** What the service's schema (plus the chaos field) says about an outcomes body; undefined when it is fine. */
export function outcomesProblem(body: unknown, acceptChaos: boolean, acceptSketch = true): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be object'
  const record = body as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (key === 'items' || (key === 'chaos' && acceptChaos)) continue
    return `body must NOT have additional properties (${key})`
  }
  if (!Array.isArray(record.items)) return 'items: must be array'
  if (record.items.length > MAX_OUTCOME_BATCH_ITEMS) return `items: must NOT have more than ${MAX_OUTCOME_BATCH_ITEMS} items`
  for (const [i, item] of (record.items as unknown[]).entries()) {
    if (typeof item !== 'object' || item === null) return `items[${i}]: must be object`
    const it = item as Record<string, unknown>
    for (const key of Object.keys(it)) if (!ITEM_FIELDS.has(key) || (key === 'latencySketch' && !acceptSketch)) return `items[${i}]: must NOT have additional properties (${key})`
    if (typeof it.flagKey !== 'string' || !/^(?!\.{1,2}$)[A-Za-z0-9_.~-]{1,128}$/.test(it.flagKey)) return `items[${i}].flagKey: must be a flag key`
    if (it.side !== 'canary' && it.side !== 'baseline') return `items[${i}].side: must be canary or baseline`
    if (!isCount(it.requests, MAX_ITEM_REQUESTS)) return `items[${i}].requests: must be an integer from 0 to ${MAX_ITEM_REQUESTS}`
    if (!isCount(it.errors, MAX_ITEM_REQUESTS)) return `items[${i}].errors: must be an integer from 0 to ${MAX_ITEM_REQUESTS}`
    if ((it.errors as number) > (it.requests as number)) return `items[${i}].errors: must not exceed requests`
    if (typeof it.latencyMsSum !== 'number' || !(it.latencyMsSum >= 0)) return `items[${i}].latencyMsSum: must be ≥ 0`
    if (it.latencyBuckets !== undefined) {
      if (!Array.isArray(it.latencyBuckets) || it.latencyBuckets.length !== LATENCY_BUCKET_COUNT || !it.latencyBuckets.every((n) => isCount(n))) {
        return `items[${i}].latencyBuckets: must be ${LATENCY_BUCKET_COUNT} non-negative integers`
      }
    }
    if (it.latencySketch !== undefined) {
      const sketch = it.latencySketch as Record<string, unknown>
      if (typeof sketch !== 'object' || sketch === null || Array.isArray(sketch) || !Object.entries(sketch).every(([k, n]) => isSketchIndex(k) && isCount(n))) {
        return `items[${i}].latencySketch: must map bucket indices to non-negative integers`
      }
    }
    if (it.canaryId !== undefined && (typeof it.canaryId !== 'string' || it.canaryId === '')) return `items[${i}].canaryId: must be a string`
  }
  if (record.chaos !== undefined) {
    if (!Array.isArray(record.chaos)) return 'chaos: must be array'
    for (const [i, entry] of (record.chaos as unknown[]).entries()) {
      const e = entry as Record<string, unknown> | null
      if (typeof e !== 'object' || e === null || Object.keys(e).some((k) => k !== 'ruleId' && k !== 'injected')) return `chaos[${i}]: must be { ruleId, injected }`
      if (typeof e.ruleId !== 'string' || e.ruleId === '' || !isCount(e.injected)) return `chaos[${i}]: must be { ruleId: string, injected: integer >= 0 }`
    }
  }
  return undefined
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}

/** Resolves when `predicate` holds, polling every few ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A logger that keeps every line, to assert on what was (and was not) logged. */
export function recordingLogger(): { lines: { level: string; text: string }[]; debug: (...a: unknown[]) => void; info: (...a: unknown[]) => void; warn: (...a: unknown[]) => void; error: (...a: unknown[]) => void } {
  const lines: { level: string; text: string }[] = []
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ') })
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
