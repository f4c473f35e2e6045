/**
 * Requests per minute for each client token and caller address (CLIENT_RATE_LIMIT), as a token
 * bucket that holds a minute's worth: a page may burst on load, and a page stuck in a loop is
 * slowed to the limit without touching anyone else's. Keyed by address as well as token
 * because one client token is shared by every visitor of a site: a limit on the token alone
 * would let one looping tab lock every visitor out. Per replica, in memory: N replicas allow
 * N times the limit, which is what protecting each replica needs. Behind a load balancer, set
 * TRUST_PROXY so the address is the visitor's, not the balancer's.
 */
import type { FastifyRequest } from 'fastify'
import { SluiceError } from '../errors.js'

/** Buckets kept at most; the least recently used goes first, so memory stays bounded under any traffic. */
const MAX_BUCKETS = 100_000

export class ClientRateLimitedError extends SluiceError {
  constructor(perMinute: number, retryAfterS: number) {
    super('SLUICE_TOO_MANY_REQUESTS', 429, `more than ${perMinute} requests a minute from this client token and address (CLIENT_RATE_LIMIT=${perMinute}); retry after ${retryAfterS} s`, {
      'retry-after': String(retryAfterS),
    })
  }
}

interface Bucket {
  tokens: number
  at: number
}

export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly perMs: number

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000
  }

  /** Takes one request from `key`'s bucket: 0 when it may go ahead, else the whole seconds to wait. */
  take(key: string): number {
    const now = this.now()
    const held = this.buckets.get(key)
    const tokens = held ? Math.min(this.perMinute, held.tokens + (now - held.at) * this.perMs) : this.perMinute
    this.buckets.delete(key)
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now })
      return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000))
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now })
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!)
    return 0
  }

  /** An onRequest hook for client routes, after authentication: only client tokens are limited (servers hold sdk tokens). */
  hook = async (request: FastifyRequest): Promise<void> => {
    const principal = request.principal
    if (principal?.role !== 'client' || this.perMinute === 0) return
    const wait = this.take(`${principal.tokenId} ${request.ip}`)
    if (wait > 0) throw new ClientRateLimitedError(this.perMinute, wait)
  }
}
