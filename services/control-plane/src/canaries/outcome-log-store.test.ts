/**
 * A group committed as one statement (commitOutcomes): it checks its deadline itself, on the
 * database's clock, after its inserts; so it commits before the deadline or nothing at all.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeadlinePassedError } from '../db/write-deadline.js'
import { rowsOf } from '../db/rows.js'
import { Deadline } from '../platform/deadline.js'
import { unendingCanary } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { testBackend } from '../test-support/test-env.js'
import { insertNewBatchKeys } from './outcome-batch-store.js'
import { commitOutcomes, type OutcomeSum } from './outcome-log-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
})
afterAll(() => t.close())

const db = () => t.app.infrastructure.db
const deadlineIn = (ms: number) => t.app.infrastructure.database.statementDeadline(db(), new Deadline(ms))

const sumsFor = (canaryId: string, requests: number): OutcomeSum[] => [
  { canaryId, side: 'canary', counts: { requests, errors: 1, latencyMsSum: requests * 20, latencySketch: { '300': requests } } },
]

async function written(canaryId: string, tokenId: string) {
  const [row] = rowsOf<{ logged: string | number; keys: string | number }>(
    await db().execute(sql`select (select coalesce(sum(requests), 0) from canary_outcome_log where canary_id = ${canaryId}) as logged,
      (select count(*) from outcome_batches where token_id = ${tokenId}) as keys`),
  )
  return { logged: Number(row!.logged), keys: Number(row!.keys) }
}

describe('a group committed as one statement', () => {
  it('commits its counts and its keys before the deadline', async () => {
    const canaryId = await unendingCanary(t, 'committed_in_time')
    const tokenId = randomUUID()
    const claims = [{ tokenId, key: 'a', accepted: 1, ignored: 0 }, { tokenId, key: 'b', accepted: 1, ignored: 0 }]
    await commitOutcomes(db(), sumsFor(canaryId, 7), insertNewBatchKeys(claims), await deadlineIn(5_000))
    expect(await written(canaryId, tokenId)).toEqual({ logged: 7, keys: 2 })
  })

  it('commits nothing once the database clock has passed the deadline', async () => {
    const canaryId = await unendingCanary(t, 'committed_late')
    const tokenId = randomUUID()
    const deadlineMs = await deadlineIn(50)
    await new Promise((resolve) => setTimeout(resolve, 80))
    const late = commitOutcomes(db(), sumsFor(canaryId, 7), insertNewBatchKeys([{ tokenId, key: 'a', accepted: 1, ignored: 0 }]), deadlineMs)
    await expect(late).rejects.toBeInstanceOf(DeadlinePassedError)
    expect(await written(canaryId, tokenId)).toEqual({ logged: 0, keys: 0 })
  })
})

// Only a server has other sessions whose locks a statement can wait for.
describe.runIf(testBackend() === 'postgres')('a group committed as one statement, on Postgres', () => {
  it('checks its deadline after waiting for a lock on one of its keys, and then commits nothing', async () => {
    const canaryId = await unendingCanary(t, 'committed_after_lock')
    const tokenId = randomUUID()
    const other = postgres(t.database.url!, { max: 1, onnotice: () => {} })
    try {
      // Another replica's write of the same key, not yet committed: the insert below waits for it.
      const holding = other.begin(async (tx) => {
        await tx`insert into outcome_batches (token_id, key, accepted, ignored) values (${tokenId}, 'contended', 1, 0)`
        await new Promise((resolve) => setTimeout(resolve, 600))
        throw new Error('rolled back')
      })
      await new Promise((resolve) => setTimeout(resolve, 100))
      const waiting = commitOutcomes(db(), sumsFor(canaryId, 7), insertNewBatchKeys([{ tokenId, key: 'contended', accepted: 1, ignored: 0 }]), await deadlineIn(200))
      await expect(holding).rejects.toThrow('rolled back')
      // The key is free by now, but the wait outlasted the deadline.
      await expect(waiting).rejects.toBeInstanceOf(DeadlinePassedError)
      expect(await written(canaryId, tokenId)).toEqual({ logged: 0, keys: 0 })
    } finally {
      await other.end()
    }
  })
})
