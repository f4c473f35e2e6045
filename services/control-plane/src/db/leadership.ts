/**
 * Periodic work (canary steps, chaos-rule expiry) runs on one replica at a time: the one
 * holding a session-level Postgres advisory lock on a connection of its own. If that replica
 * dies, its connection drops, Postgres releases the lock and another replica takes over on
 * its next tick. Every state transition the jobs make is also conditional, so a brief
 * overlap during a hand-over cannot double-apply anything.
 *
 * Embedded PGlite is one process by construction, so it is always the leader.
 */
import postgres from 'postgres'
import { postgresOptions } from './database.js'
import type { Logger } from '../platform/logger.js'

export interface Leadership {
  isLeader(): Promise<boolean>
  close(): Promise<void>
}

const LEADER_LOCK = 7_301_004

export function alwaysLeader(): Leadership {
  return { isLeader: async () => true, close: async () => {} }
}

export function advisoryLockLeadership(databaseUrl: string, log: Logger): Leadership {
  const sql = postgres(databaseUrl, { max: 1, idle_timeout: 0, ...postgresOptions('sluice-leader') })
  let held = false
  return {
    async isLeader() {
      try {
        // Re-asserting a held session lock is cheap and proves the connection (and so the lock) is still there.
        const [row] = await sql<{ ok: boolean }[]>`select pg_try_advisory_lock(${LEADER_LOCK}) as ok`
        if (row?.ok && !held) log.info('this replica now runs periodic jobs')
        if (row?.ok) {
          // Session locks stack; keep exactly one level so a hand-over needs only the connection to drop.
          if (held) await sql`select pg_advisory_unlock(${LEADER_LOCK})`
          held = true
          return true
        }
      } catch (err) {
        if (held) log.warn({ err }, 'lost the leader connection; periodic jobs pause here')
      }
      held = false
      return false
    },
    async close() {
      await sql.end({ timeout: 5 })
    },
  }
}

export type Job = () => Promise<void>

/** Runs registered jobs every interval on the leader; a job's failure is logged, never fatal. */
interface Registered {
  job: Job
  everyMs: number
  lastRun: number
}

export class PeriodicJobs {
  private readonly jobs = new Map<string, Registered>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined

  constructor(
    private readonly leadership: Leadership,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** `everyMs`: run at most this often (housekeeping), rather than on every tick. */
  register(name: string, job: Job, options: { everyMs?: number } = {}): void {
    this.jobs.set(name, { job, everyMs: options.everyMs ?? 0, lastRun: 0 })
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => {
        this.running = undefined
      })
    }, this.intervalMs).unref()
  }

  /** Runs every job once now if this replica leads; tests and start-up use it directly. */
  async tick(): Promise<void> {
    if (!(await this.leadership.isLeader())) return
    for (const [name, entry] of this.jobs) {
      if (Date.now() - entry.lastRun < entry.everyMs) continue
      entry.lastRun = Date.now()
      try {
        await entry.job()
      } catch (err) {
        this.log.error({ err, job: name }, 'periodic job failed')
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.running
    await this.leadership.close()
  }
}
