import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '../errors.js'
import type { Actor } from '../platform/actor.js'
import { ACCESS, allows, type Access, type Principal } from './roles.js'
import type { TokenService } from './token-service.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; omitted means `admin`. */
    access?: Access
  }
  interface FastifyRequest {
    principal?: Principal
  }
}

/**
 * The token of a request. Client routes also take OFREP's `X-API-Key` header and, for
 * navigator.sendBeacon (which cannot send headers), `?clientKey=`: a client token is made to
 * be seen by anyone who opens the page, so a URL is no worse a place for it.
 */
function bearer(request: FastifyRequest, access: Access): string | undefined {
  const header = request.headers.authorization
  if (!header && access === 'client') {
    const apiKey = request.headers['x-api-key']
    return typeof apiKey === 'string' ? apiKey : (request.query as { clientKey?: string } | undefined)?.clientKey
  }
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/** Authenticates every routed request before its body is even validated. */
export function registerAuth(app: FastifyInstance, tokens: TokenService): void {
  app.addHook('onRequest', async (request) => {
    // Unknown routes answer 404 whoever asks.
    if (request.is404) return
    const access = request.routeOptions.config.access ?? 'admin'
    if (access === 'public') return
    const principal = await tokens.authenticate(bearer(request, access))
    if (!principal) throw new UnauthorizedError('a valid bearer token is required (Authorization: Bearer <token>)')
    if (!allows(access, principal.role)) {
      throw new ForbiddenError(
        `the token "${principal.name}" has role ${principal.role}; this action needs ${ACCESS[access].join(' or ')}`,
      )
    }
    request.principal = principal
  })
}

/** The actor a request's mutations are recorded under. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal
  if (!principal) throw new UnauthorizedError('no authenticated principal on this request')
  return { name: principal.name, tokenId: principal.tokenId, requestId: request.id }
}
