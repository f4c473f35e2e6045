/**
 * Idempotency keys of outcome batches (`Idempotency-Key` on `POST /sdk/outcomes`). A key is
 * claimed in the transaction that counts its batch, so it exists exactly when the counts do:
 * a batch whose answer was lost (a killed replica, a cut connection, a 503 while its commit
 * landed) and that its SDK sends again finds its key and is answered without being counted.
 * Two deliveries of one key racing on two replicas meet on the primary key: the second insert
 * waits for the first transaction and, once it commits, claims nothing.
 */
import { and, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { postgresErrorCode, type Db } from '../db/database.js'
import { prepared } from '../db/prepared-statements.js'
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

/** The claims as rows of one JSON parameter: the statement's text is the same for any number of keys. */
function claimRows(claims: readonly BatchClaim[]): SQL {
  const rows = JSON.stringify(claims.map(({ tokenId, key, accepted, ignored }) => ({ token_id: tokenId, key, accepted, ignored })))
  return sql`select token_id, key, accepted, ignored from jsonb_to_recordset(${rows}::jsonb) as k(token_id uuid, key text, accepted int, ignored int)`
}

/**
 * Claims each key inside `tx`. Returns the answers of the keys that were already committed
 * (by an earlier batch, or a concurrent one that committed first), by tokenId and key; the
 * other claims are new, and their batches are to be counted.
 */
export async function claimBatchKeys(tx: Db, claims: readonly BatchClaim[]): Promise<Map<string, BatchAnswer>> {
  const taken = new Map<string, BatchAnswer>()
  if (claims.length === 0) return taken
  const inserted = rowsOf<{ token_id: string; key: string }>(
    await tx.execute(prepared(sql`insert into outcome_batches (token_id, key, accepted, ignored) ${claimRows(claims)} on conflict do nothing returning token_id, key`)),
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

/**
 * An insert of keys expected to be new, to run alongside the counts (outcome-log-store.ts's
 * commitOutcomes). It has no ON CONFLICT: a key committed before, or being committed by a
 * concurrent transaction that then commits, fails the whole statement (see isKeyTaken), and the
 * caller claims the keys one by one with claimBatchKeys instead. Replays are rare, and this is
 * one statement less per group commit than claiming first.
 */
export function insertNewBatchKeys(claims: readonly BatchClaim[]): SQL | undefined {
  if (claims.length === 0) return undefined
  return sql`insert into outcome_batches (token_id, key, accepted, ignored) ${claimRows(claims)}`
}

/** SQLSTATE 23505, unique_violation: what insertNewBatchKeys fails with when a key was taken. */
export const isKeyTaken = (error: unknown) => postgresErrorCode(error) === '23505'

/** Forgets keys older than OUTCOME_BATCH_KEY_HOURS; returns how many. */
export async function pruneBatchKeys(db: Db): Promise<number> {
  const deleted = await db
    .delete(outcomeBatches)
    .where(lt(outcomeBatches.committedAt, sql`now() - make_interval(hours => ${OUTCOME_BATCH_KEY_HOURS})`))
    .returning({ key: outcomeBatches.key })
  return deleted.length
}
