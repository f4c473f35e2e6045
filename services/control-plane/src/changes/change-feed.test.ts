import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { count, inArray, sql } from 'drizzle-orm'
import pino from 'pino'
import { loadConfig } from '../config.js'
import { auditLog, changeEvents } from '../db/schema/index.js'
import { openInfrastructure, type Infrastructure } from '../infrastructure.js'
import { Mutator } from './mutator.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'
import { testRedisUrl, withSharedServices } from '../test-support/test-env.js'
import { ChangeFeed } from './change-feed.js'
import { appendChanges, latestSeq, pruneChangeLog, type ChangeRecord } from './change-log.js'
import { until } from '../test-support/until.js'

const log = pino({ level: 'silent' })
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function replica(database: TestDatabase, prefix: string, pollIntervalMs: number) {
  const config = loadConfig({ ...(database.url ? { DATABASE_URL: database.url } : {}), ...(testRedisUrl() ? { REDIS_URL: testRedisUrl()! } : {}) })
  const infra: Infrastructure = await openInfrastructure(config, log, { pglite: database.pglite, redisPrefix: prefix })
  const feed = new ChangeFeed(infra.db, infra.bus, log, { pollIntervalMs })
  await feed.start()
  cleanups.push(() => infra.close(), () => feed.stop())
  return { infra, feed, mutator: new Mutator(infra.db, infra.bus, log, { deadlineMs: config.writeDeadlineMs, guard: infra.database.commitGuard }) }
}

function collect(feed: ChangeFeed): ChangeRecord[] {
  const seen: ChangeRecord[] = []
  feed.onChange((change) => seen.push(change))
  return seen
}

const actor = { name: 'test' }

