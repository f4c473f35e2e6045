import { ErrorCode, OpenFeature, ProviderStatus, StandardResolutionReasons as R } from '@openfeature/server-sdk'
import { createOfflineClient, InvalidOptionError, type FlagsInput } from '@sluice/sdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SluiceProvider } from './provider.js'
import { clientFor, silentLogger, unawaitedClientFor } from './test-support/open-feature.js'

afterEach(async () => {
  await OpenFeature.clearProviders()
})

async function openFeature(flags: FlagsInput) {
  const sluice = createOfflineClient({ flags })
  const provider = new SluiceProvider(sluice)
  return { sluice, provider, client: await clientFor(provider) }
}

const checkout = [
  { key: 'blue', weight: 1, payload: { color: 'blue', discount: 10 } },
  { key: 'green', weight: 1, payload: { color: 'green', discount: 20 } },
]

describe('boolean evaluation: the flag is on or off', () => {
  it('answers true with STATIC for a flag that is on for everyone', async () => {
    const { client } = await openFeature({ kill_switch: true })
    expect(await client.getBooleanDetails('kill_switch', false)).toEqual({
      flagKey: 'kill_switch',
      value: true,
      reason: R.STATIC,
      flagMetadata: { enabled: true, sluiceReason: 'default' },
    })
  })

  it('answers false with DISABLED for a disabled or archived flag, whatever the default', async () => {
    const { client } = await openFeature([
      { key: 'disabled_flag', enabled: false },
      { key: 'archived_flag', archived: true },
    ])
    expect(await client.getBooleanDetails('disabled_flag', true)).toMatchObject({ value: false, reason: R.DISABLED, flagMetadata: { sluiceReason: 'disabled' } })
    expect(await client.getBooleanDetails('archived_flag', true)).toMatchObject({ value: false, reason: R.DISABLED, flagMetadata: { sluiceReason: 'archived' } })
  })

  it('answers SPLIT for a percentage rollout, in or out of it', async () => {
    const { client } = await openFeature({ all_in: { percentage: 100 }, all_out: { percentage: 0 } })
    expect(await client.getBooleanDetails('all_in', false, { targetingKey: 'u-1' })).toMatchObject({ value: true, reason: R.SPLIT, flagMetadata: { sluiceReason: 'rollout' } })
    expect(await client.getBooleanDetails('all_out', true, { targetingKey: 'u-1' })).toMatchObject({
      value: false,
      reason: R.SPLIT,
      flagMetadata: { sluiceReason: 'out_of_rollout' },
    })
  })

  it('answers TARGETING_MATCH for user targeting, matched or not', async () => {
    const { client } = await openFeature({ beta: { userIds: ['alice'] } })
    expect(await client.getBooleanDetails('beta', false, { targetingKey: 'alice' })).toMatchObject({ value: true, reason: R.TARGETING_MATCH })
    expect(await client.getBooleanDetails('beta', true, { targetingKey: 'bob' })).toMatchObject({
      value: false,
      reason: R.TARGETING_MATCH,
      flagMetadata: { sluiceReason: 'not_targeted' },
    })
  })

  it('answers TARGETING_MATCH for IP targeting, from `ip` or `ipAddress`', async () => {
    const { client } = await openFeature({ office: { ips: ['10.0.0.0/8'] } })
    expect(await client.getBooleanValue('office', false, { ip: '10.1.2.3' })).toBe(true)
    expect(await client.getBooleanValue('office', false, { ipAddress: '10.1.2.3' })).toBe(true)
    expect(await client.getBooleanDetails('office', true, { ip: '192.168.0.1' })).toMatchObject({ value: false, reason: R.TARGETING_MATCH })
  })

  it('answers false with DEFAULT when the flag sticks to a field the context lacks', async () => {
    const { client } = await openFeature({ by_session: { percentage: 100, stickiness: 'sessionId' } })
    expect(await client.getBooleanDetails('by_session', true, { targetingKey: 'u-1' })).toMatchObject({
      value: false,
      reason: R.DEFAULT,
      flagMetadata: { sluiceReason: 'missing_stickiness' },
    })
    expect(await client.getBooleanDetails('by_session', false, { sessionId: 's-1' })).toMatchObject({ value: true, reason: R.SPLIT })
  })

  it('names the variant of a flag that is on', async () => {
    const { client } = await openFeature({ checkout: { variants: [checkout[0]!] } })
    expect(await client.getBooleanDetails('checkout', false, { targetingKey: 'u-1' })).toMatchObject({ value: true, variant: 'blue', reason: R.STATIC })
  })
})

