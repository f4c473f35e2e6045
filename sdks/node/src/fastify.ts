/**
 * The Fastify plugin: route guards, canary outcomes and chaos, in one registration.
 *
 * Every hook is plugin-wide, never attached route by route through `onRoute`: Fastify resolves
 * a route's hooks when the app boots, so a plugin-wide hook reaches routes declared before the
 * plugin and routes added while an un-awaited `app.register(sluice.fastify())` is still
 * pending. An `onRoute` hook sees neither, and a guard that misses a route fails open.
 *
 * Route guard: a route that declares `config: { featureFlag: 'key' }` answers 404 while that
 * flag is off for the request, exactly as if the route did not exist (it goes through the
 * app's own not-found handler, so a custom 404 page or shape applies too). The guard is a
 * `preValidation` hook: after `onRequest` hooks (where auth usually sets `request.user`) and
 * body parsing, before the route's own `preValidation` hooks and schema validation, so a
 * disabled route never leaks its existence through a 400. A route without a flag pays one
 * property read (`routeOptions.config.featureFlag`) for it.
 *
 * Outcomes: a guarded route that ran (its flag was on, so the request is on the canary side)
 * reports its outcome while the flag has an active canary: a status of 500 or more is an
 * error, the latency is Fastify's own `reply.elapsedTime`. The guard's evaluation is the
 * side, so the flag is not evaluated twice. A request the guard turned away is not counted as
 * baseline: its 404 is not the route's old behaviour, and comparing the new route's latency
 * with a not-found answer's would roll healthy canaries back.
 *
 * Chaos: when this process is armed for chaos, an `onRequest` hook (on not-found answers too)
 * applies latency, error and timeout rules, and sets the request scope that lets wrapped
 * database and Redis calls see which request they serve. In a process where chaos is disarmed
 * (production), the hook is not registered at all.
 *
 * The plugin skips Fastify's encapsulation (what `fastify-plugin` does), so its hooks reach
 * every route of the app rather than only routes registered inside it, in encapsulated
 * plugins registered before it too (Fastify hands a hook added to an instance on to its
 * children). Types are structural, so the SDK needs no dependency on Fastify, not even for
 * its typings.
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
type RequestHook = (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void

interface RouteLike {
  method: string | string[]
  url: string
  config?: unknown
}

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  addHook(name: 'onRequest' | 'preValidation' | 'onResponse', hook: RequestHook): unknown
  addHook(name: 'onRoute', hook: (route: RouteLike) => void): unknown
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

/** Set by the guard on a request it let through: the flag whose canary the route's outcome counts for. */
const GUARDED = Symbol.for('sluice.guardedFlag')

type GuardedRequest = Record<symbol, string | undefined>

function featureFlagOf(config: unknown): unknown {
  return typeof config === 'object' && config !== null ? (config as { featureFlag?: unknown }).featureFlag : undefined
}

function isFlagKey(key: unknown): key is string {
  return typeof key === 'string' && key !== ''
}

function notAFlagKey(key: unknown, method: string | string[], url: string | undefined): InvalidOptionError {
  return InvalidOptionError.expected(`route ${[method].flat().join(',')} ${url}: config.featureFlag`, 'a flag key', key)
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

  const guard: RequestHook = (request, reply, done) => {
    const key = featureFlagOf(request.routeOptions.config)
    if (key === undefined) {
      done()
      return
    }
    // Only a route declared before the plugin gets here with a bad key; it fails closed.
    if (!isFlagKey(key)) {
      done(notAFlagKey(key, request.method, request.routeOptions.url))
      return
    }
    if (!client.isEnabled(key, contextOf(extract, request, onContextError))) {
      reply.callNotFound()
      return
    }
    ;(request as unknown as GuardedRequest)[GUARDED] = key
    done()
  }

  const recordOutcome: RequestHook = (request, reply, done) => {
    const key = (request as unknown as GuardedRequest)[GUARDED]
    if (key !== undefined) {
      const { statusCode, elapsedTime } = reply as FastifyReplyInternals
      client.recordSide(key, true, statusCode < 500, elapsedTime)
    }
    done()
  }

  const plugin: SluiceFastifyPlugin = (instance, _options, done) => {
    if (!instance.hasRequestDecorator(GUARDED)) instance.decorateRequest(GUARDED, undefined)
    // A route declared after the plugin learns of a bad key at start-up rather than on its first request.
    instance.addHook('onRoute', (route) => {
      const key = featureFlagOf(route.config)
      if (key !== undefined && !isFlagKey(key)) throw notAFlagKey(key, route.method, route.url)
    })
    instance.addHook('preValidation', guard)
    instance.addHook('onResponse', recordOutcome)

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
  // request.routeOptions.config, which the guard reads, arrived in 4.23: an older Fastify refuses the plugin rather than run it unguarded.
  meta[Symbol.for('plugin-meta')] = { name: '@sluice/sdk', fastify: '>=4.23.0' }
  return plugin
}
