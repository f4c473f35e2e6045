/**
 * Asks deployers to roll back: sends the queued requests (rollback-outbox.ts), signed with each
 * service's own secret exactly as canary webhooks are signed, retried with backoff. The
 * rollback id travels as `x-sluice-delivery` and `idempotencyKey` on every attempt, so a
 * deployer that receives a request twice (a slow answer Sluice gave up on) acts once.
 */
import type { Db } from '../db/database.js'
import type { Logger } from '../platform/logger.js'
import { OutboxDrain, postSigned, retryDelaySeconds, type RetrySettings } from '../webhooks/signed-post.js'
import { claimDueRequests, markAsked, markFailedAttempt, type ClaimedRequest } from './rollback-outbox.js'

export class DeployerSender {
  private readonly drain = new OutboxDrain(() => this.pass())

  constructor(
    private readonly db: Db,
    private readonly settings: RetrySettings,
    private readonly log: Logger,
  ) {}

  /** Sends what is due now. */
  deliverDue(): Promise<void> {
    return this.drain.run()
  }

  /** A one-off signed request, not queued and not retried: the test button. */
  async test(service: string, url: string, secret: string): Promise<string | undefined> {
    const body = JSON.stringify({ event: 'deployer.test', service, at: new Date().toISOString() })
    return postSigned({ url, event: 'deployer.test', deliveryId: `test-${Date.now()}`, body, secret, timeoutMs: this.settings.timeoutMs })
  }

  private async pass(): Promise<void> {
    const lease = Math.ceil(this.settings.timeoutMs / 1000) + 30
    for (const request of await claimDueRequests(this.db, 20, lease)) await this.send(request)
  }

  private async send(request: ClaimedRequest): Promise<void> {
    const body = JSON.stringify(request.payload)
    const sentAt = new Date()
    const error = await postSigned({ url: request.url, event: request.event, deliveryId: request.rollbackId, body, secret: request.secret, timeoutMs: this.settings.timeoutMs })
    if (error === undefined) {
      await markAsked(this.db, request.rollbackId, sentAt)
      return
    }
    const attempt = request.attempts + 1
    const retryIn = retryDelaySeconds(attempt, this.settings)
    this.log.warn({ rollback: request.rollbackId, origin: new URL(request.url).origin, attempt, error, giveUp: retryIn === undefined }, 'deployer request failed')
    await markFailedAttempt(this.db, request.rollbackId, error, retryIn)
  }
}
