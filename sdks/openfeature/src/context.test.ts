import { OpenFeature, StandardResolutionReasons as R } from '@openfeature/server-sdk'
import { createOfflineClient, type EvaluationContext } from '@sluice/sdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toSluiceContext } from './context.js'
import { SluiceProvider } from './provider.js'
import { clientFor } from './test-support/open-feature.js'

afterEach(async () => {
  await OpenFeature.clearProviders()
})

describe('toSluiceContext', () => {
  it('reads targetingKey as the userId, and userId, sessionId and ip as themselves', () => {
    expect(toSluiceContext({ targetingKey: 'u-1', sessionId: 's-1', ip: '10.0.0.1' })).toEqual({ userId: 'u-1', sessionId: 's-1', ip: '10.0.0.1' })
    expect(toSluiceContext({ userId: 'u-2' })).toEqual({ userId: 'u-2' })
  })

  it('prefers targetingKey to a userId attribute, and ip to ipAddress', () => {
    expect(toSluiceContext({ targetingKey: 'u-1', userId: 'u-2' })).toEqual({ userId: 'u-1' })
    expect(toSluiceContext({ targetingKey: '', userId: 'u-2' })).toEqual({ userId: 'u-2' })
    expect(toSluiceContext({ ip: '10.0.0.1', ipAddress: '10.0.0.2' })).toEqual({ ip: '10.0.0.1' })
    expect(toSluiceContext({ ipAddress: '10.0.0.2' })).toEqual({ ip: '10.0.0.2' })
  })

  it('reads a numeric id as its decimal text, as the engine does', () => {
    expect(toSluiceContext({ userId: 42, sessionId: 7.5 })).toEqual({ userId: '42', sessionId: '7.5' })
  })

  it('passes every other string, number and boolean as an attribute, and leaves out the rest', () => {
    const mapped = toSluiceContext({
      targetingKey: 'u-1',
      plan: 'pro',
      seats: 12,
      beta: false,
      address: { city: 'Lyon' },
      tags: ['a', 'b'],
      signedUpAt: new Date(0),
      nothing: null,
    })
    expect(mapped).toEqual({ userId: 'u-1', attributes: { plan: 'pro', seats: 12, beta: false } })
  })

  it('reads appName, environment and currentTime as the context\'s own fields, not attributes', () => {
    const at = new Date('2031-01-01T00:00:00Z')
    expect(toSluiceContext({ targetingKey: 'u-1', appName: 'shop', environment: 'production', currentTime: at, plan: 'pro' })).toEqual({
      userId: 'u-1',
      appName: 'shop',
      environment: 'production',
      currentTime: at,
      attributes: { plan: 'pro' },
    })
    expect(toSluiceContext({ currentTime: '2031-01-01T00:00:00Z' })).toEqual({ currentTime: '2031-01-01T00:00:00Z' })
    expect(toSluiceContext({ currentTime: new Date(Number.NaN), appName: 3 as never })).toEqual({ appName: '3' })
  })

  it('leaves out ids of the wrong type, and has no attributes when there are none', () => {
    expect(toSluiceContext({ targetingKey: { id: 1 } as never, sessionId: true, ip: null, userId: Number.NaN })).toEqual({})
  })

  it('keeps attributes named like Object.prototype members as plain attributes', () => {
    const mapped = toSluiceContext(JSON.parse('{"__proto__":"x","constructor":"y","toString":"z"}'))
    expect(Object.getPrototypeOf(mapped.attributes)).toBe(null)
    expect({ ...mapped.attributes }).toEqual({ ['__proto__']: 'x', constructor: 'y', toString: 'z' })
  })

  it('never throws: not an object, a throwing getter, a hostile proxy', () => {
    expect(toSluiceContext(undefined)).toEqual({})
    expect(toSluiceContext(null as never)).toEqual({})
    expect(toSluiceContext('u-1' as never)).toEqual({})
    const getter = Object.defineProperty({ targetingKey: 'u-1' }, 'plan', {
      enumerable: true,
      get() {
        throw new Error('no')
      },
    })
    expect(toSluiceContext(getter)).toEqual({ userId: 'u-1' })
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
        ownKeys() {
          throw new Error('no')
        },
      },
    )
    expect(toSluiceContext(proxy)).toEqual({})
  })
})

describe('the context an evaluation receives', () => {
  it("takes the state's environment (the sdk token's) when the evaluation context names none", async () => {
    const rule = { id: 'staging', constraints: [{ attribute: 'environment', operator: 'IN' as const, values: ['staging'] }] }
    const sluice = createOfflineClient({ flags: [{ key: 'staging_only', rules: [rule] }] })
    sluice.testing.setState({ ...sluice.testing.snapshot(), seq: 2, environment: 'staging' })
    const client = await clientFor(new SluiceProvider(sluice))
    expect(await client.getBooleanValue('staging_only', false, { targetingKey: 'u-1' })).toBe(true)
    expect(await client.getBooleanValue('staging_only', false, { targetingKey: 'u-1', environment: 'production' })).toBe(false)
  })

  it('merges the global, client and invocation contexts before mapping them', async () => {
    const sluice = createOfflineClient({ flags: { f: true } })
    const evaluate = vi.spyOn(sluice, 'evaluate')
    const client = await clientFor(new SluiceProvider(sluice))
    client.setContext({ region: 'eu', sessionId: 's-1' })
    await client.getBooleanValue('f', false, { targetingKey: 'u-1', plan: 'pro', cart: { items: 3 } })
    expect(evaluate).toHaveBeenLastCalledWith('f', { userId: 'u-1', sessionId: 's-1', attributes: { region: 'eu', plan: 'pro' } } satisfies EvaluationContext)
  })

  it('meets a rules flag\'s constraints with the evaluation context\'s attributes and targetingKey', async () => {
    const sluice = createOfflineClient({
      flags: [
        {
          key: 'pro_beta',
          rules: [
            {
              id: 'pro',
              constraints: [
                { attribute: 'plan', operator: 'IN', values: ['pro'] },
                { attribute: 'userId', operator: 'STR_STARTS_WITH', values: ['staff-'] },
                { attribute: 'currentTime', operator: 'DATE_AFTER', value: '2030-01-01T00:00:00Z' },
              ],
            },
          ],
        },
      ],
    })
    const client = await clientFor(new SluiceProvider(sluice))
    const after = new Date('2031-01-01T00:00:00Z')
    expect(await client.getBooleanValue('pro_beta', false, { targetingKey: 'staff-1', plan: 'pro', currentTime: after })).toBe(true)
    expect(await client.getBooleanValue('pro_beta', false, { targetingKey: 'user-1', plan: 'pro', currentTime: after })).toBe(false)
    expect(await client.getBooleanValue('pro_beta', false, { targetingKey: 'staff-1', plan: 'free', currentTime: after })).toBe(false)
    expect(await client.getBooleanValue('pro_beta', false, { targetingKey: 'staff-1', plan: 'pro', currentTime: new Date('2029-01-01T00:00:00Z') })).toBe(false)
  })

  it('rolls out on an attribute when the flag sticks to one', async () => {
    const client = await clientFor(new SluiceProvider(createOfflineClient({ flags: { by_team: { percentage: 100, stickiness: 'teamId' } } })))
    expect(await client.getBooleanDetails('by_team', false, { teamId: 'payments' })).toMatchObject({ value: true, reason: R.SPLIT })
    expect(await client.getBooleanDetails('by_team', true, { targetingKey: 'u-1' })).toMatchObject({ value: false, reason: R.DEFAULT })
  })
})
