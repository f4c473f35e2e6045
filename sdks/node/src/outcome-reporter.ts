/**
 * Sends counted outcomes (and chaos injection counts) to `POST /api/v1/sdk/outcomes`, about
 * once a second and once more on close. One request at a time: a flush never starts while
 * another is in flight, so a slow control plane gets one request per client, not a queue.
 *
 * What each answer means for the batch:
 *
 *   202               delivered; the next flush comes after the regular interval
 *   400, other 4xx    malformed: logged and dropped. Retrying it would fail the same way
 *                     forever, and block every count behind it
 *   413               too big: split in halves and each sent again (a single item that is
 *                     still too big is dropped)
 *   401, 403, 404     kept, retried on the slow schedule of `reconnect.authRetryMs`: these
 *                     wait for an operator (a re-issued key, a fixed URL)
 *   408, 429, 5xx,    kept and retried with exponential backoff (honouring Retry-After); the
 *   network errors    buffer merges counts, so waiting costs memory per flag, not per request
 *
 * Every batch carries an `Idempotency-Key`, the same on each retry of it: a batch the control
 * plane committed but could not answer (a killed replica, a cut connection) is answered as a
 * replay when it comes again, and counted once. So a batch that got no definite answer is sent
 * again first, as it was, and its entries take no more counts once sent; counts recorded since
 * go in a new batch with a new key. A batch the control plane refused (4xx) was not counted, so
 * what is sent in its place (halves after a 413, the items without chaos counts) has new keys.
 *
 * Chaos counts ride in the same body (`chaos: [{ ruleId, injected }]`), even when there are no
 * outcome items. A control plane older than chaos reporting rejects that field with a 400; the
 * items are then sent again without it, and chaos counts are left out for a while (they stay
 * in `stats()`), so an old control plane never costs a canary its outcomes. Likewise, a 400
 * naming `latencySketch` (a control plane older than the sketch) sends the same items again
 * with the old fixed histogram, and keeps doing so for ten minutes.
 */
import { randomUUID } from 'node:crypto'
import { histogramFromSketch, MAX_OUTCOME_BATCH_ITEMS } from '@sluice/core'
import { type Dispatcher, request } from 'undici'
import { Backoff } from './backoff.js'
import { authHeaders, endpoint, networkError, retryAfterMs } from './http.js'
import type { Logger } from './logger.js'
import type { OutcomeAggregator, PendingEntry } from './outcomes.js'

export const OUTCOMES_PATH = '/api/v1/sdk/outcomes'
const WHAT = 'POST /api/v1/sdk/outcomes'
const REQUEST_TIMEOUT_MS = 10_000
/** close() waits this long at most for its last flush. */
const CLOSE_DEADLINE_MS = 2_000
const MAX_BACKOFF_MS = 30_000
const MAX_RETRY_AFTER_MS = 5 * 60_000
/** After a control plane refused the `chaos` field, it is left out this long. */
const CHAOS_FIELD_RETRY_MS = 10 * 60_000
/** A repeated failure is logged at most this often; the rest go to debug. */
const RELOG_AFTER_MS = 60_000

export interface ChaosCount {
  ruleId: string
  injected: number
}

/** Where the injection counts come from: taken for a request, given back when it fails. */
export interface ChaosCountSource {
  takeCounts(): ChaosCount[]
  restoreCounts(counts: readonly ChaosCount[]): void
}

export interface ReporterOptions {
  url: string
  sdkKey: string
  dispatcher: Dispatcher
  intervalMs: number
  authRetryMs: number
  logger: Logger
  random?: () => number
}

export interface ReporterStats {
  flushes: number
  flushFailures: number
  outcomesSent: number
}

type Sent =
  | { kind: 'accepted' }
  | { kind: 'dropped' }
  /** Stop this flush, keep everything, try again after `delayMs`. */
  | { kind: 'retry'; delayMs: number | undefined; slow: boolean }

interface Body {
  /** The Idempotency-Key: the same for every attempt at this body. */
  key: string
  items: PendingEntry[]
  chaos: ChaosCount[] | undefined
}

/** A new batch, with a key of its own. */
const batchOf = (items: PendingEntry[], chaos: ChaosCount[] | undefined): Body => ({ key: randomUUID(), items, chaos })

interface FlushRun {
  signal: AbortSignal | undefined
  /** The chaos counts taken for this flush, until a request carrying them is accepted. */
  chaos: ChaosCount[] | undefined
}

