/**
 * Sends webhook deliveries from the outbox: HMAC-signed (signed-post.ts), retried with
 * exponential backoff, given up after a fixed number of attempts.
 */
import type { Db } from '../db/database.js'
import type { Logger } from '../platform/logger.js'
import { claimDueDeliveries, markDelivered, markFailedAttempt, type DeliveryRow } from './webhook-outbox.js'
import { OutboxDrain, postSigned, retryDelaySeconds, type RetrySettings } from './signed-post.js'

export interface WebhookSettings extends RetrySettings {
  secret: string | undefined
}

export const DEFAULT_WEBHOOK_SETTINGS: RetrySettings = { maxAttempts: 8, backoffBaseSeconds: 2, timeoutMs: 5_000 }

export class WebhookSender {
  private readonly drain = new OutboxDrain(() => this.pass())

  constructor(
    private readonly db: Db,
    private readonly settings: WebhookSettings,
    private readonly log: Logger,
  ) {}

  /** Sends what is due now. */
  deliverDue(): Promise<void> {
    return this.drain.run()
  }

  private async pass(): Promise<void> {
    const lease = Math.ceil(this.settings.timeoutMs / 1000) + 30
    for (const delivery of await claimDueDeliveries(this.db, 20, lease)) await this.send(delivery)
  }

  private async send(delivery: DeliveryRow): Promise<void> {
    const body = JSON.stringify({ id: delivery.id, event: delivery.event, ...(delivery.payload as object) })
    const error = await postSigned({ url: delivery.url, event: delivery.event, deliveryId: String(delivery.id), body, secret: this.settings.secret, timeoutMs: this.settings.timeoutMs })
    if (error === undefined) {
      await markDelivered(this.db, delivery.id)
      return
    }
    const attempt = delivery.attempts + 1
    const retryIn = retryDelaySeconds(attempt, this.settings)
    this.log.warn({ delivery: delivery.id, origin: new URL(delivery.url).origin, attempt, error, giveUp: retryIn === undefined }, 'webhook delivery failed')
    await markFailedAttempt(this.db, delivery.id, error, retryIn)
  }
}
