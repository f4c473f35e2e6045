/**
 * The browser client: the answers of one bulk evaluation (POST /ofrep/v1/evaluate/flags) for
 * the current user, read synchronously. The service evaluates; the page never receives rules
 * or user lists, only its own answers.
 *
 * On creation it paints from the localStorage cache when the context matches, fetches fresh
 * answers (If-None-Match with the cached ETag: usually a 304), then follows the change stream
 * and re-fetches, debounced, when the environment changes. `setContext` re-fetches for the new
 * user. Failures never throw into the page: the last answers stay, and `error` listeners hear why.
 */
import { Answers, type FlagAnswer, type Variant } from './answers.js'
import { AnswerCache, defaultStorage, type StorageLike } from './cache.js'
import { ChangeStream } from './change-stream.js'
import { OutcomeBatch, type Outcome } from './outcomes.js'

/** Sluice's context; `attributes` are what rules constrain (`plan`, `country`, ...). */
export interface WebContext {
  userId?: string
  sessionId?: string
  attributes?: Record<string, string | number | boolean>
}

export interface WebClientOptions {
  /** The control plane, e.g. `https://flags.example.com`. */
  url: string
  /** A `client` token: made to be shipped in a page. Never an sdk or admin token. */
  clientKey: string
  context?: WebContext
  /** Follow the change stream and re-fetch on changes. Default true. */
  live?: boolean
  /** Changes within this window cost one re-fetch. Default 100 ms. */
  debounceMs?: number
  /** How often outcomes are sent. Default 1000 ms. */
  flushIntervalMs?: number
  /** Where the last answers are kept for first paint. Default localStorage; `null` for none. */
  storage?: StorageLike | null
}

export type WebClientEvent = 'change' | 'error'
type Listener = (detail: unknown) => void

export interface WebClient {
  /** Resolves once answers are held: from the cache at once, else after the first fetch (rejects if it fails). */
  ready(): Promise<void>
  /** Where the answers held came from: `none` before any, `cache`, or `service`. */
  readonly source: 'none' | 'cache' | 'service'
  isEnabled(flagKey: string): boolean
  variant(flagKey: string): Variant | undefined
  /** The raw OFREP answer, with its reason and error code. */
  answer(flagKey: string): FlagAnswer | undefined
  /** Every answer held. */
  answers(): readonly FlagAnswer[]
  /** A new user or new attributes: re-fetches, and resolves when the new answers are held. */
  setContext(context: WebContext): Promise<void>
  /** As `setContext`, with an OFREP (OpenFeature) context as is: `targetingKey` and attributes side by side. */
  setOfrepContext(context: Record<string, unknown>): Promise<void>
  /** Counts one outcome of a canary flag on the side the page is on (on = canary). */
  recordOutcome(flagKey: string, outcome: Outcome): void
  /** Fetches now (with the ETag, so usually a 304). */
  refresh(): Promise<void>
  on(event: WebClientEvent, listener: Listener): () => void
  /** Sends pending outcomes and stops the stream and timers. */
  close(): void
}

/** The OFREP context of a Sluice context: the userId is OpenFeature's targetingKey. */
export function toOfrepContext(context: WebContext): Record<string, unknown> {
  const { userId, sessionId, attributes } = context
  return { ...attributes, ...(userId === undefined ? {} : { targetingKey: userId }), ...(sessionId === undefined ? {} : { sessionId }) }
}

/** The service's bulk ETag is `"<seq>-<context digest>"`. */
function seqOf(etag: string | undefined): number {
  const seq = Number(/^"(\d+)-/.exec(etag ?? '')?.[1])
  return Number.isSafeInteger(seq) ? seq : -1
}

export function createWebClient(options: WebClientOptions): WebClient {
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) throw new TypeError('createWebClient: `url` must be the http(s) URL of the Sluice control plane')
  if (typeof options.clientKey !== 'string' || options.clientKey === '') throw new TypeError('createWebClient: `clientKey` must be a client token')
  return new Client(options)
}

class Client implements WebClient {
  source: WebClient['source'] = 'none'
  private held = new Answers()
  private etag: string | undefined
  private context: Record<string, unknown>
  private contextKey: string
  private readonly base: string
  private readonly headers: Record<string, string>
  private readonly cache: AnswerCache
  private readonly listeners = new Map<WebClientEvent, Set<Listener>>()
  private readonly outcomes: OutcomeBatch
  private readonly stream: ChangeStream | undefined
  private readonly flusher: ReturnType<typeof setInterval>
  private readonly first: Promise<void>
  private debounce: ReturnType<typeof setTimeout> | undefined
  /** The seq the answers held are at (the ETag's first part); the stream's seqs are compared with it. */
  private answeredSeq = -1
  private pending: Promise<void> | undefined
  private closed = false

