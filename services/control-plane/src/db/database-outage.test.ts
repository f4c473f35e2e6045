import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import pino from 'pino'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAudit } from '../audit/audit-store.js'
import { WriteDeadlineError } from '../errors.js'
import { Deadline } from '../platform/deadline.js'
import { Mutator } from '../changes/mutator.js'
import { appBehindProxy, type ProxiedApp } from '../test-support/proxied-app.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { withSharedServices } from '../test-support/test-env.js'
import { until } from '../test-support/until.js'
import { openDatabase } from './database.js'
import { rowsOf } from './rows.js'
import { serverClockGuard, type CommitGuardFactory } from './write-deadline.js'

const flags = '/api/v1/admin/feature-flags'
const log = pino({ level: 'silent' })

describe('the write deadline', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('refuses to commit a write whose work outlasts its deadline, and applies none of it', async () => {
    const infra = t.app.infrastructure
    const mutator = new Mutator(infra.db, infra.bus, log, { deadlineMs: 200, guard: infra.database.commitGuard })
    let finished!: () => void
    const workDone = new Promise<void>((resolve) => (finished = resolve))
    const write = mutator.run({ name: 'slow admin' }, async (mutation) => {
      await mutation.audit({ action: 'probe.slow', entityType: 'probe', entityKey: 'slow' })
      await sleep(400)
      finished()
    })
    await expect(write).rejects.toBeInstanceOf(WriteDeadlineError)
    await workDone
    expect(await listAudit(infra.db, { entityType: 'probe', entityKey: 'slow', limit: 10 })).toEqual([])
  })
})

/** Sessions of the app's pool on `database` that are inside a transaction, seen by the server. */
async function openTransactions(admin: postgres.Sql, database: string): Promise<number> {
  const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
    where datname = ${database} and application_name = 'sluice-control-plane' and xact_start is not null`
  return row!.n
}

/** Transactions on `database` that passed the guard's last check and wait for their COMMIT. */
async function awaitingCommit(admin: postgres.Sql, database: string): Promise<number> {
  const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
    where datname = ${database} and state = 'idle in transaction' and query like '%left_ms%'`
  return row!.n
}

