/**
 * Group commit seen from inside: which batches share a transaction, what a poisoned batch or a
 * passed deadline costs the others. Each batch carries one chaos report named after it, and the
 * injection recorder (which runs inside the group's transaction) writes down whose they are.
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { canaries } from '../db/schema/index.js'
import { WriteDeadlineError } from '../errors.js'
import { Deadline } from '../platform/deadline.js'
import { outcomeItem, unendingCanary } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { ActiveCanaries } from './active-canaries.js'
import { AnalysisThrottle } from './analysis-throttle.js'
import { CanaryCountEstimates } from './canary-count-estimates.js'
import { readMetrics } from './canary-metrics-store.js'
import { OutcomeIngest } from './outcome-ingest.js'

let t: TestApp
let db: Db
beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
  db = t.app.infrastructure.db
})
afterAll(() => t.close())

const canaryOn = (key: string) => unendingCanary(t, key)

const POISON = 'poison'

/** An ingest with one writer whose transactions say which batches they hold; `hold()` keeps the next one open until released. */
async function ingestFor(keys: string[]) {
  const active = new ActiveCanaries(db, { activeCanary: () => undefined }, { onChange: () => () => {}, onResync: () => () => {} })
  // Known before the batches arrive, so submitting one queues it in the same turn.
  for (const key of keys) await active.resolve('production', key)
  const transactions: string[][] = []
  const touched: Array<[string, boolean]> = []
  const throttle = new AnalysisThrottle(async () => {}, { error() {} } as never)
  throttle.touch = (canaryId, urgent = false) => void touched.push([canaryId, urgent])
  const estimates = new CanaryCountEstimates()
  let gate: { entered: () => void; released: Promise<void> } | undefined
  const ingest = new OutcomeIngest(
    db,
    active,
    async (tx, reports) => {
      // A batch named `poison` carries a count the database refuses, as an injection counter past the range of a bigint would be.
      if (reports.some((report) => report.ruleId === POISON)) await tx.execute(sql`select 9223372036854775807::bigint + 1`)
      transactions.push(reports.map((report) => report.ruleId))
      const held = gate
      gate = undefined
      held?.entered()
      await held?.released
      return new Set()
    },
    throttle,
    estimates,
    // The backend's own guard: on Postgres, the server-clock guard, so the deadline tests cover it.
    { writes: { deadlineMs: 5_000, guard: t.app.infrastructure.database.commitGuard, statementDeadline: t.app.infrastructure.database.statementDeadline } },
  )
  const hold = () => {
    let release!: () => void
    let entered!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const inside = new Promise<void>((resolve) => (entered = resolve))
    gate = { entered, released }
    return { inside, release }
  }
  /** A batch of `requests` canary-side requests on `key`, named `name` in the transactions. */
  const submit = (name: string, key: string, requests: number, deadline?: Deadline, errors = 0) =>
    ingest.submit({ environment: 'production', items: [outcomeItem(key, 'canary', requests, errors)], injections: [{ ruleId: name, injected: 1 }], ...(deadline ? { deadline } : {}) })
  return { ingest, transactions, hold, submit, touched, estimates }
}

/** A deadline the test ends when it chooses. */
class ManualDeadline extends Deadline {
  private over = false

  end(): void {
    this.over = true
  }

  override remainingMs(): number {
    return this.over ? 0 : super.remainingMs()
  }
}

const settledAll = (answers: Array<Promise<unknown>>) => Promise.allSettled(answers).then((all) => all.map((answer) => answer.status))

