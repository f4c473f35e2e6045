/**
 * The SSE connection to `GET /api/v1/sdk/stream`, kept open for the client's whole life: one
 * attempt at a time, each followed by a backoff sleep, until `close()`.
 *
 * Liveness is judged by bytes, not by TCP: the server pings at least every 15 s, so when
 * nothing (not even a ping) arrives within `readTimeoutMs` the connection is treated as dead
 * and replaced. A half-open socket behind a NAT or a stalled proxy otherwise looks healthy
 * for hours while the flags it should carry go stale. The same timer bounds connecting and
 * waiting for headers, so one timer covers every way an attempt can hang.
 *
 * Retries use full-jitter backoff, reset once a connection has proved useful (it delivered
 * events, or it lived `resetAfterMs`). Answers that only an operator can fix (401, 403, 404)
 * retry on a separate, much slower schedule: a key can be re-issued, but hammering the control
 * plane with a revoked one helps nobody.
 *
 * `resumeNow()` cuts a backoff sleep short when something else (a successful poll of
 * /sdk/state) shows the control plane is back: resuming the stream with Last-Event-ID replays
 * each missed change as itself, where applying the polled snapshot would fold them into one.
 */
import { type Dispatcher, request } from 'undici'
import { Backoff } from './backoff.js'
import { ConnectionError } from './errors.js'
import { authHeaders, endpoint, needsOperator, networkError, STREAM_PATH, statusError } from './http.js'
import { type SseEvent, SseParser } from './sse-parser.js'

export interface ReconnectSettings {
  baseMs: number
  capMs: number
  resetAfterMs: number
  /** The first delay after a 401/403/404; it doubles up to ten times this. */
  authRetryMs: number
  /** Whether a `retry:` field from the server may set the base delay (false when the user set one). */
  baseFromServer: boolean
}

export interface StreamHandlers {
  /** The server answered 200 with an event stream. */
  open(): void
  /** Each event, in stream order. */
  event(event: SseEvent): void
  /** Bytes arrived (events or the server's ping): the control plane is there. */
  heard?(): void
  /** An attempt ended without being closed by us; the next one starts after `delayMs`. */
  ended(error: ConnectionError, opened: boolean, delayMs: number): void
  /** The `Last-Event-ID` to resume from, or undefined to ask for a fresh snapshot. */
  lastEventId(): string | undefined
}

export interface StreamOptions {
  url: string
  sdkKey: string
  dispatcher: Dispatcher
  readTimeoutMs: number
  reconnect: ReconnectSettings
  random?: () => number
}

interface Outcome {
  error: ConnectionError
  opened: boolean
  delivered: boolean
  livedMs: number
}

/** A server's `Retry-After` is honoured up to this; beyond it, assume a misconfiguration. */
const MAX_RETRY_AFTER_MS = 5 * 60_000
/** Below this, a server-sent `retry:` would turn a restart into a reconnect storm. */
const MIN_SERVER_RETRY_MS = 100
const WHAT = 'GET /api/v1/sdk/stream'

export class StreamConnection {
  private readonly url: string
  private readonly backoff: Backoff
  private readonly authBackoff: Backoff
  private closed = false
  private controller: AbortController | undefined
  private sleepTimer: NodeJS.Timeout | undefined
  private wake: (() => void) | undefined
  private loop: Promise<void> | undefined
  /** Bytes have arrived on the current attempt's open stream. */
  private flowing = false
  private readonly resumeWaiters: Array<(resumed: boolean) => void> = []
  /** The current sleep was asked for by the server (Retry-After) or waits on an operator: not cut short. */
  private sleepIsBinding = false

  constructor(
    private readonly options: StreamOptions,
    private readonly handlers: StreamHandlers,
  ) {
    this.url = endpoint(options.url, STREAM_PATH)
    const { reconnect, random } = options
    this.backoff = new Backoff({ baseMs: reconnect.baseMs, capMs: reconnect.capMs, ...(random && { random }) })
    this.authBackoff = new Backoff({
      baseMs: reconnect.authRetryMs,
      capMs: reconnect.authRetryMs * 10,
      jitter: 'equal',
      ...(random && { random }),
    })
  }

  start(): void {
    this.loop ??= this.run()
  }

  /**
   * Resolves true once a stream is open and its first bytes have arrived — at once if one
   * already is — or false when the attempt made now (any backoff sleep is cut short) fails.
   */
  resumeNow(): Promise<boolean> {
    if (this.flowing) return Promise.resolve(true)
    if (this.closed || this.loop === undefined || this.sleepIsBinding) return Promise.resolve(false)
    return new Promise((resolve) => {
      this.resumeWaiters.push(resolve)
      this.wake?.()
    })
  }

