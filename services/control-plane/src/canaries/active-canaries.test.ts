import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeRecord } from '../changes/change-log.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { ReplicaState } from '../stream/replica-state.js'
import { ActiveCanaries } from './active-canaries.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ jobIntervalMs: 3_600_000 })
})
afterAll(() => t.close())

/** A change feed this test drives by hand, as a replica whose feed lags would see it. */
function handFeed() {
  const listeners = new Set<(change: ChangeRecord) => void>()
  const resyncListeners = new Set<() => void>()
  let seq = 0
  return {
    onChange(listener: (change: ChangeRecord) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onResync(listener: () => void) {
      resyncListeners.add(listener)
      return () => resyncListeners.delete(listener)
    },
    emit(payload: { id: string; featureKey: string; status: string }) {
      for (const listener of listeners) listener({ seq: ++seq, at: new Date(), type: 'canary.upserted', entityKey: payload.featureKey, payload: { environment: 'production', minSampleSize: 100, rollbackThreshold: 5, ...payload } })
    },
    resync() {
      for (const listener of resyncListeners) listener()
    },
  }
}

/** A replica's state that this test's hand feed never updates: it knows what it loaded. */
async function loadedState(): Promise<ReplicaState> {
  const state = new ReplicaState(t.app.infrastructure.db)
  await state.load()
  return state
}

async function startCanary(key: string): Promise<string> {
  expect((await t.request({ method: 'POST', url: '/api/v1/admin/feature-flags', payload: { key, name: key, type: 'percentage' } })).statusCode).toBe(201)
  const res = await t.request({ method: 'POST', url: '/api/v1/admin/canary-deployments', payload: { featureKey: key, version: 'v2' } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id
}

describe('ActiveCanaries', () => {
  it('knows the canaries active at start, and learns of a later one its feed has not delivered yet from one read', async () => {
    const before = await startCanary('known_at_start')
    const feed = handFeed()
    const active = new ActiveCanaries(t.app.infrastructure.db, await loadedState(), feed)
    expect(active.byFlagKey('production', 'known_at_start')?.id).toBe(before)

    // Started through another replica: this one's feed has not said so yet.
    const later = await startCanary('started_elsewhere')
    expect(active.byFlagKey('production', 'started_elsewhere')).toBeUndefined()
    expect((await active.resolve('production', 'started_elsewhere', later))?.id).toBe(later)
    expect(active.byFlagKey('production', 'started_elsewhere')?.id).toBe(later)

    // An id that is not the flag's active canary (an SDK still reporting an old one) counts for nothing.
    expect(await active.resolve('production', 'started_elsewhere', before)).toBeUndefined()
    expect(await active.resolve('production', 'no_such_flag')).toBeUndefined()

    feed.emit({ id: later, featureKey: 'started_elsewhere', status: 'rolled_back' })
    expect(active.byFlagKey('production', 'started_elsewhere')).toBeUndefined()
    expect(await active.resolve('production', 'started_elsewhere', later)).toBeUndefined()
    active.stop()
  })

  it('forgets a canary it looked up when the feed resyncs, so outcomes stop counting for one that ended in the gap', async () => {
    const feed = handFeed()
    const state = await loadedState()
    const active = new ActiveCanaries(t.app.infrastructure.db, state, feed)
    const id = await startCanary('ended_in_gap')
    expect((await active.resolve('production', 'ended_in_gap', id))?.id).toBe(id)

    // Rolled back while this replica's feed was cut off, past the log's retention: the event never arrives.
    expect((await t.request({ method: 'POST', url: '/api/v1/admin/rollbacks/canary', payload: { featureKey: 'ended_in_gap', reason: 'gap' } })).statusCode).toBe(201)
    expect(active.byFlagKey('production', 'ended_in_gap')?.id).toBe(id)

    await state.load()
    feed.resync()
    expect(active.byFlagKey('production', 'ended_in_gap')).toBeUndefined()
    expect(await active.resolve('production', 'ended_in_gap', id)).toBeUndefined()
    active.stop()
  })
})
