/**
 * Idempotency keys of outcome batches (`Idempotency-Key` on `POST /sdk/outcomes`). A key is
 * claimed in the transaction that counts its batch, so it exists exactly when the counts do:
 * a batch whose answer was lost (a killed replica, a cut connection, a 503 while its commit
 * landed) and that its SDK sends again finds its key and is answered without being counted.
 * Two deliveries of one key racing on two replicas meet on the primary key: the second insert
 * waits for the first transaction and, once it commits, claims nothing.
 */
import { and, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { rowsOf } from '../db/rows.js'
import { outcomeBatches } from '../db/schema/index.js'

/** How long a committed key answers replays. An SDK retries a batch within minutes; a day leaves room for a long outage. */
export const OUTCOME_BATCH_KEY_HOURS = 24

export interface BatchAnswer {
  accepted: number
  ignored: number
}

export interface BatchClaim extends BatchAnswer {
  tokenId: string
  key: string
}

/** One key's identity: keys are per token. */
export const batchKeyId = (claim: Pick<BatchClaim, 'tokenId' | 'key'>) => `${claim.tokenId}\u0000${claim.key}`

/**
 * Claims each key inside `tx`. Returns the answers of the keys that were already committed
 * (by an earlier batch, or a concurrent one that committed first), by tokenId and key; the
 * other claims are new, and their batches are to be counted.
 */
export async function claimBatchKeys(tx: Db, claims: readonly BatchClaim[]): Promise<Map<string, BatchAnswer>> {
  const taken = new Map<string, BatchAnswer>()
  if (claims.length === 0) return taken
  // Plain SQL, as canary outcome appends: it runs once per group commit (see outcome-log-store.ts).
  const values = claims.map(({ tokenId, key, accepted, ignored }) => sql`(${tokenId}::uuid, ${key}, ${accepted}::int, ${ignored}::int)`)
  const inserted = rowsOf<{ token_id: string; key: string }>(
    await tx.execute(sql`insert into outcome_batches (token_id, key, accepted, ignored) values ${sql.join(values, sql`, `)} on conflict do nothing returning token_id, key`),
  )
  const fresh = new Set(inserted.map((row) => batchKeyId({ tokenId: row.token_id, key: row.key })))
  const replays = claims.filter((claim) => !fresh.has(batchKeyId(claim)))
  if (replays.length === 0) return taken
  const rows = await tx
    .select()
    .from(outcomeBatches)
    .where(and(inArray(outcomeBatches.tokenId, replays.map((claim) => claim.tokenId)), inArray(outcomeBatches.key, replays.map((claim) => claim.key))))
  for (const row of rows) taken.set(batchKeyId(row), { accepted: row.accepted, ignored: row.ignored })
  return taken
}

/** Forgets keys older than OUTCOME_BATCH_KEY_HOURS; returns how many. */
export async function pruneBatchKeys(db: Db): Promise<number> {
  const deleted = await db
    .delete(outcomeBatches)
    .where(lt(outcomeBatches.committedAt, sql`now() - make_interval(hours => ${OUTCOME_BATCH_KEY_HOURS})`))
    .returning({ key: outcomeBatches.key })
  return deleted.length
}