describe.runIf(withSharedServices)('writes while Postgres is unreachable or hangs', () => {
  let p: ProxiedApp
  let admin: postgres.Sql
  let databaseName: string
  beforeAll(async () => {
    p = await appBehindProxy({ env: { WRITE_DEADLINE_MS: '1000' } })
    admin = postgres(p.database.url!, { max: 1, onnotice: () => {} })
    databaseName = new URL(p.database.url!).pathname.slice(1)
  })
  afterAll(async () => {
    await admin?.end()
    await p?.close()
  })

  it('answers writes 503 with Retry-After at their deadline and reads soon after when Postgres hangs, and the write never lands after it answers again', async () => {
    const created = await p.app.request({ method: 'POST', url: flags, payload: { key: 'held', name: 'x', type: 'percentage', percentage: 10 } })
    expect(created.statusCode).toBe(201)

    p.proxy.freeze()
    try {
      const abandoned = await p.app.request({ method: 'PUT', url: `${flags}/held`, payload: { percentage: 77 } })
      expect(abandoned.statusCode).toBe(503)
      expect(abandoned.headers['retry-after']).toBe('2')
      expect(abandoned.json()).toMatchObject({ code: 'SLUICE_WRITE_DEADLINE', message: expect.stringMatching(/^database unavailable: the write did not finish within its 1000 ms deadline/) })

      // Reads that need the database are abandoned too, rather than left waiting.
      const read = await p.app.request({ method: 'GET', url: '/api/v1/admin/audit-log' })
      expect(read.statusCode).toBe(503)
      expect(read.json()).toMatchObject({ code: 'SLUICE_DATABASE_UNAVAILABLE', message: expect.stringMatching(/^database unavailable: /) })
    } finally {
      // The abandoned BEGIN, still in the socket, reaches Postgres now, before the next write.
      p.proxy.thaw()
    }
    let acknowledged: number | undefined
    await until(async () => {
      const res = await p.app.request({ method: 'PUT', url: `${flags}/held`, payload: { percentage: 20 } })
      if (res.statusCode === 200) acknowledged = res.json().version
      return res.statusCode === 200
    })
    await until(async () => (await openTransactions(admin, databaseName)) === 0)

    const flag = (await p.app.request({ method: 'GET', url: `${flags}/held` })).json()
    expect(flag).toMatchObject({ percentage: 20, version: acknowledged })
    const history = (await p.app.request({ method: 'GET', url: `${flags}/held/history` })).json() as Array<{ flag: { percentage?: number } }>
    expect(history.map((entry) => entry.flag.percentage)).not.toContain(77)
  })

  it('rolls back a transaction whose COMMIT reaches Postgres after the deadline', async () => {
    await admin`create table if not exists deadline_probe (id int)`
    const proxied = await openDatabase({ databaseUrl: p.app.config.databaseUrl, dataDir: '' })
    try {
      const deadline = new Deadline(800)
      const guard = serverClockGuard(deadline)
      let hold!: () => void
      const held = new Promise<void>((resolve) => (hold = resolve))
      const commit = proxied.db.transaction(async (tx) => {
        await guard.begin(tx)
        await tx.execute(sql`insert into deadline_probe values (1)`)
        await guard.beforeCommit(tx)
        // Everything checked in time; the COMMIT the driver sends next is held in the network.
        p.proxy.freeze()
        hold()
      })
      const outcome = commit.then(
        () => 'committed',
        () => 'refused',
      )
      // Postgres ends the session itself once the deadline passes, with the COMMIT still on its way.
      await held
      await until(async () => (await awaitingCommit(admin, databaseName)) === 0, 10_000, 'the held session to end')
      p.proxy.thaw()
      expect(await outcome).toBe('refused')
      expect(rowsOf(await admin`select * from deadline_probe`)).toEqual([])
    } finally {
      p.proxy.thaw()
      await proxied.close()
    }
  })

  it('answers 504, not 503, when the COMMIT was under way at the deadline, and Postgres then refuses the COMMIT', async () => {
    // An app of its own: the other tests leave this file's pool with connections they broke.
    const own = await appBehindProxy()
    const infra = own.app.app.infrastructure
    const ownDatabase = new URL(own.database.url!).pathname.slice(1)
    const direct = postgres(own.database.url!, { max: 1, onnotice: () => {} })
    // The real guard, with the network freezing right after its last check, as the COMMIT leaves.
    const freezingGuard: CommitGuardFactory = (deadline) => {
      const guard = infra.database.commitGuard(deadline)
      return {
        begin: (tx) => guard.begin(tx),
        async beforeCommit(tx) {
          await guard.beforeCommit(tx)
          own.proxy.freeze()
        },
      }
    }
    const mutator = new Mutator(infra.db, infra.bus, log, { deadlineMs: 800, guard: freezingGuard })
    try {
      const write = mutator.run({ name: 'admin' }, (mutation) => mutation.audit({ action: 'probe.commit', entityType: 'probe', entityKey: 'in-flight' }))
      await expect(write).rejects.toMatchObject({ statusCode: 504, code: 'SLUICE_WRITE_OUTCOME_UNKNOWN' })
      await until(async () => (await awaitingCommit(admin, ownDatabase)) === 0, 10_000, 'the held session to end')
      own.proxy.thaw()
      expect(rowsOf(await direct`select id from audit_log where entity_key = 'in-flight'`)).toEqual([])
    } finally {
      await direct.end()
      await own.close()
    }
  })

  it('answers 503 with Retry-After, naming the database, to reads and writes while Postgres refuses connections, and serves again once it is back', async () => {
    // Connections the previous tests broke are replaced on first use, which that use may pay for with a 503.
    await until(async () => (await p.app.request({ method: 'POST', url: flags, payload: { key: 'refused', name: 'x', type: 'boolean' } })).statusCode === 201)
    await p.proxy.cut()
    try {
      for (const [method, url, payload] of [
        ['PUT', `${flags}/refused`, { enabled: true }],
        ['POST', flags, { key: 'refused-2', name: 'x', type: 'boolean' }],
        ['GET', `${flags}/refused/history`, undefined],
        ['GET', '/api/v1/admin/audit-log', undefined],
      ] as const) {
        const res = await p.app.request({ method, url, payload })
        expect(res.statusCode, `${method} ${url}`).toBe(503)
        expect(res.headers['retry-after']).toBe('2')
        expect(res.json()).toMatchObject({ code: 'SLUICE_DATABASE_UNAVAILABLE', message: expect.stringMatching(/^database unavailable: /) })
      }
    } finally {
      await p.proxy.restore()
    }
    await until(async () => (await p.app.request({ method: 'PUT', url: `${flags}/refused`, payload: { enabled: true } })).statusCode === 200)
    expect((await p.app.request({ method: 'GET', url: `${flags}/refused/history` })).statusCode).toBe(200)
  })
})
