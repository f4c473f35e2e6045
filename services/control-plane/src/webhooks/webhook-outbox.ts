import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { webhookDeliveries } from '../db/schema/index.js'

export type DeliveryRow = typeof webhookDeliveries.$inferSelect

export async function enqueueWebhook(tx: Db, delivery: { event: string; url: string; payload: unknown }): Promise<void> {
  await tx.insert(webhookDeliveries).values(delivery)
}

/**
 * Claims due deliveries by pushing their next attempt out by a lease: whichever replica
 * claims a delivery is the only one sending it until the lease ends, so a delivery is never
 * sent twice at once even when the replica that wrote it and the leader both try.
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseSeconds: number): Promise<DeliveryRow[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
  return db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(and(sql`${webhookDeliveries.id} in (${due})`, lte(webhookDeliveries.nextAttemptAt, sql`now()`), isNull(webhookDeliveries.deliveredAt)))
    .returning()
}

export async function markDelivered(db: Db, id: number): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ deliveredAt: sql`now()`, attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: null })
    .where(eq(webhookDeliveries.id, id))
}

export async function markFailedAttempt(db: Db, id: number, error: string, retryInSeconds: number | undefined): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastError: error.slice(0, 1000),
      ...(retryInSeconds === undefined
        ? { failedAt: sql`now()` }
        : { nextAttemptAt: sql`now() + make_interval(secs => ${retryInSeconds})` }),
    })
    .where(eq(webhookDeliveries.id, id))
}