describe('string evaluation: the variant key', () => {
  it('answers the variant key with SPLIT for a flag on for everyone, and the same key for the same user every time', async () => {
    const { client } = await openFeature({ checkout: { variants: checkout } })
    const first = await client.getStringDetails('checkout', 'control', { targetingKey: 'u-42' })
    expect(first).toMatchObject({ reason: R.SPLIT, flagMetadata: { enabled: true, sluiceReason: 'default' } })
    expect(['blue', 'green']).toContain(first.value)
    expect(first.variant).toBe(first.value)
    for (let i = 0; i < 5; i++) expect(await client.getStringValue('checkout', 'control', { targetingKey: 'u-42' })).toBe(first.value)
    const seen = new Set<string>()
    for (let i = 0; i < 60; i++) seen.add(await client.getStringValue('checkout', 'control', { targetingKey: `user-${i}` }))
    expect(seen).toEqual(new Set(['blue', 'green']))
  })

  it('keeps the targeting reason for a variant of a targeted flag', async () => {
    const { client } = await openFeature({ beta: { userIds: ['alice'], variants: [{ key: 'beta-ui', weight: 1 }] } })
    expect(await client.getStringDetails('beta', 'none', { targetingKey: 'alice' })).toMatchObject({ value: 'beta-ui', variant: 'beta-ui', reason: R.TARGETING_MATCH })
  })

  it('answers the default with DISABLED for a disabled flag', async () => {
    const { client } = await openFeature({ checkout: { enabled: false, variants: checkout } })
    const details = await client.getStringDetails('checkout', 'control', { targetingKey: 'u-1' })
    expect(details).toMatchObject({ value: 'control', reason: R.DISABLED })
    expect(details.variant).toBeUndefined()
  })

  it('answers the default with DEFAULT when the flag is off for this context, or on without variants', async () => {
    const { client } = await openFeature({ beta: { userIds: ['alice'], variants: checkout }, plain: true })
    expect(await client.getStringDetails('beta', 'control', { targetingKey: 'bob' })).toMatchObject({ value: 'control', reason: R.DEFAULT, flagMetadata: { sluiceReason: 'not_targeted' } })
    expect(await client.getStringDetails('plain', 'control')).toMatchObject({ value: 'control', reason: R.DEFAULT, flagMetadata: { enabled: true } })
  })
})

describe('number evaluation: the variant payload', () => {
  it('answers a numeric payload with its variant', async () => {
    const { client } = await openFeature({ price_test: { variants: [{ key: 'high', weight: 1, payload: 9.99 }] } })
    expect(await client.getNumberDetails('price_test', 0, { targetingKey: 'u-1' })).toMatchObject({ value: 9.99, variant: 'high', reason: R.SPLIT })
  })

  it('answers TYPE_MISMATCH with the default for a payload that is not a number', async () => {
    const { client } = await openFeature({ text: { variants: [{ key: 'a', weight: 1, payload: '9.99' }] } })
    expect(await client.getNumberDetails('text', 1, { targetingKey: 'u-1' })).toMatchObject({
      value: 1,
      reason: R.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: 'flag "text" gave variant "a" with a string payload, not a number',
      flagMetadata: { enabled: true },
    })
  })

  it('answers the default with DISABLED or DEFAULT, not a type error, while the flag is off', async () => {
    const { client } = await openFeature({ price_test: { enabled: false, variants: [{ key: 'high', weight: 1, payload: 9.99 }] }, half: { percentage: 0, variants: [{ key: 'high', weight: 1, payload: 9.99 }] } })
    expect(await client.getNumberDetails('price_test', 5)).toMatchObject({ value: 5, reason: R.DISABLED })
    expect(await client.getNumberDetails('half', 5, { targetingKey: 'u-1' })).toMatchObject({ value: 5, reason: R.DEFAULT })
  })
})

describe('object evaluation: the variant payload', () => {
  it('answers an object or array payload with its variant', async () => {
    const { client } = await openFeature({ checkout: { variants: [checkout[1]!] }, steps: { variants: [{ key: 'short', weight: 1, payload: ['cart', 'pay'] }] } })
    expect(await client.getObjectDetails('checkout', {}, { targetingKey: 'u-1' })).toMatchObject({ value: { color: 'green', discount: 20 }, variant: 'green', reason: R.SPLIT })
    expect(await client.getObjectValue('steps', [], { targetingKey: 'u-1' })).toEqual(['cart', 'pay'])
  })

  it('answers TYPE_MISMATCH with the default for a primitive or null payload', async () => {
    const { client } = await openFeature({
      number: { variants: [{ key: 'a', weight: 1, payload: 5 }] },
      nothing: { variants: [{ key: 'a', weight: 1, payload: null }] },
    })
    const fallback = { color: 'grey' }
    expect(await client.getObjectDetails('number', fallback)).toMatchObject({ value: fallback, errorCode: ErrorCode.TYPE_MISMATCH, reason: R.ERROR })
    expect(await client.getObjectDetails('nothing', fallback)).toMatchObject({ value: fallback, errorCode: ErrorCode.TYPE_MISMATCH, errorMessage: 'flag "nothing" gave variant "a" with a null payload, not a JSON object or array' })
  })
})

