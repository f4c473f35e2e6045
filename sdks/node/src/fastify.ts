/**
 * The Fastify route guard: a route that declares `config: { featureFlag: 'key' }` answers 404
 * while that flag is off for the request, exactly as if the route did not exist (it goes
 * through the app's own not-found handler, so a custom 404 page or shape applies too).
 *
 * The plugin skips Fastify's encapsulation (what `fastify-plugin` does), so its hook reaches
 * every route of the app rather than only routes registered inside it. The guard runs in
 * `preValidation`: after `onRequest` hooks (where auth usually sets `request.user`) and body
 * parsing, before schema validation, so a disabled route never leaks its existence through a
 * 400. Routes without `featureFlag` pay one property read.
 *
 * Types are structural, so the SDK needs no dependency on Fastify, not even for its typings.
 */
import type { EvaluationContext } from '@sluice/core'
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

type HookDone = (err?: Error) => void

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  addHook(name: 'preValidation', hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: HookDone) => void): unknown
  addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string; config?: unknown }) => void): unknown
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

function featureFlagOf(config: unknown): unknown {
  return typeof config === 'object' && config !== null ? (config as { featureFlag?: unknown }).featureFlag : undefined
}

export function createFastifyPlugin(
  client: GuardClient,
  extract: ContextFromRequest<FastifyRequestLike>,
  onContextError: (error: unknown) => void,
): SluiceFastifyPlugin {
  const plugin: SluiceFastifyPlugin = (instance, _options, done) => {
    instance.addHook('onRoute', (route) => {
      const key = featureFlagOf(route.config)
      if (key !== undefined && (typeof key !== 'string' || key === '')) {
        const method = Array.isArray(route.method) ? route.method.join(',') : route.method
        throw InvalidOptionError.expected(`route ${method} ${route.url}: config.featureFlag`, 'a flag key', key)
      }
    })
    instance.addHook('preValidation', (request, reply, next) => {
      const key = featureFlagOf(request.routeOptions.config)
      if (typeof key !== 'string' || client.isEnabled(key, contextOf(extract, request, onContextError))) {
        next()
        return
      }
      reply.callNotFound()
    })
    done()
  }
  const meta = plugin as unknown as Record<symbol, unknown>
  meta[Symbol.for('skip-override')] = true
  meta[Symbol.for('fastify.display-name')] = '@sluice/sdk'
  meta[Symbol.for('plugin-meta')] = { name: '@sluice/sdk', fastify: '>=4' }
  return plugin
}
