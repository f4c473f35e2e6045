/**
 * Every change to Sluice's state goes through `Mutator.run`: one transaction holds the state
 * rows, their history, the audit entry and the change-log events, so either all of them exist
 * or none does. Only after commit does anyone hear about it: the bus (so every replica's
 * stream sends it) and whatever the work asked to run after commit (cache refreshes).
 * The caller's answer waits for those effects, so each must be bounded: the bus does not wait
 * for Redis at all, and a cache refresh gives up after the Redis reply timeout (redis.ts).
 *
 * Change-log events are appended at the END of the transaction, whatever order the work
 * emitted them in. Appending takes the log's lock (see change-log.ts), and taking it
 * after every row lock the work needed means no two transactions can wait on each other
 * through it. Deadlocks between row locks remain possible in principle (Postgres aborts one
 * side), so a transaction that fails with a deadlock or serialization error runs again.
 *
 * Every run has a deadline (WRITE_DEADLINE_MS), attempts and retries included. At the
 * deadline the caller gets a 503 (WriteDeadlineError) and the transaction, wherever it is, can
 * no longer commit: the commit guard (db/write-deadline.ts) makes the database itself refuse
 * it. A write the caller has given up on must not land seconds later, over the writes the
 * operator made since. Only when the COMMIT itself is on its way at the deadline is the
 * outcome unknown (it lands before the deadline or never): that caller gets a 504 instead,
 * because a 503 promises that nothing was applied.
 */
import { postgresErrorCode, type Db } from '../db/database.js'
import { DeadlinePassedError, guarded, type CommitGuardFactory } from '../db/write-deadline.js'
import { WriteDeadlineError, WriteOutcomeUnknownError } from '../errors.js'
import { insertAudits, type AuditEntry } from './audit-entry.js'
import { appendChanges, type Change, type ChangeRecord } from './change-log.js'
import type { Actor } from '../platform/actor.js'
import type { ChangeBus } from './change-bus.js'
import { Deadline } from '../platform/deadline.js'
import type { Logger } from '../platform/logger.js'

export interface Mutation {
  tx: Db
  actor: Actor
  /** Queues an audit entry, written (in this order, in one insert with the others) when the work is done. */
  audit(entry: AuditEntry): Promise<void>
  /** Queues a change-log event, appended (in this order) when the work is done. */
  emit(change: Change): Promise<void>
  /**
   * Runs `write` in the transaction once the work is done, before the audit entries and the
   * change log: for rows many steps of one mutation add (an import's thousand flags), written
   * together rather than one statement each.
   */
  beforeCommit(write: () => Promise<void>): void
  afterCommit(effect: () => unknown): void
}

const MAX_ATTEMPTS = 3

function isTransient(err: unknown): boolean {
  const code = postgresErrorCode(err)
  return code === '40P01' || code === '40001'
}

export interface WriteDeadlineOptions {
  deadlineMs: number
  guard: CommitGuardFactory
}

/** What one committed transaction leaves to do: tell the streams, run the effects, answer. */
interface Committed<T> {
  value: T
  changes: ChangeRecord[]
  effects: Array<() => unknown>
}

export class Mutator {
  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly log: Logger,
    private readonly writes: WriteDeadlineOptions,
  ) {}

  async run<T>(actor: Actor, work: (mutation: Mutation) => Promise<T>): Promise<T> {
    const deadline = new Deadline(this.writes.deadlineMs)
    // Set between the last check and the COMMIT's answer: at the deadline, the write may have landed.
    const commit = { sent: false }
    let done: Committed<T>
    try {
      done = await deadline.race(
        this.attempts(actor, work, deadline, commit),
        () => (commit.sent ? new WriteOutcomeUnknownError(this.writes.deadlineMs) : new WriteDeadlineError(this.writes.deadlineMs)),
        (outcome) => {
          if (outcome.status !== 'fulfilled') return
          this.log.warn({ deadlineMs: this.writes.deadlineMs }, 'a write whose COMMIT was under way at its deadline committed; its caller was answered 504')
          void this.publish(outcome.value)
        },
      )
    } catch (err) {
      // A statement the server cut short for the deadline, or a refused commit, is the deadline's 503.
      if (err instanceof DeadlinePassedError || (deadline.expired && !(err instanceof WriteOutcomeUnknownError))) throw new WriteDeadlineError(this.writes.deadlineMs)
      throw err
    }
    // Committed: the answer is known, so the deadline no longer applies to what follows.
    await this.publish(done)
    return done.value
  }

  private async attempts<T>(actor: Actor, work: (mutation: Mutation) => Promise<T>, deadline: Deadline, commit: { sent: boolean }): Promise<Committed<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(actor, work, deadline, commit)
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(err) || deadline.expired) throw err
        this.log.warn({ err, attempt }, 'transaction hit a deadlock or serialization failure; running it again')
      }
    }
  }

  private async attempt<T>(actor: Actor, work: (mutation: Mutation) => Promise<T>, deadline: Deadline, commit: { sent: boolean }): Promise<Committed<T>> {
    const effects: Array<() => unknown> = []
    const changes: Change[] = []
    const audits: AuditEntry[] = []
    const writes: Array<() => Promise<void>> = []
    const guard = this.writes.guard(deadline)
    let committed: ChangeRecord[] = []
    try {
      const value = await this.db.transaction(async (tx) => {
        const value = await guarded(tx, guard, async () => {
          const value = await work({
            tx,
            actor,
            audit: async (entry) => {
              audits.push(entry)
            },
            emit: async (change) => {
              changes.push(change)
            },
            beforeCommit: (write) => writes.push(write),
            afterCommit: (effect) => effects.push(effect),
          })
          for (const write of writes) await write()
          await insertAudits(tx, actor, audits)
          committed = await appendChanges(tx, changes)
          return value
        })
        commit.sent = true
        return value
      })
      return { value, changes: committed, effects }
    } finally {
      commit.sent = false
    }
  }

  private async publish(done: Committed<unknown>): Promise<void> {
    // Streams first: SDKs hear about the change before the slower effects (a Redis round trip) run.
    if (done.changes.length > 0) await this.bus.publish(done.changes.at(-1)!.seq, done.changes)
    for (const effect of done.effects) {
      try {
        await effect()
      } catch (err) {
        this.log.warn({ err }, 'post-commit effect failed')
      }
    }
  }
}
