/**
 * One signed POST, as every outgoing request of Sluice's is made (canary webhooks, deployers).
 * The body is signed Stripe-style over `<timestamp>.<body>` so a receiver can reject both
 * forgeries and replays:
 *
 *   x-sluice-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 */
import { createHmac } from 'node:crypto'

export interface RetrySettings {
  maxAttempts: number
  /** Backoff after attempt n is base · 2^(n−1) seconds, capped at 10 minutes. */
  backoffBaseSeconds: number
  timeoutMs: number
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export interface SignedPost {
  url: string
  event: string
  /** Sent as x-sluice-delivery: the same on every retry, so a receiver can apply a delivery once. */
  deliveryId: string
  body: string
  secret: string | undefined
  timeoutMs: number
}

/** Sends `post`; undefined when the receiver answered 2xx, else what went wrong. */
export async function postSigned(post: SignedPost): Promise<string | undefined> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'sluice-webhooks/1',
    'x-sluice-event': post.event,
    'x-sluice-delivery': post.deliveryId,
  }
  if (post.secret) headers['x-sluice-signature'] = signWebhook(post.secret, Math.floor(Date.now() / 1000), post.body)
  try {
    const res = await fetch(post.url, { method: 'POST', headers, body: post.body, signal: AbortSignal.timeout(post.timeoutMs) })
    await res.body?.cancel()
    return res.ok ? undefined : `HTTP ${res.status}`
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** Seconds until the next attempt after `attempt` failed, or undefined when it was the last. */
export function retryDelaySeconds(attempt: number, settings: RetrySettings): number | undefined {
  if (attempt >= settings.maxAttempts) return undefined
  return Math.min(600, settings.backoffBaseSeconds * 2 ** (attempt - 1))
}

/**
 * Runs an outbox's send pass, one at a time. A call during a pass gets that pass, extended by
 * one more: what became due meanwhile (a retry just scheduled, a delivery just queued) was not
 * in it.
 */
export class OutboxDrain {
  private running: Promise<void> | undefined
  private again = false

  constructor(private readonly pass: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.pass()
      } while (this.again)
    })().finally(() => {
      this.running = undefined
    })
    return this.running
  }
}
