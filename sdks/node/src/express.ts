/**
 * Express and connect middleware. `client.express()` gives each request a `sluice` handle
 * (its evaluation context, computed once, and evaluation bound to it) and, in a process armed
 * for chaos, applies latency, error and timeout rules and sets the request scope that wrapped
 * database and Redis calls read. `client.requireFlag(key)` guards one route, answering 404
 * (Fastify's JSON error shape, as the control plane answers) while the flag is off for the
 * request.
 *
 * Canary outcomes: a request counts for a flag once the app marks it, with
 * `req.sluice.measure(key)` (evaluates the flag once and remembers the side the request fell
 * on) or by passing a `requireFlag(key)` guard (canary side: the route only runs while the
 * flag is on). When the response finishes, a status of 500 or more is an error, and the
 * latency runs from `client.express()` (or the guard, without it) to the finish. Requests
 * the guard turned away are not counted as baseline: their 404 is not the route's old
 * behaviour. Nothing listens to the response until a flag with an active canary is marked.
 *
 * Types are structural over node:http, so the SDK needs no dependency on Express: the
 * middleware fits `app.use()` and route handlers of Express 4/5 and connect alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Evaluation, EvaluationContext, VariantResult } from '@sluice/core'
import type { ChaosEngine } from './chaos.js'
import { applyRequestChaos, CHAOS_HEADER, type ChaosErrorBody } from './chaos-http.js'
import { InvalidOptionError } from './errors.js'
import { type ContextFromRequest, contextOf } from './request-context.js'

export type NextFunction = (err?: unknown) => void

export type Middleware<Request extends IncomingMessage = IncomingMessage, Response extends ServerResponse = ServerResponse> = (
  req: Request,
  res: Response,
  next: NextFunction,
) => void

/** The flags of one request, attached as `req.sluice` by `client.express()`. */
export interface RequestFlags {
  /** The request's evaluation context, built on first use. */
  readonly context: EvaluationContext
  isEnabled(key: string): boolean
  variant(key: string): VariantResult | undefined
  evaluate(key: string): Evaluation
  /**
   * Whether the flag is on for this request, evaluated once (later calls answer the same), and
   * the request's outcome counted on that side of the flag's canary when the response finishes.
   */
  measure(key: string): boolean
}

export interface ExpressOptions<Request extends IncomingMessage = IncomingMessage> {
  /** Builds the request's evaluation context; default: the client's `context` option, else user id, session and ip. */
  context?: ContextFromRequest<Request>
}

export interface RequireFlagOptions<Request extends IncomingMessage = IncomingMessage, Response extends ServerResponse = ServerResponse> {
  /** Builds the request's evaluation context; default: `req.sluice.context` when `client.express()` ran, else the client's. */
  context?: ContextFromRequest<Request>
  /** Called instead of the 404 when the flag is off, e.g. `(req, res, next) => next('route')` to fall through to another route. */
  onDisabled?: Middleware<Request, Response>
}

/** What the middleware needs from the client. */
export interface EvaluatingClient {
  isEnabled(key: string, context?: EvaluationContext): boolean
  variant(key: string, context?: EvaluationContext): VariantResult | undefined
  evaluate(key: string, context?: EvaluationContext): Evaluation
}

/** What the middleware needs from the client beyond evaluation. */
export interface ExpressHost extends EvaluatingClient {
  /** Whether the flag has a running or paused canary (outcomes count only then). */
  hasCanary(key: string): boolean
  recordSide(key: string, onCanarySide: boolean, success: boolean, latencyMs: number): void
  /** The chaos engine, or undefined when this process can never inject. */
  chaos: ChaosEngine | undefined
}

class BoundFlags<Request> implements RequestFlags {
  private built: EvaluationContext | undefined
  /** Flags whose outcome this request reports, with the side it fell on. */
  private measured: Map<string, boolean> | undefined
  private listening = false
  private readonly startedAt = performance.now()

  constructor(
    private readonly client: ExpressHost,
    private readonly request: Request,
    private readonly response: ServerResponse,
    private readonly extract: ContextFromRequest<Request>,
    private readonly onContextError: (error: unknown) => void,
  ) {}

  get context(): EvaluationContext {
    this.built ??= contextOf(this.extract, this.request, this.onContextError)
    return this.built
  }

