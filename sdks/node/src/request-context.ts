/**
 * The evaluation context of an HTTP request, for the route guards. The default reads what most
 * apps have: the authenticated user (`request.user.id`, as passport, @fastify/jwt and most
 * auth middleware set it), else an `x-user-id` header, an `x-session-id` header, and the
 * client address. Headers are whatever the caller sends: fine for targeting and rollouts, not
 * an access control. Apps that know better pass their own `context(request)`.
 */
import type { EvaluationContext } from '@sluice/core'

/** What the default context reads; Fastify's and Express's requests both have this shape. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>
  ip?: string | undefined
  user?: unknown
  socket?: { remoteAddress?: string | undefined } | undefined
}

/** Builds the evaluation context of a request. */
export type ContextFromRequest<Request = RequestLike> = (request: Request) => EvaluationContext

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return undefined
}

function header(request: RequestLike, name: string): string | undefined {
  const value = request.headers?.[name]
  return idOf(Array.isArray(value) ? value[0] : value)
}

export function defaultRequestContext(request: RequestLike): EvaluationContext {
  const context: EvaluationContext = {}
  const user = request.user
  const userId = (typeof user === 'object' && user !== null ? idOf((user as { id?: unknown }).id) : undefined) ?? header(request, 'x-user-id')
  if (userId !== undefined) context.userId = userId
  const sessionId = header(request, 'x-session-id')
  if (sessionId !== undefined) context.sessionId = sessionId
  const ip = request.ip ?? request.socket?.remoteAddress
  if (ip !== undefined) context.ip = ip
  return context
}

const EMPTY: EvaluationContext = Object.freeze({})

/**
 * Runs a context function without letting it break the request: one that throws evaluates as
 * an anonymous request (no user, no session, no address), and the error is logged.
 */
export function contextOf<Request>(
  extract: ContextFromRequest<Request>,
  request: Request,
  onError: (error: unknown) => void,
): EvaluationContext {
  try {
    const context = extract(request)
    return typeof context === 'object' && context !== null ? context : EMPTY
  } catch (error) {
    onError(error)
    return EMPTY
  }
}