describe('a flag that is on but holds no value of the requested type', () => {
  it('answers the default with DEFAULT and no error for every type, when the flag has no variants', async () => {
    const { client } = await openFeature({ plain: true })
    const expected = (value: unknown) => ({ flagKey: 'plain', value, reason: R.DEFAULT, flagMetadata: { enabled: true, sluiceReason: 'default' } })
    expect(await client.getStringDetails('plain', 'control', { targetingKey: 'u-1' })).toEqual(expected('control'))
    expect(await client.getNumberDetails('plain', 3, { targetingKey: 'u-1' })).toEqual(expected(3))
    expect(await client.getObjectDetails('plain', { color: 'grey' }, { targetingKey: 'u-1' })).toEqual(expected({ color: 'grey' }))
  })

  it('answers the default with DEFAULT, naming no variant, when the variant has no payload', async () => {
    const { client } = await openFeature({ bare: { variants: [{ key: 'a', weight: 1 }] } })
    expect(await client.getNumberDetails('bare', 2, { targetingKey: 'u-1' })).toEqual({ flagKey: 'bare', value: 2, reason: R.DEFAULT, flagMetadata: { enabled: true, sluiceReason: 'default' } })
    expect(await client.getObjectDetails('bare', [], { targetingKey: 'u-1' })).toMatchObject({ value: [], reason: R.DEFAULT })
    // The string type reads the variant's key, which the variant has.
    expect(await client.getStringDetails('bare', 'x', { targetingKey: 'u-1' })).toMatchObject({ value: 'a', variant: 'a', reason: R.SPLIT })
  })
})

describe('flags that cannot be evaluated', () => {
  it('answers FLAG_NOT_FOUND with the default for an unknown flag, for every type', async () => {
    const { client } = await openFeature({})
    const notFound = { reason: R.ERROR, errorCode: ErrorCode.FLAG_NOT_FOUND, errorMessage: 'flag "nope" not found', flagMetadata: { enabled: false, sluiceReason: 'not_found' } }
    expect(await client.getBooleanDetails('nope', true)).toMatchObject({ value: true, ...notFound })
    expect(await client.getStringDetails('nope', 'x')).toMatchObject({ value: 'x', ...notFound })
    expect(await client.getNumberDetails('nope', 7)).toMatchObject({ value: 7, ...notFound })
    expect(await client.getObjectDetails('nope', { a: 1 })).toMatchObject({ value: { a: 1 }, ...notFound })
  })

  it('answers GENERAL with the default for a flag whose definition the engine rejects', async () => {
    const { client } = await openFeature([{ key: 'broken', enabled: 'yes' as unknown as boolean }])
    expect(await client.getBooleanDetails('broken', true)).toMatchObject({ value: true, reason: R.ERROR, errorCode: ErrorCode.GENERAL, flagMetadata: { sluiceReason: 'error' } })
  })

  it('answers PROVIDER_NOT_READY while the client has no state, after a failed initialize', async () => {
    const provider = new SluiceProvider({ url: 'http://127.0.0.1:9', sdkKey: 'sdk_unused', logger: silentLogger, pollIntervalMs: 60_000 }, { readyTimeoutMs: 50 })
    const { client, initialized } = unawaitedClientFor(provider)
    await expect(initialized).rejects.toMatchObject({ code: 'SLUICE_READY_TIMEOUT' })
    expect(client.providerStatus).toBe(ProviderStatus.ERROR)
    expect(await client.getBooleanDetails('anything', true)).toMatchObject({ value: true, reason: R.ERROR, errorCode: ErrorCode.PROVIDER_NOT_READY })
  })
})

describe('the provider', () => {
  it('is the "sluice" server provider', () => {
    const provider = new SluiceProvider(createOfflineClient())
    expect(provider.metadata.name).toBe('sluice')
    expect(provider.runsOn).toBe('server')
  })

  it('closes a client it created, and never one it was given', async () => {
    const given = createOfflineClient({ flags: { f: true } })
    const givenClose = vi.spyOn(given, 'close')
    await clientFor(new SluiceProvider(given))
    await OpenFeature.clearProviders()
    expect(givenClose).not.toHaveBeenCalled()

    const owned = new SluiceProvider({ offline: true, logger: silentLogger })
    const ownedClose = vi.spyOn(owned.client, 'close')
    await clientFor(owned)
    await OpenFeature.clearProviders()
    expect(ownedClose).toHaveBeenCalledTimes(1)
    await expect(owned.initialize()).rejects.toMatchObject({ code: ErrorCode.PROVIDER_FATAL })
  })

  it('exposes the client it evaluates with', async () => {
    const sluice = createOfflineClient()
    expect(new SluiceProvider(sluice).client).toBe(sluice)
  })

  it('checks its arguments at the door, naming the one that is wrong', () => {
    expect(() => new SluiceProvider(undefined as never)).toThrow(InvalidOptionError)
    expect(() => new SluiceProvider({ url: 'http://127.0.0.1:9' })).toThrow(/sdkKey is required/)
    expect(() => new SluiceProvider(createOfflineClient(), { readyTimeoutMs: -1 })).toThrow(/readyTimeoutMs must be a non-negative number/)
  })
})