  isEnabled(key: string): boolean {
    return this.client.isEnabled(key, this.context)
  }

  variant(key: string): VariantResult | undefined {
    return this.client.variant(key, this.context)
  }

  evaluate(key: string): Evaluation {
    return this.client.evaluate(key, this.context)
  }

  measure(key: string): boolean {
    const known = this.measured?.get(key)
    if (known !== undefined) return known
    const enabled = this.client.isEnabled(key, this.context)
    this.mark(key, enabled)
    return enabled
  }

  /** Counts this request for `key` on the side given, once the response finishes (while the flag has an active canary). */
  mark(key: string, enabled: boolean): void {
    this.measured ??= new Map()
    if (this.measured.has(key)) return
    this.measured.set(key, enabled)
    if (!this.listening && this.client.hasCanary(key)) {
      this.listening = true
      this.response.once('finish', () => this.finished())
    }
  }

  private finished(): void {
    const latencyMs = performance.now() - this.startedAt
    const success = this.response.statusCode < 500
    for (const [key, enabled] of this.measured!) this.client.recordSide(key, enabled, success, latencyMs)
  }
}

type WithFlags = { sluice?: unknown; originalUrl?: string }

function sendJson(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.statusCode = statusCode
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(text))
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end(text)
}

export function createExpressMiddleware<Request extends IncomingMessage>(
  client: ExpressHost,
  extract: ContextFromRequest<Request>,
  onContextError: (error: unknown) => void,
): Middleware<Request> {
  const chaos = client.chaos
  return function sluice(req, res, next) {
    ;(req as WithFlags).sluice = new BoundFlags(client, req, res, extract, onContextError)
    if (chaos === undefined || !chaos.requestsActive) {
      next()
      return
    }
    applyRequestChaos(chaos, req.method ?? 'GET', (req as WithFlags).originalUrl ?? req.url ?? '/', {
      respond(statusCode: number, body: ChaosErrorBody, ruleId: string) {
        if (res.headersSent) {
          res.destroy()
          return
        }
        sendJson(res, statusCode, body, { [CHAOS_HEADER]: ruleId })
      },
      proceed: () => next(),
      onAbort(fn) {
        res.once('close', fn)
        return () => res.off('close', fn)
      },
    })
  }
}

export function createRequireFlag<Request extends IncomingMessage, Response extends ServerResponse>(
  client: ExpressHost,
  key: string,
  extract: ContextFromRequest<Request>,
  options: RequireFlagOptions<Request, Response>,
  onContextError: (error: unknown) => void,
): Middleware<Request, Response> {
  if (typeof key !== 'string' || key === '') throw InvalidOptionError.expected('requireFlag(key)', 'a flag key', key)
  if (options.context !== undefined && typeof options.context !== 'function') {
    throw InvalidOptionError.expected('requireFlag options.context', 'a function (req) => EvaluationContext', options.context)
  }
  if (options.onDisabled !== undefined && typeof options.onDisabled !== 'function') {
    throw InvalidOptionError.expected('requireFlag options.onDisabled', 'a middleware function', options.onDisabled)
  }
  const own = options.context
  const onDisabled = options.onDisabled
  return function requireSluiceFlag(req, res, next) {
    const attached = (req as WithFlags).sluice
    const bound = attached instanceof BoundFlags ? attached : undefined
    const context = own === undefined && bound !== undefined ? bound.context : contextOf(own ?? extract, req, onContextError)
    if (client.isEnabled(key, context)) {
      if (bound !== undefined) bound.mark(key, true)
      else if (client.hasCanary(key)) {
        // Without client.express(), the guard starts the clock and becomes the request's handle.
        const flags = new BoundFlags(client, req, res, extract, onContextError)
        ;(req as WithFlags).sluice = flags
        flags.mark(key, true)
      }
      next()
      return
    }
    if (onDisabled !== undefined) {
      onDisabled(req, res, next)
      return
    }
    sendNotFound(req, res)
  }
}

function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  const url = (req as WithFlags).originalUrl ?? req.url ?? '/'
  const path = url.split('?', 1)[0]
  sendJson(res, 404, { statusCode: 404, error: 'Not Found', message: `Route ${req.method}:${path} not found` })
}
