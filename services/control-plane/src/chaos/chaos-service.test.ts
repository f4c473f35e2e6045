import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { changeEvents } from '../db/schema/index.js'
import { SYSTEM_ACTOR } from '../platform/actor.js'
import { Mutator } from '../changes/mutator.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { ChaosService } from './chaos-service.js'
import { CHAOS_DISABLED, CHAOS_FORBIDDEN_IN_PRODUCTION, chaosSettings } from './chaos-settings.js'

let t: TestApp
let mutator: Mutator
const base = '/api/v1/admin/chaos-rules'

beforeAll(async () => {
  t = await createTestApp({ env: { CHAOS_TESTING_ENABLED: 'true', DEFAULT_ENVIRONMENT: 'staging' }, jobIntervalMs: 3_600_000 })
  mutator = new Mutator(t.app.infrastructure.db, t.app.infrastructure.bus, t.app.log, { deadlineMs: t.config.writeDeadlineMs, guard: t.app.infrastructure.database.commitGuard })
})
afterAll(() => t.close())

function service(haltAllOnAutoRollback: boolean): ChaosService {
  return new ChaosService(t.app.infrastructure.db, mutator, { haltAllOnAutoRollback }, t.app.log)
}

async function create(stopOn?: string): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: base,
    payload: { name: `stops on ${stopOn ?? 'nothing'}`, type: 'error', probability: 50, enabled: true, ...(stopOn ? { stopOn: { flagKey: stopOn } } : {}) },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id
}

async function rule(id: string) {
  return (await t.request({ method: 'GET', url: `${base}/${id}` })).json()
}

describe('haltForRollback', () => {
  let payments: string
  let other: string
  let plain: string

  beforeEach(async () => {
    await t.request({ method: 'POST', url: `${base}/halt` })
    ;[payments, other, plain] = [await create('new_payment_flow'), await create('search_v2'), await create()]
  })

  it('halts only the rules that name the flag when haltAllOnAutoRollback is off', async () => {
    const halted = await mutator.run(SYSTEM_ACTOR, (mutation) => service(false).haltForRollback(mutation, 'staging', 'new_payment_flow', 'error rate 12% > 5%'))
    expect(halted.map((r) => r.id)).toEqual([payments])
    expect(await rule(payments)).toMatchObject({
      enabled: false,
      disabledReason: 'halted because the canary for "new_payment_flow" was rolled back: error rate 12% > 5%',
    })
    expect(await rule(other)).toMatchObject({ enabled: true })
    expect(await rule(plain)).toMatchObject({ enabled: true })
    const [entry] = (await t.request({ method: 'GET', url: `/api/v1/admin/audit-log?entityType=chaos_rule&entityKey=${payments}` })).json()
    expect(entry).toMatchObject({ action: 'chaos.halted', actor: 'system', before: { enabled: true }, after: { enabled: false } })
  })

  it('halts every enabled rule when haltAllOnAutoRollback is on', async () => {
    const halted = await mutator.run(SYSTEM_ACTOR, (mutation) => service(true).haltForRollback(mutation, 'staging', 'new_payment_flow', 'error rate'))
    expect(halted.map((r) => r.id).sort()).toEqual([payments, other, plain].sort())
    for (const id of [payments, other, plain]) expect(await rule(id)).toMatchObject({ enabled: false })
  })

  it("runs in the caller's transaction: if the rollback fails, the rules stay enabled and nothing is streamed", async () => {
    const failure = new Error('the rollback itself failed')
    await expect(
      mutator.run(SYSTEM_ACTOR, async (mutation) => {
        await service(true).haltForRollback(mutation, 'staging', 'new_payment_flow', 'error rate')
        throw failure
      }),
    ).rejects.toBe(failure)
    for (const id of [payments, other, plain]) expect(await rule(id)).toMatchObject({ enabled: true, version: 1 })
    const events = await t.app.infrastructure.db.select().from(changeEvents).where(eq(changeEvents.entityKey, payments))
    expect(events).toHaveLength(1)
  })

  it('does nothing for a flag no rule names', async () => {
    expect(await mutator.run(SYSTEM_ACTOR, (mutation) => service(false).haltForRollback(mutation, 'staging', 'unrelated', 'x'))).toEqual([])
  })
})

describe('chaosSettings', () => {
  it('allows chaos only with CHAOS_TESTING_ENABLED=true outside production, and says why not otherwise', () => {
    expect(chaosSettings(loadConfig({ CHAOS_TESTING_ENABLED: 'true' })).forbiddenReason).toBeUndefined()
    expect(chaosSettings(loadConfig({ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'staging' })).forbiddenReason).toBeUndefined()
    expect(chaosSettings(loadConfig({})).forbiddenReason).toBe(CHAOS_DISABLED)
    expect(chaosSettings(loadConfig({ CHAOS_TESTING_ENABLED: 'false', NODE_ENV: 'test' })).forbiddenReason).toBe(CHAOS_DISABLED)
    expect(chaosSettings(loadConfig({ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'production' })).forbiddenReason).toBe(CHAOS_FORBIDDEN_IN_PRODUCTION)
    expect(chaosSettings(loadConfig({ NODE_ENV: 'production' })).forbiddenReason).toBe(CHAOS_FORBIDDEN_IN_PRODUCTION)
  })

  it('halts every rule on an automatic rollback unless CHAOS_HALT_ON_AUTO_ROLLBACK=false', () => {
    expect(chaosSettings(loadConfig({})).haltAllOnAutoRollback).toBe(true)
    expect(chaosSettings(loadConfig({ CHAOS_HALT_ON_AUTO_ROLLBACK: 'true' })).haltAllOnAutoRollback).toBe(true)
    expect(chaosSettings(loadConfig({ CHAOS_HALT_ON_AUTO_ROLLBACK: 'false' })).haltAllOnAutoRollback).toBe(false)
  })
})
