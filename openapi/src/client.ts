import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './schema.js'

export interface ApiClientOptions {
  /** Where the control plane listens, e.g. `http://127.0.0.1:3001` (paths start with /api/v1). */
  url: string
  /** An API token; its role decides what the client may do (docs/api.md, "Tokens and roles"). */
  token: string
  /** A fetch to use instead of the global one: a timeout, a proxy agent, a test double. */
  fetch?: (request: Request) => Promise<Response>
}

/** The openapi-fetch client over the Sluice document: `api.GET(path, init)` and friends. */
export type ApiClient = Client<paths>

/** A client for the control plane's REST API, typed from openapi.json, sending the bearer token. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { url, token } = options ?? {}
  if (typeof url !== 'string' || !/^https?:\/\/[^/]/i.test(url)) {
    throw new TypeError(`options.url must be an http(s) URL such as http://127.0.0.1:3001, got ${JSON.stringify(url)}`)
  }
  if (typeof token !== 'string' || token.trim() === '') throw new TypeError('options.token must be a non-empty API token')
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new TypeError('options.fetch must be a function')
  return createClient<paths>({
    baseUrl: url.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
}