  /** Aborts the open request or the pending sleep; resolves when the loop has stopped. */
  async close(): Promise<void> {
    this.closed = true
    this.controller?.abort(new Error('closed'))
    clearTimeout(this.sleepTimer)
    this.wake?.()
    await this.loop
    this.settleResume(false)
  }

  private settleResume(resumed: boolean): void {
    for (const resolve of this.resumeWaiters.splice(0)) resolve(resumed)
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const outcome = await this.attempt()
      if (this.closed) return
      const delayMs = this.delayAfter(outcome)
      this.handlers.ended(outcome.error, outcome.opened, delayMs)
      this.sleepIsBinding = outcome.error.retryAfterMs !== undefined || needsOperator(outcome.error)
      await this.sleep(delayMs)
      this.sleepIsBinding = false
    }
  }

  private async attempt(): Promise<Outcome> {
    const controller = new AbortController()
    this.controller = controller
    const timeoutMs = this.options.readTimeoutMs
    const idle = setTimeout(() => {
      controller.abort(
        new ConnectionError('SLUICE_READ_TIMEOUT', `${WHAT}: nothing received for ${timeoutMs} ms (not even a ping); reconnecting`),
      )
    }, timeoutMs)
    idle.unref()
    let opened = false
    let openedAt = 0
    let delivered = false
    const outcome = (error: ConnectionError): Outcome => ({
      error,
      opened,
      delivered,
      livedMs: opened ? Date.now() - openedAt : 0,
    })

    try {
      const headers = authHeaders(this.options.sdkKey, 'text/event-stream')
      headers['cache-control'] = 'no-cache'
      const lastEventId = this.handlers.lastEventId()
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
      const response = await request(this.url, {
        method: 'GET',
        headers,
        signal: controller.signal,
        dispatcher: this.options.dispatcher,
        // The idle timer above covers both; undici's own would only race it.
        headersTimeout: 0,
        bodyTimeout: 0,
      })
      idle.refresh()
      if (response.statusCode !== 200) {
        await response.body.dump().catch(() => {})
        return outcome(statusError(WHAT, response.statusCode, response.headers))
      }
      const contentType = String(response.headers['content-type'] ?? '')
      if (!contentType.toLowerCase().startsWith('text/event-stream')) {
        await response.body.dump().catch(() => {})
        return outcome(
          new ConnectionError('SLUICE_BAD_RESPONSE', `${WHAT} answered 200 with ${contentType || 'no content type'}, not text/event-stream`, {
            statusCode: 200,
          }),
        )
      }

      opened = true
      openedAt = Date.now()
      this.authBackoff.reset()
      this.handlers.open()
      const parser = new SseParser({
        event: (event) => {
          delivered = true
          this.handlers.event(event)
        },
        retry: (ms) => this.serverRetry(ms),
      })
      for await (const chunk of response.body) {
        idle.refresh()
        if (!this.flowing) {
          this.flowing = true
          this.settleResume(true)
        }
        this.handlers.heard?.()
        parser.feed(chunk as Buffer)
        // A listener may have closed the client while handling an event.
        if (this.closed) break
      }
      parser.end()
      return outcome(new ConnectionError('SLUICE_STREAM_ENDED', `${WHAT}: the server ended the stream`))
    } catch (err) {
      return outcome(networkError(WHAT, controller.signal.aborted ? controller.signal.reason : err))
    } finally {
      clearTimeout(idle)
      if (this.controller === controller) this.controller = undefined
      this.flowing = false
      this.settleResume(false)
    }
  }

  private delayAfter(outcome: Outcome): number {
    const { error } = outcome
    if (needsOperator(error)) return this.authBackoff.next()
    if (outcome.delivered || outcome.livedMs >= this.options.reconnect.resetAfterMs) this.backoff.reset()
    const delay = this.backoff.next()
    return error.retryAfterMs === undefined ? delay : Math.max(delay, Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS))
  }

  private serverRetry(ms: number): void {
    const { reconnect } = this.options
    if (reconnect.baseFromServer) this.backoff.baseMs = Math.min(Math.max(ms, MIN_SERVER_RETRY_MS), reconnect.capMs)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve()
      this.wake = () => {
        clearTimeout(this.sleepTimer)
        this.wake = undefined
        resolve()
      }
      this.sleepTimer = setTimeout(this.wake, ms)
      // A reconnect schedule alone must never keep the process alive.
      this.sleepTimer.unref()
    })
  }
}
