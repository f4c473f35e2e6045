/**
 * Group commit seen from inside: what a passed deadline costs a batch and the others. Each batch carries one chaos report named after it, and the
 * injection recorder (which runs inside the group's transaction) writes down whose they are.
 */
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { canaryMetrics } from '../db/schema/index.js'
import { inProcessGuard } from '../db/write-deadline.js'
import { WriteDeadlineError } from '../errors.js'
import { Deadline } from '../platform/deadline.js'
import { outcomeItem } from '../test-support/outcomes.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { ActiveCanaries } from './active-canaries.js'
import { AnalysisThrottle } from './analysis-throttle.js'
import { readMetrics } from './canary-metrics-store.js'
import { OutcomeIngest } from './outcome-ingest.js'

let t: TestApp
let db: Db
beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
  db = t.app.infrastructure.db
})
afterAll(() => t.close())

/** A canary no rule can end, on a new flag. */
async function canaryOn(key: string): Promise<string> {
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
  const started = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2', minSampleSize: 10_000_000, latencyGuard: null } })
  expect(started.statusCode, started.body).toBe(201)
  return started.json().id
}

/** An ingest with one writer whose transactions say which batches they hold; `hold()` keeps the next one open until released. */
async function ingestFor(keys: string[]) {
  const active = new ActiveCanaries(db, { activeCanary: () => undefined }, { onChange: () => () => {}, onResync: () => () => {} })
  // Known before the batches arrive, so submitting one queues it in the same turn.
  for (const key of keys) await active.resolve('production', key)
  const transactions: string[][] = []
  let gate: { entered: () => void; released: Promise<void> } | undefined
  const ingest = new OutcomeIngest(
    db,
    active,
    async (_tx, reports) => {
      transactions.push(reports.map((report) => report.ruleId))
      const held = gate
      gate = undefined
      held?.entered()
      await held?.released
      return new Set()
    },
    new AnalysisThrottle(async () => {}, { error() {} } as never),
    { writes: { deadlineMs: 5_000, guard: inProcessGuard } },
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
    ingest.submit('production', [outcomeItem(key, 'canary', requests, errors)], [{ ruleId: name, injected: 1 }], deadline)
  return { ingest, transactions, hold, submit }
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

describe('outcome ingest deadlines', () => {
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
})