describe('mutations and the change feed', () => {
  it('writes nothing, audit and change log included, when the work fails', async () => {
    const database = await createTestDatabase()
    if (database.url) cleanups.push(() => database.drop())
    const { infra, mutator, feed } = await replica(database, `t:${randomBytes(3).toString('hex')}:`, 50)
    const seen = collect(feed)
    await expect(
      mutator.run(actor, async ({ audit, emit }) => {
        await audit({ action: 'x.created', entityType: 'x', entityKey: 'k' })
        await emit({ type: 'x.created', entityKey: 'k', payload: {} })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    await new Promise((r) => setTimeout(r, 150))
    expect(seen).toEqual([])
    expect((await infra.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(0)
    expect((await infra.db.select({ n: count() }).from(changeEvents))[0]!.n).toBe(0)
  })

  it('delivers concurrent changes once each, in seq order, with no gaps', async () => {
    const database = await createTestDatabase()
    if (database.url) cleanups.push(() => database.drop())
    const { mutator, feed } = await replica(database, `t:${randomBytes(3).toString('hex')}:`, 50)
    const seen = collect(feed)
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => mutator.run(actor, ({ emit }) => emit({ type: 'x.upserted', entityKey: `k${i}`, payload: { i } }))),
    )
    await until(() => seen.length === 40)
    const delivered = seen.map((c) => c.seq)
    expect(delivered).toEqual([...delivered].sort((a, b) => a - b))
    expect(delivered.at(-1)! - delivered[0]!).toBe(39)
    expect(new Set(seen.map((c) => c.entityKey)).size).toBe(40)
  })
})

describe.runIf(withSharedServices)('the change feed across replicas', () => {
  it('reaches another replica through the Redis bus without waiting for its poll', async () => {
    const database = await createTestDatabase()
    cleanups.push(() => database.drop())
    const prefix = `t:${randomBytes(3).toString('hex')}:`
    const a = await replica(database, prefix, 60_000)
    const b = await replica(database, prefix, 60_000)
    await new Promise((r) => setTimeout(r, 100))
    const seen = collect(b.feed)
    await a.mutator.run(actor, ({ emit }) => emit({ type: 'x.upserted', entityKey: 'k', payload: {} }))
    await until(() => seen.length === 1, 2_000)
    expect(seen[0]).toMatchObject({ type: 'x.upserted', entityKey: 'k' })
  })

  it('catches up by polling when the bus message never arrives', async () => {
    const database = await createTestDatabase()
    cleanups.push(() => database.drop())
    // Different prefixes: the replicas do not hear each other's bus at all.
    const a = await replica(database, `t:${randomBytes(3).toString('hex')}:`, 60_000)
    const b = await replica(database, `t:${randomBytes(3).toString('hex')}:`, 100)
    const seen = collect(b.feed)
    await a.mutator.run(actor, ({ emit }) => emit({ type: 'x.upserted', entityKey: 'k', payload: {} }))
    await until(() => seen.length === 1, 2_000)
    expect(seen[0]).toMatchObject({ type: 'x.upserted', entityKey: 'k' })
  })
})

describe('change-log retention', () => {
  it('prunes events past the retention but keeps the most recent ones whatever their age', async () => {
    const database = await createTestDatabase()
    if (database.url) cleanups.push(() => database.drop())
    const { infra, mutator } = await replica(database, `t:${randomBytes(3).toString('hex')}:`, 60_000)
    for (let i = 0; i < 6; i++) await mutator.run(actor, ({ emit }) => emit({ type: 'x.upserted', entityKey: `k${i}`, payload: {} }))
    await infra.db.update(changeEvents).set({ at: sql`now() - interval '10 days'` })
    expect(await pruneChangeLog(infra.db, 24 * 30, 2)).toBe(0)
    expect(await pruneChangeLog(infra.db, 24 * 7, 2)).toBe(3)
    const left = await infra.db.select({ seq: changeEvents.seq }).from(changeEvents)
    expect(left).toHaveLength(3)
  })
})

describe('the change feed over a gap in the log', () => {
  it('reloads its consumers when the log was pruned past its position, and delivers across an ordinary hole', async () => {
    const database = await createTestDatabase()
    if (database.url) cleanups.push(() => database.drop())
    const config = loadConfig(database.url ? { DATABASE_URL: database.url } : {})
    const infra = await openInfrastructure(config, log, { pglite: database.pglite, redisPrefix: `t:${randomBytes(3).toString('hex')}:` })
    cleanups.push(() => infra.close())
    const { db } = infra
    const loads: number[] = []
    const applied: number[] = []
    // No timer and no bus message: this feed reads the log only when the test asks.
    const feed = new ChangeFeed(db, infra.bus, log)
    feed.follow({
      load: async () => {
        const seq = await latestSeq(db)
        loads.push(seq)
        return seq
      },
      apply: (change) => applied.push(change.seq),
    })
    let resyncs = 0
    feed.onResync(() => resyncs++)
    await feed.start()
    cleanups.push(() => feed.stop())
    // Written behind the feed's back (no bus), as another replica's writes are when Redis is down.
    const append = async (n: number) =>
      db.transaction((tx) => appendChanges(tx, Array.from({ length: n }, (_, i) => ({ type: 'x.changed', entityKey: `k${i}`, payload: {} }))))

    const pruned = (await append(3)).map((c) => c.seq)
    await db.delete(changeEvents).where(inArray(changeEvents.seq, pruned.slice(0, 2)))
    await feed.poll()
    expect(resyncs).toBe(1)
    expect(loads).toEqual([loads[0], pruned[2]])
    expect(applied).toEqual([])
    expect(feed.seq).toBe(pruned[2])

    // A transaction that drew a seq and rolled back leaves a hole the log still covers: no reload.
    const [hole, next] = (await append(2)).map((c) => c.seq) as [number, number]
    await db.delete(changeEvents).where(inArray(changeEvents.seq, [hole]))
    await feed.poll()
    expect(resyncs).toBe(1)
    expect(applied).toEqual([next])
  })
})
