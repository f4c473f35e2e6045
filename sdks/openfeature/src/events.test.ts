import { OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from '@openfeature/server-sdk'
import { createOfflineClient, type Logger } from '@sluice/sdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SluiceProvider } from './provider.js'
import { FakeControlPlane } from './test-support/fake-control-plane.js'
import { clientFor, silentLogger, unawaitedClientFor } from './test-support/open-feature.js'

const planes: FakeControlPlane[] = []
afterEach(async () => {
  await OpenFeature.clearProviders()
  for (const plane of planes.splice(0)) await plane.close()
})

interface Seen {
  type: ProviderEvents
  details: EventDetails | undefined
}

/** Everything the provider emits, in order. */
function record(provider: SluiceProvider): Seen[] {
  const seen: Seen[] = []
  for (const type of Object.values(ProviderEvents)) provider.events.addHandler(type, (details) => void seen.push({ type, details }))
  return seen
}

const types = (seen: Seen[]) => seen.map((event) => event.type)
const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

async function fakeControlPlane(flags: Record<string, boolean> = { kill_switch: true }): Promise<FakeControlPlane> {
  const plane = await FakeControlPlane.start(createOfflineClient({ flags }).testing.snapshot())
  planes.push(plane)
  return plane
}

function streamingProvider(plane: FakeControlPlane, logger: Partial<Logger> = silentLogger, readyTimeoutMs?: number): SluiceProvider {
  return new SluiceProvider(
    { url: plane.url, sdkKey: 'sdk_test', logger, reconnect: { baseMs: 10, capMs: 40 }, pollIntervalMs: 60_000 },
    readyTimeoutMs === undefined ? {} : { readyTimeoutMs },
  )
}

describe('CONFIGURATION_CHANGED', () => {
  it('names the changed flag, and handlers already read the new value', async () => {
    const sluice = createOfflineClient({ flags: { new_checkout: false } })
    const client = await clientFor(new SluiceProvider(sluice))
    const served: boolean[] = []
    const changed: unknown[] = []
    client.addHandler(ProviderEvents.ConfigurationChanged, async (details) => {
      changed.push(details?.flagsChanged)
      served.push(await client.getBooleanValue('new_checkout', false))
    })
    sluice.testing.setFlag({ key: 'new_checkout', enabled: true })
    await vi.waitFor(() => expect(served).toEqual([true]))
    expect(changed).toEqual([['new_checkout']])
  })

  it('after a segment change, sends the event without a list (any rules flag may have changed) and serves the new value', async () => {
    const sluice = createOfflineClient({
      flags: [{ key: 'eu_only', rules: [{ id: 'eu', segments: ['eu'] }] }],
      segments: [{ key: 'eu', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE'] }] }],
    })
    const client = await clientFor(new SluiceProvider(sluice))
    const changed: unknown[] = []
    const served: boolean[] = []
    client.addHandler(ProviderEvents.ConfigurationChanged, async (details) => {
      changed.push(details?.flagsChanged)
      served.push(await client.getBooleanValue('eu_only', false, { targetingKey: 'u1', country: 'FR' }))
    })
    sluice.testing.setSegment({ key: 'eu', constraints: [{ attribute: 'country', operator: 'IN', values: ['DE', 'FR'] }] })
    await vi.waitFor(() => expect(served).toEqual([true]))
    expect(changed).toEqual([undefined])
  })

  it('sends one event for a snapshot that changed several flags, removed ones included', async () => {
    const sluice = createOfflineClient({ flags: { a: true, b: true, c: true } })
    const provider = new SluiceProvider(sluice)
    await clientFor(provider)
    const seen = record(provider)
    const state = sluice.testing.snapshot()
    const [a, b] = state.flags
    sluice.testing.setState({ ...state, seq: 10, flags: [{ ...a!, enabled: false, version: a!.version + 1 }, { ...b!, version: b!.version + 1 }] })
    await settle()
    expect(seen).toEqual([{ type: ProviderEvents.ConfigurationChanged, details: expect.objectContaining({ flagsChanged: ['a', 'b', 'c'], metadata: { seq: 10 } }) }])
  })

  it('sends one event per change made in separate ticks, and one for a flag removed', async () => {
    const sluice = createOfflineClient({ flags: { a: true, b: true } })
    const provider = new SluiceProvider(sluice)
    await clientFor(provider)
    const seen = record(provider)
    sluice.testing.setFlag({ key: 'a', enabled: false })
    await settle()
    sluice.testing.removeFlag('b')
    await settle()
    expect(seen.map((event) => event.details?.flagsChanged)).toEqual([['a'], ['b']])
  })

  it('is not sent for canary or chaos changes, which change no flag value', async () => {
    const sluice = createOfflineClient({ flags: { a: true } })
    const provider = new SluiceProvider(sluice)
    await clientFor(provider)
    const seen = record(provider)
    sluice.testing.setChaosRule({ id: 'db', type: 'database_failure' })
    sluice.testing.removeChaosRule('db')
    await settle()
    expect(seen).toEqual([])
  })

  it('stops once the provider is closed', async () => {
    const sluice = createOfflineClient({ flags: { a: true } })
    const provider = new SluiceProvider(sluice)
    await clientFor(provider)
    const seen = record(provider)
    await OpenFeature.clearProviders()
    sluice.testing.setFlag({ key: 'a', enabled: false })
    await settle()
    expect(seen).toEqual([])
  })

  it('arrives for a change streamed by the control plane', async () => {
    const plane = await fakeControlPlane({ kill_switch: true })
    const provider = streamingProvider(plane)
    const client = await clientFor(provider)
    const seen = record(provider)
    const [flag] = createOfflineClient({ flags: { kill_switch: false } }).testing.snapshot().flags
    plane.publish({ ...flag!, version: 2 })
    await vi.waitFor(() => expect(types(seen)).toEqual([ProviderEvents.ConfigurationChanged]))
    expect(seen[0]!.details?.flagsChanged).toEqual(['kill_switch'])
    expect(await client.getBooleanValue('kill_switch', true)).toBe(false)
  })
})

describe('provider status from the stream', () => {
  it('leaves READY for initialize to the OpenFeature SDK, and emits nothing of its own when it succeeds', async () => {
    const plane = await fakeControlPlane()
    const provider = streamingProvider(plane)
    const seen = record(provider)
    const client = await clientFor(provider)
    expect(client.providerStatus).toBe(ProviderStatus.READY)
    await settle()
    expect(seen).toEqual([])
  })

  it('goes STALE when the stream drops, keeps serving the last state, and is READY again once it reconnects', async () => {
    const plane = await fakeControlPlane({ kill_switch: true })
    const provider = streamingProvider(plane)
    const client = await clientFor(provider)
    const seen = record(provider)
    const statuses: ProviderStatus[] = []
    client.addHandler(ProviderEvents.Stale, () => void statuses.push(client.providerStatus))

    plane.drop()
    await vi.waitFor(() => expect(types(seen)).toEqual([ProviderEvents.Stale, ProviderEvents.Ready]))
    expect(statuses).toEqual([ProviderStatus.STALE])
    expect(seen[1]!.details?.message).toMatch(/^stream reconnected after \d+ ms$/)
    expect(client.providerStatus).toBe(ProviderStatus.READY)
    expect(await client.getBooleanValue('kill_switch', false)).toBe(true)
  })

  it('reports each failed reconnection as ERROR, serves the last state meanwhile, and recovers to READY', async () => {
    const plane = await fakeControlPlane({ kill_switch: true })
    const provider = streamingProvider(plane)
    const client = await clientFor(provider)
    const seen = record(provider)

    plane.available = false
    plane.drop()
    await vi.waitFor(() => expect(types(seen).filter((type) => type === ProviderEvents.Error).length).toBeGreaterThanOrEqual(2))
    expect(seen[0]!.type).toBe(ProviderEvents.Stale)
    expect(seen[1]!.details).toMatchObject({ message: expect.stringContaining('503'), errorCode: 'GENERAL', metadata: { code: 'SLUICE_HTTP_ERROR' } })
    expect(client.providerStatus).toBe(ProviderStatus.ERROR)
    const details = await client.getBooleanDetails('kill_switch', false)
    expect(details).toMatchObject({ value: true, reason: 'STATIC' })
    expect(details.errorCode).toBeUndefined()

    plane.available = true
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY))
    expect(seen.at(-1)!.type).toBe(ProviderEvents.Ready)
  })

  it('ends an ERROR the SDK carried on from at the next streamed change', async () => {
    const plane = await fakeControlPlane({ kill_switch: true })
    const provider = streamingProvider(plane)
    const client = await clientFor(provider)
    const seen = record(provider)

    plane.sendRaw('event: flag.upserted\nid: 50\ndata: {not json\n\n')
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.ERROR))
    const [flag] = createOfflineClient({ flags: { kill_switch: false } }).testing.snapshot().flags
    plane.publish({ ...flag!, version: 2 })
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY))
    expect(types(seen)).toEqual([ProviderEvents.Error, ProviderEvents.Ready, ProviderEvents.ConfigurationChanged])
  })

  it('after a failed initialize, emits READY once the client gets its first state', async () => {
    const plane = await fakeControlPlane({ kill_switch: true })
    plane.available = false
    const provider = streamingProvider(plane, silentLogger, 300)
    const seen = record(provider)
    const { client, initialized } = unawaitedClientFor(provider)
    await expect(initialized).rejects.toThrow(/not ready after 300 ms.*503/)
    expect(client.providerStatus).toBe(ProviderStatus.ERROR)
    // The failed attempts while initializing are initialize()'s to report, through its rejection.
    expect(seen).toEqual([])

    plane.available = true
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY))
    expect(types(seen)).toEqual([ProviderEvents.Ready])
    expect(await client.getBooleanValue('kill_switch', false)).toBe(true)
  })

  it('logs the errors it takes over from the SDK once a minute, not once per retry', async () => {
    const plane = await fakeControlPlane()
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const provider = streamingProvider(plane, logger)
    await clientFor(provider)
    const seen = record(provider)

    plane.available = false
    plane.drop()
    await vi.waitFor(() => expect(types(seen).filter((type) => type === ProviderEvents.Error).length).toBeGreaterThanOrEqual(3))
    const warned = logger.warn.mock.calls.filter(([message]) => String(message).includes('503'))
    expect(warned).toHaveLength(1)
    expect(logger.debug.mock.calls.filter(([message]) => String(message).includes('503')).length).toBeGreaterThanOrEqual(2)
  })
})
