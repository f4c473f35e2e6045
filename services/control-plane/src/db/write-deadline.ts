/**
 * The database's half of the write deadline (WRITE_DEADLINE_MS). The service stops waiting for
 * a write at its deadline and answers 503, but that alone does not stop the write: a BEGIN
 * queued in the driver while the database was unreachable, or a COMMIT sitting in a socket
 * buffer behind a frozen network path, runs when the database is back, seconds later, after
 * writes the operator made since. So the transaction carries its deadline to the server:
 *
 * - Its first statement reads the database's clock. The deadline in that clock is the reading
 *   plus what the service's budget had left when the ANSWER arrived; the reading was taken
 *   before that, so the database's deadline is never later than the service's, whatever the
 *   two clocks say and however long the statement travelled.
 * - The same statement sets statement_timeout and idle_in_transaction_session_timeout (local
 *   to the transaction) to the budget, so a statement stuck on a lock, or a transaction whose
 *   service stopped talking, ends on the server by itself.
 * - Its last statement before COMMIT compares the clock with the deadline, refuses when it has
 *   passed, and otherwise sets idle_in_transaction_session_timeout to what is left: a COMMIT
 *   that arrives later than that finds its session terminated and the transaction rolled back.
 *
 * So a write commits before its deadline or not at all; a commit that was on its way at the
 * deadline may still land, but only before it.
 *
 * PGlite runs inside this process: nothing can hold a statement between the service and the
 * database, so the service's own clock, checked before the commit, is the whole guard (and
 * the WebAssembly build does not run Postgres's timeout timers).
 *
 * A write that is one statement, committed on its own (outcome ingest's group commit), needs
 * neither BEGIN nor COMMIT nor the guard's two statements around its work: it gets its
 * deadline on the database's clock first (`statementDeadline`, one clock reading as above on
 * Postgres) and checks it itself, as its last step (`commitBy`). The server commits right
 * after that check, with no round trip in between for a COMMIT to be held up in; a statement
 * held up on its way, or waiting on a lock past the deadline, fails the check and commits
 * nothing. So the write costs two round trips instead of five.
 */
import { sql, type SQL } from 'drizzle-orm'
import { causeChain } from '../errors.js'
import type { Deadline } from '../platform/deadline.js'
import type { Db } from './database.js'
import { prepared } from './prepared-statements.js'
import { rowsOf } from './rows.js'

export class DeadlinePassedError extends Error {
  constructor() {
    super('the write deadline passed before the transaction could commit')
    this.name = 'DeadlinePassedError'
  }
}

/** Opens and closes one write transaction's deadline; one instance per transaction. */
export interface CommitGuard {
  /** The transaction's first statement. */
  begin(tx: Db): Promise<void>
  /** The transaction's last statement before COMMIT; throws (so it rolls back) once the deadline has passed. */
  beforeCommit(tx: Db): Promise<void>
}

export type CommitGuardFactory = (deadline: Deadline) => CommitGuard

/**
 * Runs `work` in `tx` between the guard's first and last statements. One after the other, not
 * pipelined: sent together on a postgres.js transaction whose connection had broken, the
 * guard's first statement got the work's result (no row) in the fault tests.
 */
export async function guarded<T>(tx: Db, guard: CommitGuard, work: () => Promise<T>): Promise<T> {
  await guard.begin(tx)
  const value = await work()
  await guard.beforeCommit(tx)
  return value
}

function refuseWhenExpired(deadline: Deadline): void {
  if (deadline.expired) throw new DeadlinePassedError()
}

export const inProcessGuard: CommitGuardFactory = (deadline) => ({
  async begin() {
    refuseWhenExpired(deadline)
  },
  async beforeCommit() {
    refuseWhenExpired(deadline)
  },
})

/** A timeout setting of 0 means "none" to Postgres, so the smallest real budget is 1 ms. */
const settingMs = (ms: number) => String(Math.max(1, Math.ceil(ms)))

export const serverClockGuard: CommitGuardFactory = (deadline) => {
  /** The deadline on the database's clock, in epoch milliseconds. */
  let serverDeadlineMs = 0
  return {
    async begin(tx) {
      refuseWhenExpired(deadline)
      const budget = settingMs(deadline.remainingMs())
      const [row] = rowsOf<{ now_ms: number | string }>(
        await tx.execute(
          prepared(sql`select extract(epoch from clock_timestamp()) * 1000 as now_ms,
            set_config('statement_timeout', ${budget}, true),
            set_config('idle_in_transaction_session_timeout', ${budget}, true)`),
        ),
      )
      refuseWhenExpired(deadline)
      serverDeadlineMs = Number(row!.now_ms) + deadline.remainingMs()
    },
    async beforeCommit(tx) {
      refuseWhenExpired(deadline)
      const [row] = rowsOf<{ left_ms: number | string }>(
        await tx.execute(
          prepared(sql`select left_ms, set_config('idle_in_transaction_session_timeout', greatest(1, ceil(left_ms))::bigint::text, true)
            from (select ${String(serverDeadlineMs)}::float8 - extract(epoch from clock_timestamp()) * 1000 as left_ms) as budget`),
        ),
      )
      if (Number(row!.left_ms) <= 0) throw new DeadlinePassedError()
      refuseWhenExpired(deadline)
    },
  }
}

/** A one-statement write's deadline on the database's clock, in epoch milliseconds; refuses once it has passed. */
export type StatementDeadline = (db: Db, deadline: Deadline) => Promise<number>

export const inProcessStatementDeadline: StatementDeadline = async (_db, deadline) => {
  refuseWhenExpired(deadline)
  // PGlite reads this process's clock.
  return Date.now() + deadline.remainingMs()
}

export const serverClockStatementDeadline: StatementDeadline = async (db, deadline) => {
  refuseWhenExpired(deadline)
  const [row] = rowsOf<{ now_ms: number | string }>(await db.execute(prepared(sql`select extract(epoch from clock_timestamp()) * 1000 as now_ms`)))
  refuseWhenExpired(deadline)
  // As in serverClockGuard: the reading was taken before its answer arrived, so this is never later than the service's deadline.
  return Number(row!.now_ms) + deadline.remainingMs()
}

/** The SQLSTATE sluice_commit_by (migration 0010) fails a statement with. */
const DEADLINE_PASSED = 'SL001'

/**
 * A one-statement write's last step: `written`, a count taken from the statement's other parts
 * (so this runs after them), or the statement fails once the database's clock reads `deadlineMs`.
 */
export const commitBy = (deadlineMs: number, written: SQL): SQL => sql`sluice_commit_by(${String(deadlineMs)}::float8, ${written})`

/** Runs a statement that ends with commitBy: committed, or DeadlinePassedError with nothing committed. */
export async function executeBy(db: Db, statement: SQL): Promise<void> {
  try {
    await db.execute(statement)
  } catch (error) {
    if ([...causeChain(error)].some(({ code }) => code === DEADLINE_PASSED)) throw new DeadlinePassedError()
    throw error
  }
}
