/**
 * Per-test bookkeeping: every client and fake made through these helpers is closed after the
 * test, and clients get fast reconnect settings unless a test says otherwise.
 */
import { type ClientEvents, createClient, type SluiceClient } from '../client.js'
import type { ClientOptions } from '../options.js'
import { FakeControlPlane, type FakeOptions, recordingLogger, SDK_KEY } from './fake-control-plane.js'

const cleanups: (() => Promise<unknown>)[] = []

/**
 * Closes what the test made. Registered after each test of every file by tests/setup/each-file.ts:
 * a hook registered here would run only in the first file of a worker, which shares this module
 * with the files after it (vitest.config.ts, isolate: false).
 */
export async function runCleanups(): Promise<void> {
  const pending = cleanups.splice(0)
  await Promise.all(pending.map((cleanup) => cleanup()))
}

export async function startFake(options: FakeOptions = {}): Promise<FakeControlPlane> {
  const fake = await FakeControlPlane.start(options)
  cleanups.push(() => fake.close())
  return fake
}

/** A loopback URL nothing listens on. */
export async function deadUrl(): Promise<string> {
  const fake = await FakeControlPlane.start()
  const url = fake.url
  await fake.close()
  return url
}

/** A client with fast retries; `listen: false` leaves `error` unheard, so failures go to the logger. */
export function connect(url: string, options: Partial<ClientOptions> = {}, { listen = true } = {}) {
  const logger = recordingLogger()
  const client = createClient({
    url,
    sdkKey: SDK_KEY,
    logger,
    reconnect: { baseMs: 20, capMs: 100, authRetryMs: 60_000 },
    ...options,
  })
  cleanups.push(() => client.close())
  return { client, logger, events: listen ? record(client) : undefined! }
}

export function track<C extends SluiceClient>(client: C): C {
  cleanups.push(() => client.close())
  return client
}

/** Collects every event the client emits, by name. */
export function record(client: SluiceClient): { [E in keyof ClientEvents]: ClientEvents[E][0][] } {
  const events = { ready: [], change: [], error: [], disconnected: [], reconnected: [] } as {
    [E in keyof ClientEvents]: ClientEvents[E][0][]
  }
  for (const name of Object.keys(events) as (keyof ClientEvents)[]) {
    client.on(name, ((event: unknown) => (events[name] as unknown[]).push(event)) as never)
  }
  return events
}

/** Runs `cleanup` after the current test, with the clients and fakes. */
export function onCleanup(cleanup: () => Promise<unknown> | unknown): void {
  cleanups.push(async () => cleanup())
}
