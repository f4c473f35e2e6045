/**
 * The service's safety layer (docs/api.md, "Chaos safety"): where chaos is not allowed, nothing can arm a rule,
 * everything that stops one still works, and rules armed elsewhere on a shared database are
 * disarmed at start-up and by the periodic job.
 */
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { inArray } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { changeEvents, chaosRules } from '../db/schema/index.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.js'

const base = '/api/v1/admin/chaos-rules'
const DISABLED = 'chaos testing is disabled: set CHAOS_TESTING_ENABLED=true'
const PRODUCTION = 'chaos testing is never allowed when NODE_ENV=production'
const ERROR_CONFIG = { statusCode: 500, message: 'Injected error (Sluice chaos)' }

/** Writes rules straight into a database, as another environment sharing it would have. */
async function seed(target: TestDatabase | Db, rules: Array<{ name: string; enabled: boolean }>): Promise<string[]> {
  if (rules.length === 0) return []
  const insert = async (db: Db) =>
    (
      await db
        .insert(chaosRules)
        .values(rules.map((rule) => ({ ...rule, environment: 'staging', type: 'error', probability: 50, config: ERROR_CONFIG })))
        .returning({ id: chaosRules.id })
    ).map((row) => row.id)
  if (!('drop' in target)) return insert(target)
  if (target.pglite) return insert(drizzlePglite(target.pglite) as unknown as Db)
  const client = postgres(target.url!, { max: 1, onnotice: () => {} })
  try {
    return await insert(drizzlePostgres(client) as unknown as Db)
  } finally {
    await client.end()
  }
}

async function startOn(env: Record<string, string>, rules: Array<{ name: string; enabled: boolean }> = []) {
  const database = await createTestDatabase()
  const ids = await seed(database, rules)
  const t = await createTestApp({ database, env: { DEFAULT_ENVIRONMENT: 'staging', ...env }, jobIntervalMs: 3_600_000 })
  return { t, ids, database }
}

async function stop({ t, database }: { t: TestApp; database: TestDatabase }): Promise<void> {
  await t.close()
  // The app closed an embedded database it was handed; a server database is its owner's to drop.
  if (database.url) await database.drop()
}

function expectForbidden(res: { statusCode: number; json(): unknown }, message: string): void {
  expect(res.statusCode).toBe(403)
  expect(res.json()).toEqual({ statusCode: 403, error: 'Forbidden', code: 'SLUICE_CHAOS_FORBIDDEN', message })
}

