import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from './errors.js'
import { createClient } from './index.js'
import { createOfflineClient } from './testing.js'

const PRO = { id: 'pro', constraints: [{ attribute: 'plan', operator: 'IN' as const, values: ['pro'] }] }
const IN_EU = { id: 'eu', segments: ['eu'] }

describe('rules flags in the client', () => {
  it('evaluates a rules flag on attributes and says which rule decided', () => {
    const sluice = createOfflineClient({ flags: [{ key: 'pro-only', rules: [PRO] }] })
    expect(sluice.evaluate('pro-only', { userId: 'u1', attributes: { plan: 'pro' } })).toMatchObject({ enabled: true, reason: 'rule_match', ruleId: 'pro' })
    expect(sluice.isEnabled('pro-only', { userId: 'u1', attributes: { plan: 'free' } })).toBe(false)
  })

  it('a segment change alters exactly the flags that name the segment', () => {
    const sluice = createOfflineClient({
      flags: [
        { key: 'eu-flag', rules: [IN_EU] },
        { key: 'pro-flag', rules: [PRO] },
      ],
      segments: [{ key: 'eu', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE'] }] }],
    })
    const fr = { userId: 'u1', attributes: { country: 'FR', plan: 'pro' } }
    const changes: string[] = []
    sluice.on('change', (change) => changes.push(change.type))
    expect([sluice.isEnabled('eu-flag', fr), sluice.isEnabled('pro-flag', fr)]).toEqual([false, true])

    sluice.testing.setSegment({ key: 'eu', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] })
    expect([sluice.isEnabled('eu-flag', fr), sluice.isEnabled('pro-flag', fr)]).toEqual([true, true])

    sluice.testing.removeSegment('eu')
    expect([sluice.isEnabled('eu-flag', fr), sluice.isEnabled('pro-flag', fr)]).toEqual([false, true])
    expect(changes).toEqual(['segment.upserted', 'segment.deleted'])
    expect(sluice.testing.snapshot().segments).toEqual([])
  })

  it('a snapshot that replaces the state announces the segments it changed and the ones it dropped', () => {
    const eu = { key: 'eu', constraints: [{ attribute: 'country', operator: 'IN' as const, values: ['DE'] }] }
    const staff = { key: 'staff', name: 'Staff', constraints: [] }
    const sluice = createOfflineClient({ flags: [{ key: 'eu-flag', rules: [IN_EU] }], segments: [eu, staff] })
    const changes: Array<{ type: string; key?: string; fromSnapshot: boolean }> = []
    sluice.on('change', (change) => changes.push({ type: change.type, key: 'key' in change ? change.key : undefined, fromSnapshot: change.fromSnapshot }))
    const state = sluice.testing.snapshot()
    sluice.testing.setState({ ...state, seq: 9, segments: [{ ...eu, version: 2, constraints: [{ attribute: 'country', operator: 'IN', values: ['FR'] }] }] })
    expect(changes).toEqual([
      { type: 'segment.upserted', key: 'eu', fromSnapshot: true },
      { type: 'segment.deleted', key: 'staff', fromSnapshot: true },
    ])
    expect(sluice.isEnabled('eu-flag', { attributes: { country: 'FR' } })).toBe(true)
  })

  it('fills appName and environment from the options, and a context keeps its own', () => {
    const rule = {
      id: 'shop-prod',
      constraints: [
        { attribute: 'appName', operator: 'IN' as const, values: ['shop'] },
        { attribute: 'environment', operator: 'IN' as const, values: ['production'] },
      ],
    }
    const filled = createOfflineClient({ flags: [{ key: 'f', rules: [rule] }], appName: 'shop', environment: 'production' })
    expect(filled.isEnabled('f')).toBe(true)
    expect(filled.isEnabled('f', { userId: 'u1' })).toBe(true)
    expect(filled.isEnabled('f', { appName: 'admin' })).toBe(false)
    const bare = createOfflineClient({ flags: [{ key: 'f', rules: [rule] }] })
    expect(bare.isEnabled('f', { userId: 'u1' })).toBe(false)
  })

  it("defaults a context's environment to the state's (the token's), unless the option or the context sets one", () => {
    const rule = { id: 'staging-only', constraints: [{ attribute: 'environment', operator: 'IN' as const, values: ['staging'] }] }
    const sluice = createOfflineClient({ flags: [{ key: 'f', rules: [rule] }] })
    expect(sluice.environment).toBeUndefined()
    expect(sluice.isEnabled('f', { userId: 'u1' })).toBe(false)
    sluice.testing.setState({ ...sluice.testing.snapshot(), seq: 3, environment: 'staging' })
    expect(sluice.environment).toBe('staging')
    expect(sluice.isEnabled('f', { userId: 'u1' })).toBe(true)
    expect(sluice.isEnabled('f', { userId: 'u1', environment: 'production' })).toBe(false)
    expect(sluice.testing.snapshot().environment).toBe('staging')

    const pinned = createOfflineClient({ flags: [{ key: 'f', rules: [rule] }], environment: 'production' })
    pinned.testing.setState({ ...pinned.testing.snapshot(), seq: 3, environment: 'staging' })
    expect(pinned.isEnabled('f', { userId: 'u1' })).toBe(false)
  })

  it('refuses an appName or environment that is not a non-empty string, naming it', () => {
    expect(() => createClient({ offline: true, appName: '' })).toThrow(InvalidOptionError)
    expect(() => createClient({ offline: true, environment: 42 as never })).toThrow(/environment must be a non-empty string/)
  })
})
