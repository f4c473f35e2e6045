/**
 * The Fastify plugin: route guards, canary outcomes and chaos, in one registration.
 *
 * Route guard: a route that declares `config: { featureFlag: 'key' }` answers 404 while that
 * flag is off for the request, exactly as if the route did not exist (it goes through the
 * app's own not-found handler, so a custom 404 page or shape applies too). The guard is a
 * route-level `preValidation` hook: after `onRequest` hooks (where auth usually sets
 * `request.user`), body parsing and the app's own `preValidation` hooks, before the route's
 * own `preValidation` hooks and schema validation, so a disabled route never leaks its existence through a 400. It is added (through
 * `onRoute`) to guarded routes only: other routes pay nothing for it.
 *
 * Outcomes: a guarded route that ran (its flag was on, so the request is on the canary side)
 * reports its outcome while the flag has an active canary: a status of 500 or more is an
 * error, the latency is Fastify's own `reply.elapsedTime`. The guard's evaluation is the
 * side, so the flag is not evaluated twice. A request the guard turned away is not counted as
 * baseline: its 404 is not the route's old behaviour, and comparing the new route's latency
 * with a not-found answer's would roll healthy canaries back. This hook too is on guarded
 * routes only.
 *
 * Chaos: when this process is armed for chaos, an `onRequest` hook on every route (and on
 * not-found answers) applies latency, error and timeout rules, and sets the request scope
 * that lets wrapped database and Redis calls see which request they serve. In a process where
 * chaos is disarmed (production), the hook is not registered at all.
 *
 * The plugin skips Fastify's encapsulation (what `fastify-plugin` does), so its hooks reach
 * every route of the app rather than only routes registered inside it. Types are structural,
 * so the SDK needs no dependency on Fastify, not even for its typings.
 */
import type { EvaluationContext } from '@sluice/core'
import type { ChaosEngine } from './chaos.js'
import { applyRequestChaos, CHAOS_HEADER, type ChaosErrorBody, type ChaosExchange } from './chaos-http.js'
import { InvalidOptionError } from './errors.js'
import { type ContextFromRequest, contextOf, type RequestLike } from './request-context.js'

export interface FastifyRequestLike extends RequestLike {
  method: string
  url: string
  routeOptions: { readonly config?: unknown; readonly url?: string | undefined }
}

export interface FastifyReplyLike {
  callNotFound(): void
}

/** What the chaos hook and the outcome hook use of a reply. */
interface FastifyReplyInternals extends FastifyReplyLike {
  statusCode: number
  readonly elapsedTime: number
  readonly raw: { once(event: 'close', listener: () => void): unknown; off(event: 'close', listener: () => void): unknown }
  code(statusCode: number): FastifyReplyInternals
  header(name: string, value: string): FastifyReplyInternals
  send(payload: unknown): unknown
}

type HookDone = (err?: Error) => void
type RouteHook = (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void

interface RouteOptionsLike {
  method: string | string[]
  url: string
  config?: unknown
  preValidation?: RouteHook | RouteHook[] | undefined
  onResponse?: RouteHook | RouteHook[] | undefined
}

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void): unknown
  addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string; config?: unknown }) => void): unknown
  decorateRequest(name: symbol, value: unknown): unknown
  hasRequestDecorator(name: symbol): boolean
}

/** Pass to `app.register()`. */
export type SluiceFastifyPlugin = (instance: FastifyInstanceLike, options: unknown, done: (err?: Error) => void) => void

export interface FastifyGuardOptions<Request = FastifyRequestLike> {
  /** Builds the request's evaluation context; default: the client's `context` option, else user id, session and ip. */
  context?: ContextFromRequest<Request>
}

/** What the plugin needs from the client. */
export interface GuardClient {
  isEnabled(key: string, context?: EvaluationContext): boolean
}

/** What the plugin needs from the client beyond evaluation. */
export interface FastifyPluginHost extends GuardClient {
  /** Records one request of a flag's canary, on the side given; a no-op when the flag has no active canary. */
  recordSide(key: string, onCanarySide: boolean, success: boolean, latencyMs: number): void
  /** The chaos engine, or undefined when this process can never inject. */
  chaos: ChaosEngine | undefined
}

/** Set by the guard on a request it let through, so the outcome hook knows the route ran for the flag. */
const PASSED = Symbol.for('sluice.guardPassed')

function featureFlagOf(config: unknown): unknown {
  return typeof config === 'object' && config !== null ? (config as { featureFlag?: unknown }).featureFlag : undefined
}

function withHook(existing: RouteHook | RouteHook[] | undefined, hook: RouteHook, where: 'first' | 'last'): RouteHook[] {
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
  return where === 'first' ? [hook, ...list] : [...list, hook]
}

function fastifyExchange(reply: FastifyReplyInternals, done: HookDone): ChaosExchange {
  return {
    respond(statusCode: number, body: ChaosErrorBody, ruleId: string) {
      reply.code(statusCode).header(CHAOS_HEADER, ruleId).send(body)
    },
    proceed: () => done(),
    onAbort(fn) {
      reply.raw.once('close', fn)
      return () => reply.raw.off('close', fn)
    },
  }
}

export function createFastifyPlugin(
  client: FastifyPluginHost,
  extract: ContextFromRequest<FastifyRequestLike>,
  onContextError: (error: unknown) => void,
): SluiceFastifyPlugin {
  const chaos = client.chaos
  const plugin: SluiceFastifyPlugin = (instance, _options, done) => {
    if (!instance.hasRequestDecorator(PASSED)) instance.decorateRequest(PASSED, false)

    instance.addHook('onRoute', (route) => {
      const key = featureFlagOf(route.config)
      if (key === undefined) return
      if (typeof key !== 'string' || key === '') {
        const method = Array.isArray(route.method) ? route.method.join(',') : route.method
        throw InvalidOptionError.expected(`route ${method} ${route.url}: config.featureFlag`, 'a flag key', key)
      }
      const options = route as RouteOptionsLike
      // Before the route's own preValidation hooks: a disabled route looks missing before any of its logic runs.
      options.preValidation = withHook(options.preValidation, (request, reply, next) => {
        if (client.isEnabled(key, contextOf(extract, request, onContextError))) {
          ;(request as unknown as Record<symbol, boolean>)[PASSED] = true
          next()
          return
        }
        reply.callNotFound()
      }, 'first')
      options.onResponse = withHook(options.onResponse, (request, reply, next) => {
        if ((request as unknown as Record<symbol, boolean>)[PASSED]) {
          const { statusCode, elapsedTime } = reply as FastifyReplyInternals
          client.recordSide(key, true, statusCode < 500, elapsedTime)
        }
        next()
      }, 'last')
    })

    if (chaos !== undefined) {
      instance.addHook('onRequest', (request, reply, next) => {
        if (!chaos.requestsActive) {
          next()
          return
        }
        applyRequestChaos(chaos, request.method, request.url, fastifyExchange(reply as FastifyReplyInternals, next))
      })
    }

    done()
  }
  const meta = plugin as unknown as Record<symbol, unknown>
  meta[Symbol.for('skip-override')] = true
  meta[Symbol.for('fastify.display-name')] = '@sluice/sdk'
  meta[Symbol.for('plugin-meta')] = { name: '@sluice/sdk', fastify: '>=4' }
  return plugin
}