  constructor(private readonly options: WebClientOptions) {
    this.base = options.url.replace(/\/+$/, '')
    this.headers = { authorization: `Bearer ${options.clientKey}` }
    this.context = toOfrepContext(options.context ?? {})
    this.contextKey = JSON.stringify(this.context)
    this.cache = new AnswerCache(options.storage === null ? undefined : (options.storage ?? defaultStorage()), this.base, options.clientKey)
    const cached = this.cache.read(this.contextKey)
    if (cached) {
      this.held = new Answers(cached.flags)
      this.etag = cached.etag
      this.source = 'cache'
    }
    const report = (error: unknown) => this.emit('error', error)
    this.outcomes = new OutcomeBatch(`${this.base}/api/v1/client/outcomes`, options.clientKey, report)
    this.flusher = setInterval(() => this.outcomes.flush(), options.flushIntervalMs ?? 1_000)
    this.first = this.refresh()
    if (cached) this.first.catch(report)
    if (options.live !== false) {
      this.stream = new ChangeStream(`${this.base}/api/v1/client/stream`, this.headers, (seq) => this.changed(seq), report)
      this.stream.open()
    }
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility)
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onHide)
  }

  ready(): Promise<void> {
    return this.source === 'cache' ? Promise.resolve() : this.first
  }

  isEnabled(flagKey: string): boolean {
    return this.held.isEnabled(flagKey)
  }

  variant(flagKey: string): Variant | undefined {
    return this.held.variant(flagKey)
  }

  answer(flagKey: string): FlagAnswer | undefined {
    return this.held.get(flagKey)
  }

  answers(): readonly FlagAnswer[] {
    return this.held.list
  }

  setContext(context: WebContext): Promise<void> {
    return this.setOfrepContext(toOfrepContext(context))
  }

  setOfrepContext(context: Record<string, unknown>): Promise<void> {
    this.context = context
    this.contextKey = JSON.stringify(context)
    this.etag = undefined
    return this.refresh()
  }

  recordOutcome(flagKey: string, outcome: Outcome): void {
    if (this.closed) return
    this.outcomes.add(flagKey, this.isEnabled(flagKey) ? 'canary' : 'baseline', outcome)
  }

  /** Re-fetches; a call while one is in flight waits for it and then fetches once more. */
  refresh(): Promise<void> {
    const run = (this.pending ?? Promise.resolve()).catch(() => undefined).then(() => this.fetchAnswers())
    this.pending = run
    return run
  }

  on(event: WebClientEvent, listener: Listener): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.outcomes.flush(true)
    clearInterval(this.flusher)
    clearTimeout(this.debounce)
    this.stream?.close()
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility)
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onHide)
  }

  private async fetchAnswers(): Promise<void> {
    if (this.closed) return
    const contextKey = this.contextKey
    const res = await fetch(`${this.base}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json', ...(this.etag ? { 'if-none-match': this.etag } : {}) },
      body: JSON.stringify({ context: this.context }),
      cache: 'no-store',
    })
    if (res.status === 304) {
      this.source = 'service'
      this.answeredSeq = seqOf(this.etag)
      return
    }
    if (!res.ok) throw new Error(`bulk evaluation answered ${res.status}: ${await res.text()}`)
    const body = (await res.json()) as { flags: FlagAnswer[] }
    // A context changed while this was in flight: its own fetch follows; these answers are not for it.
    if (contextKey !== this.contextKey) return
    this.etag = res.headers.get('etag') ?? undefined
    this.answeredSeq = seqOf(this.etag)
    this.held = new Answers(body.flags)
    this.source = 'service'
    this.cache.write({ context: contextKey, etag: this.etag, flags: body.flags })
    this.emit('change', this.held.list)
  }

  /** The stream says where the environment is now: answers at that seq or later are current. */
  private changed(seq: number): void {
    if (seq <= this.answeredSeq) return
    clearTimeout(this.debounce)
    this.debounce = setTimeout(() => this.refresh().catch((error: unknown) => this.emit('error', error)), this.options.debounceMs ?? 100)
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden') {
      this.outcomes.flush(true)
      this.stream?.pause()
    } else {
      this.stream?.open()
    }
  }

  private readonly onHide = (): void => this.outcomes.flush(true)

  private emit(event: WebClientEvent, detail: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(detail)
      } catch {
        // A listener's own failure is the page's business, not the client's.
      }
    }
  }
}
