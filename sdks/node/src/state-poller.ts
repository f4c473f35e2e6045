/**
 * `GET /api/v1/sdk/state` while the stream cannot deliver: once at once when there is no state
 * from the control plane yet (a proxy that buffers or refuses event streams still lets plain
 * JSON through), then every `intervalMs` until the stream is open again. `If-None-Match`
 * carries the seq already held, so an unchanged state costs a 304.
 *
 * A newer state for a client that already holds the control plane's is first offered to the
 * stream: the control plane answered, so the stream is asked to resume at once, and when it
 * does, its replay (each missed change, in order) is applied instead of this snapshot, which
 * would fold several changes into one. The snapshot is applied only when the stream cannot.
 */
import { type Dispatcher, request } from 'undici'
import { ConnectionError } from './errors.js'
import { authHeaders, endpoint, networkError, STATE_PATH, statusError } from './http.js'

export interface PollerOptions {
  url: string
  sdkKey: string
  dispatcher: Dispatcher
  intervalMs: number
  timeoutMs: number
}

export interface PollerHandlers {
  /** The ETag of the state held, if it came from the control plane. */
  etag(): string | undefined
  /** A 200's parsed body, not yet checked. */
  state(body: unknown): void
  /** Resolves true when the stream resumed and will deliver what this answer holds. */
  resume?(): Promise<boolean>
  /** A 304: the state held is still the control plane's. */
  unchanged?(): void
  failed(error: ConnectionError): void
}

const WHAT = 'GET /api/v1/sdk/state'
/**
 * A stream that opens sends its first bytes (the `retry:` hint) at once; one that has sent
 * nothing by then sits behind a proxy that buffers it, and the polled state must not wait.
 */
const RESUME_WAIT_MS = 3_000

export class StatePoller {
  private readonly url: string
  private active = false
  private closed = false
  private timer: NodeJS.Timeout | undefined
  private inflight: Promise<void> | undefined
  private controller: AbortController | undefined

  constructor(
    private readonly options: PollerOptions,
    private readonly handlers: PollerHandlers,
  ) {
    this.url = endpoint(options.url, STATE_PATH)
  }

  get running(): boolean {
    return this.active
  }

  /** Starts polling after `delayMs`, unless already polling. */
  start(delayMs: number): void {
    if (this.active || this.closed) return
    this.active = true
    if (this.inflight === undefined) this.schedule(delayMs)
  }

  /** Stops scheduling; a request in flight finishes and is still applied. */
  stop(): void {
    this.active = false
    clearTimeout(this.timer)
    this.timer = undefined
  }

  async close(): Promise<void> {
    this.closed = true
    this.stop()
    this.controller?.abort(new Error('closed'))
    await this.inflight
  }

  private async resumed(resume: () => Promise<boolean>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), RESUME_WAIT_MS)
      timer.unref()
    })
    try {
      return await Promise.race([resume(), gaveUp])
    } finally {
      clearTimeout(timer)
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.inflight = this.poll().finally(() => {
        this.inflight = undefined
        if (this.active && !this.closed) this.schedule(this.options.intervalMs)
      })
    }, delayMs)
    this.timer.unref()
  }

  private async poll(): Promise<void> {
    const controller = new AbortController()
    this.controller = controller
    const timer = setTimeout(() => {
      controller.abort(new ConnectionError('SLUICE_READ_TIMEOUT', `${WHAT}: no answer within ${this.options.timeoutMs} ms`))
    }, this.options.timeoutMs)
    timer.unref()
    try {
      const headers = authHeaders(this.options.sdkKey, 'application/json')
      const etag = this.handlers.etag()
      if (etag !== undefined) headers['if-none-match'] = etag
      const response = await request(this.url, {
        method: 'GET',
        headers,
        signal: controller.signal,
        dispatcher: this.options.dispatcher,
      })
      if (response.statusCode === 304) {
        await response.body.dump()
        if (!this.closed) this.handlers.unchanged?.()
        return
      }
      if (response.statusCode !== 200) {
        await response.body.dump().catch(() => {})
        this.handlers.failed(statusError(WHAT, response.statusCode, response.headers))
        return
      }
      const text = await response.body.text()
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch (err) {
        this.handlers.failed(new ConnectionError('SLUICE_BAD_RESPONSE', `${WHAT} answered 200 with a body that is not JSON`, { statusCode: 200, cause: err }))
        return
      }
      if (etag !== undefined && this.handlers.resume && (await this.resumed(this.handlers.resume))) {
        if (!this.closed) this.handlers.unchanged?.()
        return
      }
      if (!this.closed) this.handlers.state(body)
    } catch (err) {
      if (!this.closed) this.handlers.failed(networkError(WHAT, controller.signal.aborted ? controller.signal.reason : err))
    } finally {
      clearTimeout(timer)
      if (this.controller === controller) this.controller = undefined
    }
  }
}
