/**
 * Sends webhook deliveries from the outbox: HMAC-signed, retried with exponential backoff,
 * given up after a fixed number of attempts. The body is signed Stripe-style over
 * `<timestamp>.<body>` so a receiver can reject both forgeries and replays:
 *
 *   x-sluice-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 */
import { createHmac } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { Logger } from '../platform/logger.js'
import { claimDueDeliveries, markDelivered, markFailedAttempt, type DeliveryRow } from './webhook-outbox.js'

export interface WebhookSettings {
  secret: string | undefined
  maxAttempts: number
  /** Backoff after attempt n is base · 2^(n−1) seconds, capped at 10 minutes. */
  backoffBaseSeconds: number
  timeoutMs: number
}

export const DEFAULT_WEBHOOK_SETTINGS: Omit<WebhookSettings, 'secret'> = { maxAttempts: 8, backoffBaseSeconds: 2, timeoutMs: 5_000 }

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export class WebhookSender {
  private running: Promise<void> | undefined
  private again = false

  constructor(
    private readonly db: Db,
    private readonly settings: WebhookSettings,
    private readonly log: Logger,
  ) {}

  /**
   * Sends what is due now. A call during a pass gets that pass, extended by one more: what
   * became due meanwhile (a retry just scheduled, a delivery just queued) was not in it.
   */
  deliverDue(): Promise<void> {
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

  private async pass(): Promise<void> {
    const lease = Math.ceil(this.settings.timeoutMs / 1000) + 30
    for (const delivery of await claimDueDeliveries(this.db, 20, lease)) await this.send(delivery)
  }

  private async send(delivery: DeliveryRow): Promise<void> {
    const body = JSON.stringify({ id: delivery.id, event: delivery.event, ...(delivery.payload as object) })
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'sluice-webhooks/1',
      'x-sluice-event': delivery.event,
      'x-sluice-delivery': String(delivery.id),
    }
    if (this.settings.secret) headers['x-sluice-signature'] = signWebhook(this.settings.secret, Math.floor(Date.now() / 1000), body)
    try {
      const res = await fetch(delivery.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.settings.timeoutMs) })
      await res.body?.cancel()
      if (res.ok) {
        await markDelivered(this.db, delivery.id)
        return
      }
      await this.failed(delivery, `HTTP ${res.status}`)
    } catch (err) {
      await this.failed(delivery, err instanceof Error ? err.message : String(err))
    }
  }

  private async failed(delivery: DeliveryRow, error: string): Promise<void> {
    const attempt = delivery.attempts + 1
    const giveUp = attempt >= this.settings.maxAttempts
    const retryIn = giveUp ? undefined : Math.min(600, this.settings.backoffBaseSeconds * 2 ** (attempt - 1))
    this.log.warn({ delivery: delivery.id, origin: new URL(delivery.url).origin, attempt, error, giveUp }, 'webhook delivery failed')
    await markFailedAttempt(this.db, delivery.id, error, retryIn)
  }
}