export class OutcomeReporter {
  readonly stats: ReporterStats = { flushes: 0, flushFailures: 0, outcomesSent: 0 }
  private readonly url: string
  private readonly backoff: Backoff
  private timer: NodeJS.Timeout | undefined
  private inflight: Promise<void> | undefined
  private closed = false
  private chaosFieldRefusedUntil = 0
  /** Until then latencies go as the old fixed histogram: the control plane refused the sketch. */
  private sketchRefusedUntil = 0
  private lastLogged: { key: string; at: number } | undefined
  /** A batch that got no definite answer: the control plane may have counted it, so it goes again as it was, under its key. */
  private unanswered: Body | undefined

  constructor(
    private readonly options: ReporterOptions,
    private readonly outcomes: OutcomeAggregator,
    private readonly chaos: ChaosCountSource,
  ) {
    this.url = endpoint(options.url, OUTCOMES_PATH)
    this.backoff = new Backoff({
      baseMs: options.intervalMs,
      capMs: Math.max(MAX_BACKOFF_MS, options.intervalMs),
      // Equal jitter: a retry never comes sooner than half the interval, so a dead control plane is not hammered.
      jitter: 'equal',
      ...(options.random && { random: options.random }),
    })
  }

  start(): void {
    if (!this.closed) this.schedule(this.options.intervalMs)
  }

  /** Stops the timer, waits for a flush in flight, then flushes once more within a short deadline. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    await this.inflight
    await this.flush(AbortSignal.timeout(CLOSE_DEADLINE_MS))
    if (this.outcomes.pendingRequests > 0) {
      this.options.logger.warn(`${this.outcomes.pendingRequests} canary outcomes could not be delivered before close`)
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.inflight = this.flush()
        .catch((error: unknown) => {
          // A bug here must cost at most one flush, never the application (an unhandled rejection) or later flushes.
          this.options.logger.error('flushing canary outcomes failed unexpectedly; retrying at the next interval', error)
          return this.options.intervalMs
        })
        .then((delay) => {
          this.inflight = undefined
          if (!this.closed) this.schedule(delay)
        })
    }, delayMs)
    // Reporting alone must never keep the process alive; close() sends what is left.
    this.timer.unref()
  }

  /** One flush: seals the current window, sends every pending item. Returns the delay before the next. */
  private async flush(signal?: AbortSignal): Promise<number> {
    const dropped = this.outcomes.seal()
    if (dropped.entries > 0) {
      this.log('warn', 'buffer-full', `dropped ${dropped.requests} canary outcomes (${dropped.entries} oldest entries): the buffer is full while the control plane does not take them`)
    }
    const retried = this.unanswered
    if (retried !== undefined) {
      this.unanswered = undefined
      const sent = await this.send({ signal, chaos: undefined }, { ...retried, items: retried.items.filter((entry) => this.outcomes.isPending(entry)) })
      if (sent.kind === 'retry') return this.retryDelay(sent)
    }
    const entries = this.outcomes.entries()
    const chaos = Date.now() >= this.chaosFieldRefusedUntil ? this.chaos.takeCounts() : []
    if (entries.length === 0 && chaos.length === 0) return this.options.intervalMs

    const run: FlushRun = { signal, chaos: chaos.length > 0 ? chaos : undefined }
    const batches: PendingEntry[][] = []
    for (let i = 0; i < entries.length; i += MAX_OUTCOME_BATCH_ITEMS) batches.push(entries.slice(i, i + MAX_OUTCOME_BATCH_ITEMS))
    if (batches.length === 0) batches.push([])
    try {
      for (const [index, items] of batches.entries()) {
        const sent = await this.send(run, batchOf(items, index === 0 ? run.chaos : undefined))
        // The rest waits too: the next flush sends everything still pending, oldest first.
        if (sent.kind === 'retry') return this.retryDelay(sent)
      }
      this.backoff.reset()
      return this.options.intervalMs
    } finally {
      // Counts that did not reach the control plane go back for the next flush.
      if (run.chaos !== undefined) this.chaos.restoreCounts(run.chaos)
    }
  }

  private retryDelay(sent: Extract<Sent, { kind: 'retry' }>): number {
    const backoff = sent.slow ? this.options.authRetryMs : this.backoff.next()
    return sent.delayMs === undefined ? backoff : Math.max(backoff, Math.min(sent.delayMs, MAX_RETRY_AFTER_MS))
  }

  private async send(run: FlushRun, body: Body): Promise<Sent> {
    const sent = await this.attempt(run, body)
    if (sent.kind !== 'retry' || this.unanswered !== undefined) return sent
    this.unanswered = body
    // Its chaos counts go again with it, not back to the source: they may have been counted.
    if (body.chaos !== undefined && body.chaos === run.chaos) run.chaos = undefined
    return sent
  }

