/**
 * Express and connect middleware. `client.express()` gives each request a `sluice` handle
 * (its evaluation context, computed once, and evaluation bound to it); it is also where chaos
 * injection and canary outcome recording will hook in. `client.requireFlag(key)` guards one
 * route, answering 404 (Fastify's JSON error shape, as the control plane answers) while the
 * flag is off for the request.
 *
 * Types are structural over node:http, so the SDK needs no dependency on Express: the
 * middleware fits `app.use()` and route handlers of Express 4/5 and connect alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Evaluation, EvaluationContext, VariantResult } from '@sluice/core'
import { InvalidOptionError } from './errors.js'
import { type ContextFromRequest, contextOf, type RequestLike } from './request-context.js'

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

class BoundFlags<Request> implements RequestFlags {
  private built: EvaluationContext | undefined

  constructor(
    private readonly client: EvaluatingClient,
    private readonly request: Request,
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
}

type WithFlags = { sluice?: unknown }

export function createExpressMiddleware<Request extends IncomingMessage>(
  client: EvaluatingClient,
  extract: ContextFromRequest<Request>,
  onContextError: (error: unknown) => void,
): Middleware<Request> {
  return function sluice(req, _res, next) {
    ;(req as WithFlags).sluice = new BoundFlags(client, req, extract, onContextError)
    // Chaos injection (DESIGN §8) and canary outcome recording (§6) hook in here: before
    // next() for injected latency and errors, on the response's 'finish' for outcomes.
    next()
  }
}

export function createRequireFlag<Request extends IncomingMessage, Response extends ServerResponse>(
  client: EvaluatingClient,
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
    const context =
      own === undefined && attached instanceof BoundFlags ? attached.context : contextOf(own ?? extract, req, onContextError)
    if (client.isEnabled(key, context)) {
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
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/'
  const path = url.split('?', 1)[0]
  const body = JSON.stringify({ statusCode: 404, error: 'Not Found', message: `Route ${req.method}:${path} not found` })
  res.statusCode = 404
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(body))
  res.end(body)
}

