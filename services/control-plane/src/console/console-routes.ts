/**
 * Serves the console (services/console, a Vite build) at `/`. The build is a handful of files,
 * so they are read and gzipped once at start-up and served from memory: no file-system access
 * per request and no path from a URL ever reaches the disk. Client routes are listed
 * explicitly rather than caught by a not-found fallback, so the console can never shadow /api,
 * /docs, /healthz, /readyz, /metrics or /openapi.json, and an unknown API path stays a JSON 404.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pathParams } from '../http/path-params.js'

/** The console's build output, at the same depth from src/ and dist/. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url))

/** The pages of the single-page app; each answers with index.html and the app routes itself. */
export const CLIENT_ROUTES = ['/', '/flags', '/flags/*', '/canaries', '/canaries/*', '/rollbacks', '/chaos', '/audit', '/tokens', '/segments', '/environments']

/** No inline script or style, nothing framed, nothing fetched from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

const AssetParams = pathParams({ name: Type.String({ maxLength: 128 }) })

interface Asset {
  type: string
  body: Buffer
  gzip: Buffer
  cacheControl: string
}

function load(path: string, cacheControl: string): Asset {
  const body = readFileSync(path)
  return { type: TYPES[extname(path)] ?? 'application/octet-stream', body, gzip: gzipSync(body), cacheControl }
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  reply
    .header('content-type', asset.type)
    .header('cache-control', asset.cacheControl)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('vary', 'accept-encoding')
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(asset.gzip)
  }
  return reply.send(asset.body)
}

/** Registers the console when it has been built; without a build the API runs alone. */
export async function consoleRoutes(app: FastifyInstance, options: { dir?: string } = {}): Promise<void> {
  const dir = options.dir ?? CONSOLE_DIST
  const indexPath = join(dir, 'index.html')
  if (!existsSync(indexPath)) {
    app.log.info({ dir }, 'the console is not built (pnpm build); serving the API only')
    return
  }
  // index.html names the hashed assets of this build, so it must be revalidated every time.
  const index = load(indexPath, 'no-cache')
  const assets = new Map<string, Asset>()
  const assetDir = join(dir, 'assets')
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) assets.set(name, load(join(assetDir, name), 'public, max-age=31536000, immutable'))
  }
  const config = { access: 'public' as const }
  for (const url of CLIENT_ROUTES) {
    app.get(url, { config, schema: { hide: true } }, async (request, reply) => send(request, reply, index))
  }
  app.get<{ Params: { name: string } }>('/assets/:name', { config, schema: { hide: true, params: AssetParams } }, async (request, reply) => {
    const asset = assets.get(request.params.name)
    if (!asset) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no console asset named ${request.params.name}` })
    return send(request, reply, asset)
  })
}