describe('where CHAOS_TESTING_ENABLED is not set', () => {
  let env: Awaited<ReturnType<typeof startOn>>
  let t: TestApp
  let armed: string[]
  let idle: string

  beforeAll(async () => {
    env = await startOn({}, [
      { name: 'armed elsewhere 1', enabled: true },
      { name: 'armed elsewhere 2', enabled: true },
      { name: 'idle', enabled: false },
    ])
    t = env.t
    armed = env.ids.slice(0, 2)
    idle = env.ids[2]!
  })
  afterAll(() => stop(env))

  it('disarmed the enabled rules at start-up, in one transaction, as the system', async () => {
    for (const id of armed) {
      const rule = (await t.request({ method: 'GET', url: `${base}/${id}` })).json()
      expect(rule).toMatchObject({ enabled: false, version: 2, disabledReason: `disarmed because ${DISABLED}` })
      const [entry] = (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=chaos_rule&entityKey=${id}` })).json()
      expect(entry).toMatchObject({ action: 'chaos.disarmed', actor: 'system', before: { enabled: true }, after: { enabled: false } })
    }
    expect((await t.request({ method: 'GET', url: `${base}/${idle}` })).json()).toMatchObject({ enabled: false, version: 1, disabledReason: null })
    const events = await t.app.infrastructure.db.select().from(changeEvents).where(inArray(changeEvents.entityKey, armed))
    expect(events.map((e) => e.type)).toEqual(['chaos.upserted', 'chaos.upserted'])
    expect(new Set(events.map((e) => e.at.toISOString())).size).toBe(1)
  })

  it('refuses to create any rule, enabled or not, with a 403 that says why, and writes nothing', async () => {
    const before = (await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })).json().length
    for (const enabled of [true, false]) {
      const res = await t.request({ method: 'POST', url: base, payload: { name: 'x', type: 'error', probability: 5, enabled } })
      expectForbidden(res, DISABLED)
    }
    expect((await t.request({ method: 'GET', url: base })).json()).toHaveLength(3)
    expect((await t.request({ method: 'GET', url: '/api/v1/admin/audit-log?limit=1000' })).json()).toHaveLength(before)
  })

  it('refuses to enable a rule, and leaves it as it was', async () => {
    expectForbidden(await t.request({ method: 'PUT', url: `${base}/${idle}`, payload: { enabled: true } }), DISABLED)
    expect((await t.request({ method: 'GET', url: `${base}/${idle}` })).json()).toMatchObject({ enabled: false, version: 1 })
  })

  it('still reads, edits disabled rules, disables, halts and deletes', async () => {
    expect((await t.request({ method: 'GET', url: base })).statusCode).toBe(200)
    expect((await t.request({ method: 'PUT', url: `${base}/${idle}`, payload: { name: 'renamed', probability: 1 } })).json()).toMatchObject({
      name: 'renamed',
      enabled: false,
      version: 2,
    })
    expect((await t.request({ method: 'PUT', url: `${base}/${idle}`, payload: { enabled: false } })).statusCode).toBe(200)
    expect((await t.request({ method: 'POST', url: `${base}/halt` })).json()).toEqual({ halted: 0, rules: [] })
    expect((await t.request({ method: 'DELETE', url: `${base}/${idle}` })).statusCode).toBe(204)
  })

  it('keeps disarming: a rule enabled later by another environment is off after the next job run', async () => {
    const [late] = await seed(t.app.infrastructure.db, [{ name: 'armed later', enabled: true }])
    await t.app.jobs.tick()
    expect((await t.request({ method: 'GET', url: `${base}/${late}` })).json()).toMatchObject({ enabled: false, disabledReason: `disarmed because ${DISABLED}` })
  })

  it('halts rules that are enabled when the halt comes, whatever the environment', async () => {
    const ids = await seed(t.app.infrastructure.db, [{ name: 'a', enabled: true }, { name: 'b', enabled: true }])
    const res = await t.request({ method: 'POST', url: `${base}/halt` })
    expect(res.statusCode).toBe(200)
    expect(res.json().halted).toBe(2)
    expect(res.json().rules.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort())
  })
})

describe('in production', () => {
  let env: Awaited<ReturnType<typeof startOn>>

  beforeAll(async () => {
    env = await startOn({ NODE_ENV: 'production', CHAOS_TESTING_ENABLED: 'true' }, [{ name: 'armed in staging', enabled: true }])
  })
  afterAll(() => stop(env))

  it('refuses chaos even with CHAOS_TESTING_ENABLED=true, and says production is why', async () => {
    expectForbidden(await env.t.request({ method: 'POST', url: base, payload: { name: 'x', type: 'timeout', probability: 5 } }), PRODUCTION)
    expectForbidden(await env.t.request({ method: 'PUT', url: `${base}/${env.ids[0]}`, payload: { enabled: true } }), PRODUCTION)
  })

  it('disarmed the rule at start-up, naming production', async () => {
    expect((await env.t.request({ method: 'GET', url: `${base}/${env.ids[0]}` })).json()).toMatchObject({
      enabled: false,
      disabledReason: `disarmed because ${PRODUCTION}`,
    })
  })
})

describe('in production without CHAOS_TESTING_ENABLED', () => {
  it('names production, since enabling chaos testing would not help', async () => {
    const env = await startOn({ NODE_ENV: 'production' })
    try {
      expectForbidden(await env.t.request({ method: 'POST', url: base, payload: { name: 'x', type: 'error', probability: 5 } }), PRODUCTION)
    } finally {
      await stop(env)
    }
  })
})

describe('in staging with CHAOS_TESTING_ENABLED=true', () => {
  it('leaves enabled rules alone at start-up and lets admins create more', async () => {
    const env = await startOn({ NODE_ENV: 'staging', CHAOS_TESTING_ENABLED: 'true' }, [{ name: 'armed', enabled: true }])
    try {
      expect((await env.t.request({ method: 'GET', url: `${base}/${env.ids[0]}` })).json()).toMatchObject({ enabled: true, version: 1 })
      await env.t.app.jobs.tick()
      expect((await env.t.request({ method: 'GET', url: `${base}/${env.ids[0]}` })).json()).toMatchObject({ enabled: true, version: 1 })
      const res = await env.t.request({ method: 'POST', url: base, payload: { name: 'x', type: 'error', probability: 5, enabled: true } })
      expect(res.statusCode).toBe(201)
    } finally {
      await stop(env)
    }
  })
})
