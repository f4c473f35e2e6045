/**
 * The client against a real SSE server on loopback that speaks the wire contract: applying
 * the snapshot and the events that follow, in order, exactly once.
 */
import { describe, expect, it } from 'vitest'
import type { Store } from './store.js'
import { canary, chaosRule, eventText, flag } from './test-support/fake-control-plane.js'
import { armChaosEnvironment } from './test-support/apps.js'
import { connect, startFake } from './test-support/harness.js'
import { until } from './test-support/fake-control-plane.js'

describe('stream: snapshot and events', () => {
  it('serves the snapshot, then applies each event in seq order with one change event each', async () => {
    const fake = await startFake({ flags: [flag('checkout'), flag('search', { enabled: false })] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    expect(events.ready).toEqual([{ source: 'stream', seq: 1 }])
    expect(client.isEnabled('checkout')).toBe(true)
    expect(client.isEnabled('search')).toBe(false)
    expect(client.evaluate('search')).toEqual({ enabled: false, reason: 'disabled' })
    expect(client.evaluate('nope')).toEqual({ enabled: false, reason: 'not_found' })
    expect(events.change).toEqual([])

    fake.publish('flag.upserted', { ...flag('search', { version: 2 }) })
    fake.publish('flag.archived', { ...flag('checkout', { archived: true, version: 2 }) })
    fake.publish('chaos.upserted', { ...chaosRule('slow-db') })
    fake.publish('chaos.deleted', { id: 'slow-db' })
    await until(() => events.change.length === 4, 2000, 'four changes')

    expect(events.change.map((c) => [c.type, c.seq])).toEqual([
      ['flag.upserted', 2],
      ['flag.archived', 3],
      ['chaos.upserted', 4],
      ['chaos.deleted', 5],
    ])
    expect(events.change[0]).toEqual({ type: 'flag.upserted', seq: 2, key: 'search', data: flag('search', { version: 2 }), fromSnapshot: false })
    expect(events.change[3]).toEqual({ type: 'chaos.deleted', seq: 5, id: 'slow-db', data: { id: 'slow-db' }, fromSnapshot: false })
    expect(client.isEnabled('search')).toBe(true)
    expect(client.evaluate('checkout')).toEqual({ enabled: false, reason: 'archived' })
    expect(events.error).toEqual([])
  })

  it('keeps running and paused canaries by flag key and lets ended ones go', async () => {
    const fake = await startFake({
      flags: [flag('pay', { type: 'percentage', percentage: 5 })],
      canaries: [canary('pay'), canary('old', { status: 'completed' })],
    })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    // The store is private: read it to see what the client keeps, not only what it evaluates.
    const store = (client as unknown as { store: Store }).store
    expect([...store.canaries.keys()]).toEqual(['pay'])

    fake.publish('canary.upserted', { ...canary('pay', { status: 'paused', percentage: 10 }) })
    await until(() => events.change.length === 1)
    expect(events.change[0]).toMatchObject({ type: 'canary.upserted', key: 'pay', id: 'canary-pay' })
    expect(store.canaries.get('pay')?.status).toBe('paused')

    // A late update of an older canary must not evict the active one for the same flag.
    fake.publish('canary.upserted', { ...canary('pay', { id: 'canary-older', status: 'rolled_back' }) })
    fake.publish('canary.upserted', { ...canary('pay', { status: 'rolled_back', percentage: 0 }) })
    await until(() => events.change.length === 3)
    expect(store.canaries.has('pay')).toBe(false)
  })

  it('ignores an event whose seq is not past the last applied one', async () => {
    const fake = await startFake({ flags: [flag('a', { enabled: false })], seq: 10 })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.broadcast(eventText({ seq: 10, type: 'flag.upserted', data: { ...flag('a', { version: 9 }) } })) // = snapshot's seq
    fake.broadcast(eventText({ seq: 11, type: 'flag.upserted', data: { ...flag('a', { version: 2 }) } }))
    fake.broadcast(eventText({ seq: 11, type: 'flag.upserted', data: { ...flag('a', { enabled: false, version: 3 }) } })) // duplicate
    fake.broadcast(eventText({ seq: 7, type: 'flag.upserted', data: { ...flag('a', { enabled: false, version: 4 }) } })) // old
    fake.broadcast(eventText({ seq: 12, type: 'flag.upserted', data: { ...flag('b') } }))
    await until(() => client.isEnabled('b'), 2000, 'seq 12')

    expect(events.change.map((c) => c.seq)).toEqual([11, 12])
    expect(client.isEnabled('a')).toBe(true)
  })

  it('skips event types it does not know, and events without data or a name, and carries on', async () => {
    const fake = await startFake({ flags: [] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.broadcast(`event: flag.renamed\nid: 2\ndata: ${JSON.stringify({ seq: 2, from: 'a', to: 'b' })}\n\n`)
    fake.broadcast(`data: {"seq":3}\n\n`)
    fake.broadcast(`event: flag.upserted\nid: 4\n\n`)
    fake.seq = 4
    fake.publish('flag.upserted', { ...flag('later') })
    await until(() => client.isEnabled('later'), 2000, 'the event after the unknown one')

    expect(events.change).toHaveLength(1)
    expect(events.error).toEqual([])
  })

  it('reports a malformed event as an error and applies the next one', async () => {
    const fake = await startFake({ flags: [] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.broadcast(`event: flag.upserted\nid: 2\ndata: {"seq":2, "key": \n\n`)
    fake.broadcast(eventText({ seq: 3, type: 'flag.upserted', data: { name: 'no key' } }))
    fake.seq = 3
    fake.publish('flag.upserted', { ...flag('ok') })
    await until(() => client.isEnabled('ok'), 2000, 'the valid event')

    expect(events.error.map((e) => (e as { code?: string }).code)).toEqual(['SLUICE_INVALID_STATE', 'SLUICE_INVALID_STATE'])
    expect(events.disconnected).toEqual([])
  })

  it('keeps streaming when a change listener throws', async () => {
    const fake = await startFake({ flags: [] })
    const { client, logger } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })
    client.on('change', () => {
      throw new Error('listener bug')
    })

    fake.publish('flag.upserted', { ...flag('first') })
    fake.publish('flag.upserted', { ...flag('second') })
    await until(() => client.isEnabled('second'), 2000, 'the second event')

    expect(client.isEnabled('first')).toBe(true)
    expect(logger.lines.filter((l) => l.level === 'error' && l.text.includes('listener bug'))).toHaveLength(2)
  })

  it('announces the flags a replacing snapshot changed, added or removed', async () => {
    const fake = await startFake({ flags: [flag('kept'), flag('changed'), flag('dropped')] })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    // The log no longer reaches back to the client's position, so its resume gets a snapshot.
    fake.dropStreams()
    fake.flags.set('changed', flag('changed', { enabled: false, version: 2 }))
    fake.flags.delete('dropped')
    fake.flags.set('added', flag('added'))
    fake.seq = 50
    fake.oldestRetained = 40
    await until(() => events.change.length === 3, 3000, 'snapshot changes')

    expect(events.change.map((c) => [c.type, c.seq, 'key' in c ? c.key : '', c.fromSnapshot]).sort()).toEqual(
      [
        ['flag.upserted', 50, 'changed', true],
        ['flag.upserted', 50, 'added', true],
        ['flag.removed', 50, 'dropped', true],
      ].sort(),
    )
    expect(client.evaluate('dropped').reason).toBe('not_found')
    expect(client.isEnabled('changed')).toBe(false)
    expect(fake.streamRequests()[1]!.headers['last-event-id']).toBe('1')
  })

  it('announces the canaries and chaos rules a replacing snapshot changed, added or removed', async () => {
    armChaosEnvironment()
    const halted = chaosRule('halted')
    const fake = await startFake({
      flags: [flag('kept')],
      canaries: [canary('steady'), canary('ramped'), canary('ended')],
      chaosRules: [chaosRule('steady'), halted, chaosRule('deleted')],
    })
    const { client, events } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.dropStreams()
    const ramped = canary('ramped', { percentage: 25, updatedAt: '2026-01-02T00:00:00.000Z' })
    const started = canary('started')
    const haltedNow = { ...halted, enabled: false, disabledReason: 'halted', version: 2, updatedAt: '2026-01-02T00:00:00.000Z' }
    const added = chaosRule('added')
    fake.canaries.set(ramped.id, ramped)
    fake.canaries.delete('canary-ended')
    fake.canaries.set(started.id, started)
    fake.chaosRules.set(halted.id, haltedNow)
    fake.chaosRules.delete('deleted')
    fake.chaosRules.set(added.id, added)
    fake.seq = 50
    fake.oldestRetained = 40
    await until(() => events.change.length === 6, 3000, 'snapshot changes')

    expect(events.change).toEqual([
      { type: 'canary.removed', seq: 50, key: 'ended', id: 'canary-ended', data: canary('ended'), fromSnapshot: true },
      { type: 'canary.upserted', seq: 50, key: 'ramped', id: 'canary-ramped', data: ramped, fromSnapshot: true },
      { type: 'canary.upserted', seq: 50, key: 'started', id: 'canary-started', data: started, fromSnapshot: true },
      { type: 'chaos.upserted', seq: 50, id: 'halted', data: haltedNow, fromSnapshot: true },
      { type: 'chaos.upserted', seq: 50, id: 'added', data: added, fromSnapshot: true },
      { type: 'chaos.deleted', seq: 50, id: 'deleted', data: { id: 'deleted' }, fromSnapshot: true },
    ])
    expect(client.chaos.active().map((rule) => rule.id)).toEqual(['added', 'steady'])
  })

  it('takes a snapshot with a lower seq as the truth (a rebuilt control plane)', async () => {
    const fake = await startFake({ flags: [flag('a')], seq: 900 })
    const { client } = connect(fake.url)
    await client.ready({ timeoutMs: 2000 })

    fake.dropStreams()
    fake.seq = 3
    fake.flags.set('a', flag('a', { enabled: false, version: 1, updatedAt: '2026-02-01T00:00:00.000Z' }))
    fake.oldestRetained = 10
    await until(() => !client.isEnabled('a'), 3000, 'the lower snapshot')

    fake.publish('flag.upserted', { ...flag('b') })
    await until(() => client.isEnabled('b'), 2000, 'an event after the lower snapshot')
  })
})