  private async attempt(run: FlushRun, body: Body): Promise<Sent> {
    this.outcomes.freeze(body.items)
    const answer = await this.post(body, run.signal)
    if (answer.kind === 'network') {
      this.stats.flushFailures++
      this.log('warn', 'network', `${answer.message}; outcomes are kept and retried`)
      return { kind: 'retry', delayMs: undefined, slow: false }
    }
    const { status } = answer
    if (status === 202 || status === 200) {
      this.stats.flushes++
      this.stats.outcomesSent += this.outcomes.accepted(body.items)
      if (body.chaos !== undefined) run.chaos = undefined
      return { kind: 'accepted' }
    }
    this.stats.flushFailures++
    if (status === 413) {
      if (body.items.length <= 1) {
        const requests = this.outcomes.drop(body.items)
        this.log('error', '413', `${WHAT} answered 413 for a single item; ${requests} outcomes dropped`)
        return { kind: 'dropped' }
      }
      const half = Math.ceil(body.items.length / 2)
      const first = await this.send(run, batchOf(body.items.slice(0, half), body.chaos))
      if (first.kind === 'retry') return first
      return this.send(run, batchOf(body.items.slice(half), undefined))
    }
    if (status === 400 && /latencySketch/.test(answer.message) && Date.now() >= this.sketchRefusedUntil) {
      // A control plane older than the latency sketch: its fixed histogram instead, for a while.
      // Checked before the chaos field, which the same control plane may well take: dropping it
      // first would lose the chaos counts for nothing.
      this.sketchRefusedUntil = Date.now() + CHAOS_FIELD_RETRY_MS
      this.options.logger.info(`${WHAT} refused latency sketches (${answer.message}); the control plane may predate them. Latencies go as the old histogram for 10 minutes`)
      return this.attempt(run, body)
    }
    if (status === 400 && body.chaos !== undefined) {
      // Perhaps only the chaos field is new to this control plane: the items alone may be fine.
      const alone = await this.send(run, batchOf(body.items, undefined))
      if (alone.kind === 'accepted') {
        this.chaosFieldRefusedUntil = Date.now() + CHAOS_FIELD_RETRY_MS
        run.chaos = undefined
        this.options.logger.info(
          `${WHAT} refused chaos injection counts (${answer.message || '400'}); the control plane may predate them. They stay in stats() and are offered again in 10 minutes`,
        )
      }
      return alone
    }
    if (status === 401 || status === 403 || status === 404) {
      this.log('error', String(status), `${WHAT} answered ${status}${answer.message ? ` (${answer.message})` : ''}; outcomes are kept and retried slowly`)
      return { kind: 'retry', delayMs: answer.retryAfterMs, slow: true }
    }
    if (status === 408 || status === 429 || status >= 500) {
      this.log('warn', String(status), `${WHAT} answered ${status}; outcomes are kept and retried`)
      return { kind: 'retry', delayMs: answer.retryAfterMs, slow: false }
    }
    const requests = this.outcomes.drop(body.items)
    this.log('error', `drop:${status}`, `${WHAT} answered ${status}${answer.message ? ` (${answer.message})` : ''}; the ${requests} outcomes in the rejected batch are dropped`)
    return { kind: 'dropped' }
  }

  private async post(
    body: Body,
    signal: AbortSignal | undefined,
  ): Promise<{ kind: 'answer'; status: number; message: string; retryAfterMs: number | undefined } | { kind: 'network'; message: string }> {
    const legacy = Date.now() < this.sketchRefusedUntil
    const payload: { items: unknown[]; chaos?: ChaosCount[] } = {
      items: body.items.map(({ item }) => {
        if (!legacy) return item
        const { latencySketch, ...rest } = item
        return { ...rest, latencyBuckets: histogramFromSketch(latencySketch) }
      }),
    }
    if (body.chaos !== undefined) payload.chaos = body.chaos
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    try {
      const headers = authHeaders(this.options.sdkKey, 'application/json')
      headers['content-type'] = 'application/json'
      headers['idempotency-key'] = body.key
      const response = await request(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        dispatcher: this.options.dispatcher,
      })
      const text = await response.body.text().catch(() => '')
      return { kind: 'answer', status: response.statusCode, message: messageOf(text), retryAfterMs: retryAfterMs(response.headers['retry-after']) }
    } catch (error) {
      return { kind: 'network', message: networkError(WHAT, error).message }
    }
  }

  /** A control plane that stays down must not print a line per flush. */
  private log(level: 'warn' | 'error', key: string, line: string): void {
    const now = Date.now()
    if (this.lastLogged?.key === key && now - this.lastLogged.at < RELOG_AFTER_MS) {
      this.options.logger.debug(line)
      return
    }
    this.lastLogged = { key, at: now }
    this.options.logger[level](line)
  }
}

/** The `message` of a Fastify-shaped error body, else nothing (never the whole body: it could be anything). */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown }
    return typeof body?.message === 'string' ? body.message.slice(0, 300) : ''
  } catch {
    return ''
  }
}
