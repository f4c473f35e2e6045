/** The test double applications seed in their own tests. */
import { describe, expect, it } from 'vitest'
import { createClient } from './client.js'
import { canary } from './test-support/fake-control-plane.js'
import { record, startFake, track } from './test-support/harness.js'
import { createOfflineClient } from './testing.js'

describe('createOfflineClient', () => {
  it('is ready at once with the flags it was seeded with', async () => {
    const sluice = track(
      createOfflineClient({
        flags: {
          new_payment_flow: true,
          old_checkout: false,
          beta: { userIds: ['u1'] },
          half: { percentage: 100 },
          office: { ips: ['10.0.0.0/8'] },
        },
      }),
    )
    const ready: unknown[] = []
    sluice.on('ready', (event) => ready.push(event))
    await sluice.ready({ timeoutMs: 0 })
    expect(sluice.isEnabled('new_payment_flow')).toBe(true)
    expect(sluice.evaluate('old_checkout')).toEqual({ enabled: false, reason: 'disabled' })
    expect(sluice.isEnabled('beta', { userId: 'u1' })).toBe(true)
    expect(sluice.isEnabled('beta', { userId: 'u2' })).toBe(false)
    expect(sluice.evaluate('half', { userId: 'anyone' })).toEqual({ enabled: true, reason: 'rollout' })
    expect(sluice.isEnabled('office', { ip: '10.1.2.3' })).toBe(true)
    expect(sluice.evaluate('unknown')).toEqual({ enabled: false, reason: 'not_found' })
    await Promise.resolve()
    expect(ready).toEqual([{ source: 'testing', seq: 0 }])
  })

  it('accepts a list of flags too', () => {
    const sluice = track(createOfflineClient({ flags: [{ key: 'a' }, { key: 'b', enabled: false }] }))
    expect([sluice.isEnabled('a'), sluice.isEnabled('b')]).toEqual([true, false])
  })

  it('changes state like the stream would, change events included', () => {
    const sluice = track(createOfflineClient())
    const events = record(sluice)

    const set = sluice.testing.setFlag({ key: 'checkout_test', variants: [{ key: 'blue', weight: 1, payload: { color: 'blue' } }] })
    expect(set).toMatchObject({ key: 'checkout_test', name: 'checkout_test', type: 'boolean', enabled: true, version: 1, archived: false })
    expect(sluice.variant('checkout_test', { userId: 'u1' })).toEqual({ key: 'blue', payload: { color: 'blue' } })

    expect(sluice.testing.setFlag({ key: 'checkout_test', enabled: false }).version).toBe(2)
    expect(sluice.variant('checkout_test', { userId: 'u1' })).toBeUndefined()
    sluice.testing.setFlag({ key: 'checkout_test', archived: true })
    expect(sluice.evaluate('checkout_test').reason).toBe('archived')

    expect(sluice.testing.removeFlag('checkout_test')).toBe(true)
    expect(sluice.testing.removeFlag('checkout_test')).toBe(false)
    expect(sluice.evaluate('checkout_test').reason).toBe('not_found')

    expect(events.change.map((c) => [c.type, c.seq])).toEqual([
      ['flag.upserted', 1],
      ['flag.upserted', 2],
      ['flag.archived', 3],
      ['flag.removed', 4],
    ])
  })

  it('replaces the whole state with setState', () => {
    const sluice = track(createOfflineClient({ flags: { a: true, b: true } }))
    const events = record(sluice)
    const b = sluice.testing.snapshot().flags.find((f) => f.key === 'b')!
    sluice.testing.setState({ seq: 9, flags: [b, { ...b, key: 'c', name: 'c' }], canaries: [canary('c')] })
    expect(sluice.isEnabled('a')).toBe(false)
    expect(sluice.isEnabled('c')).toBe(true)
    expect(events.change.map((c) => [c.type, 'key' in c ? c.key : ''])).toEqual([
      ['flag.upserted', 'c'],
      ['flag.removed', 'a'],
      ['canary.upserted', 'c'],
    ])
    expect(sluice.testing.snapshot()).toMatchObject({ seq: 9, canaries: [{ featureKey: 'c' }] })
  })

  it('rejects a flag without a key', () => {
    const sluice = track(createOfflineClient())
    expect(() => sluice.testing.setFlag({} as never)).toThrow(/flag must be an object with a non-empty "key"/)
  })
})

describe('offline: true', () => {
  it('never touches the network, even with a url', async () => {
    const fake = await startFake()
    const client = track(createClient({ url: fake.url, offline: true, bootstrap: { flags: [] } }))
    await client.ready({ timeoutMs: 0 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await client.close()
    expect(fake.requests).toEqual([])
  })
})
