/**
 * CORS for the routes browsers call (OFREP and /api/v1/client/*), with an allow-list of
 * origins (CORS_ORIGINS) and nothing allowed by default. Every other route stays same-origin
 * only: the admin API is never callable from a page on another site.
 *
 * Runs before authentication, so a refusal (401, 403, 429) still carries the headers that let
 * the page read why. No credentials: client tokens travel in Authorization, never in cookies.
 */
import type { FastifyInstance } from 'fastify'
import { ForbiddenError } from '../errors.js'

const BROWSER_PATHS = /^\/(?:ofrep\/|api\/v1\/client\/)/

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'Authorization, Content-Type, If-None-Match, X-API-Key, Last-Event-ID',
  // Ten minutes: Chromium's cap, so one preflight serves a page's whole session of polls.
  'access-control-max-age': '600',
}

export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins)
  app.addHook('onRequest', async (request, reply) => {
    if (!BROWSER_PATHS.test(request.url)) return
    reply.header('vary', 'Origin')
    const origin = request.headers.origin
    const preflight = request.method === 'OPTIONS'
    if (origin === undefined || !allowed.has(origin)) {
      if (preflight) throw new ForbiddenError(`the origin ${JSON.stringify(origin ?? '')} is not allowed: add it to CORS_ORIGINS`)
      return
    }
    reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', 'ETag, Retry-After, X-Request-Id')
    if (preflight) return reply.code(204).headers(PREFLIGHT_HEADERS).send()
  })
}