describe('outcome ingest by group commit', () => {
  it('writes the batches that arrive together in one transaction, and those arriving during it in the next', async () => {
    const id = await canaryOn('grouped')
    const { transactions, hold, submit } = await ingestFor(['grouped'])
    const first = hold()
    const together = [submit('a', 'grouped', 1), submit('b', 'grouped', 2), submit('c', 'grouped', 3)]
    await first.inside
    const during = [submit('d', 'grouped', 4), submit('e', 'grouped', 5)]
    first.release()
    expect(await settledAll([...together, ...during])).toEqual(new Array(5).fill('fulfilled'))
    expect(transactions).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ])
    expect((await readMetrics(db, id)).canary.requests).toBe(15)
  })

  it('fails only the requests of a batch the database refuses, and counts the batches of its group once', async () => {
    const poisoned = await canaryOn('poisoned_batch')
    const id = await canaryOn('poison_bystander')
    const { transactions, submit } = await ingestFor(['poisoned_batch', 'poison_bystander'])
    await submit('seed', 'poisoned_batch', 1)
    transactions.length = 0

    const answers = [submit('a', 'poison_bystander', 1), submit(POISON, 'poisoned_batch', 1, undefined, 1), submit('b', 'poison_bystander', 2)]
    expect(await settledAll(answers)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    // The group's transaction failed before its injections; then each batch alone.
    expect(transactions).toEqual([['a'], ['b']])
    expect((await readMetrics(db, id)).canary.requests).toBe(3)
    expect((await readMetrics(db, poisoned)).canary.requests).toBe(1)
  })

  it('drops a batch whose deadline passed while it waited, with the 503 its request got, and writes the rest', async () => {
    const id = await canaryOn('late_batch')
    const { transactions, hold, submit } = await ingestFor(['late_batch'])
    const first = hold()
    const written = submit('a', 'late_batch', 1)
    await first.inside
    const deadline = new ManualDeadline(60_000)
    const late = submit('late', 'late_batch', 10, deadline)
    deadline.end()
    first.release()
    await expect(written).resolves.toMatchObject({ accepted: 1 })
    await expect(late).rejects.toBeInstanceOf(WriteDeadlineError)
    expect(transactions).toEqual([['a']])
    expect((await readMetrics(db, id)).canary.requests).toBe(1)
  })

  it('does not commit a group past the deadline of one of its batches: that one is answered 503, the others are written again', async () => {
    const id = await canaryOn('expiring_in_group')
    const { transactions, hold, submit } = await ingestFor(['expiring_in_group'])
    const first = hold()
    // Sooner than the other batch's, as the deadline of a batch that arrived first is.
    const deadline = new ManualDeadline(4_000)
    const expiring = submit('expiring', 'expiring_in_group', 10, deadline)
    const patient = submit('patient', 'expiring_in_group', 1)
    await first.inside
    deadline.end()
    first.release()
    await expect(expiring).rejects.toBeInstanceOf(WriteDeadlineError)
    await expect(patient).resolves.toMatchObject({ accepted: 1 })
    expect(transactions).toEqual([['expiring', 'patient'], ['patient']])
    expect((await readMetrics(db, id)).canary.requests).toBe(1)
  })
  it('counts a keyed batch once however often it comes: twice in one group, and again after its commit', async () => {
    const id = await canaryOn('keyed_batch')
    const { ingest } = await ingestFor(['keyed_batch'])
    const idempotency = { tokenId: randomUUID(), key: 'batch-1' }
    const batch = { environment: 'production', items: [outcomeItem('keyed_batch', 'canary', 7, 0), outcomeItem('nobody', 'canary', 1, 0)], idempotency }
    const together = await Promise.all([ingest.submit(batch), ingest.submit(batch)])
    const later = await ingest.submit(batch)
    expect([...together, later].map(({ accepted, ignored, replayed }) => ({ accepted, ignored, replayed }))).toEqual([
      { accepted: 1, ignored: 1, replayed: false },
      { accepted: 1, ignored: 1, replayed: true },
      { accepted: 1, ignored: 1, replayed: true },
    ])
    // The same key from another token is another batch.
    expect(await ingest.submit({ ...batch, idempotency: { ...idempotency, tokenId: randomUUID() } })).toMatchObject({ replayed: false })
    expect((await readMetrics(db, id)).canary.requests).toBe(14)
  })

  it('counts the new batches of a group that also holds a replay, and claims their keys, once', async () => {
    const id = await canaryOn('mixed_replay')
    const { ingest } = await ingestFor(['mixed_replay'])
    const tokenId = randomUUID()
    const batch = (key: string | undefined, requests: number) => ({
      environment: 'production',
      items: [outcomeItem('mixed_replay', 'canary', requests, 0)],
      ...(key ? { idempotency: { tokenId, key } } : {}),
    })
    await ingest.submit(batch('first', 1))
    // One group: its one statement for new keys fails on `first`, and the group is written again claiming key by key.
    const group = await Promise.all([ingest.submit(batch('fresh', 10)), ingest.submit(batch('first', 1)), ingest.submit(batch(undefined, 100))])
    expect(group.map((answer) => answer.replayed)).toEqual([false, true, false])
    expect(await ingest.submit(batch('fresh', 10))).toMatchObject({ replayed: true })
    expect((await readMetrics(db, id)).canary.requests).toBe(111)
  })

  it('asks for the analysis at once when, by its estimate, a commit makes the error-rate threshold fire', async () => {
    const id = await canaryOn('estimated')
    const { submit, touched, estimates } = await ingestFor(['estimated'])
    const [row] = await db.select().from(canaries).where(eq(canaries.id, id))
    estimates.analysed(id, { requests: row!.minSampleSize, errors: 0 })
    await submit('healthy', 'estimated', 10, undefined, 0)
    // Enough errors that the canary side's rate passes the threshold over its whole estimated sample.
    const failing = Math.ceil(((row!.minSampleSize + 10) * row!.rollbackThreshold) / (100 - row!.rollbackThreshold)) + 10
    await submit('failing', 'estimated', failing, undefined, failing)
    expect(touched).toEqual([
      [id, false],
      [id, true],
    ])
  })
})
