import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { readSse, type SseReader } from '../test-support/sse-reader.js'

// A replay buffer of one frame: every resume further back is read from the change log.
let t: TestApp
let url: string
let token: string
const readers: SseReader[] = []
const flagsUrl = '/api/v1/admin/feature-flags'

beforeAll(async () => {
  t = await createTestApp({ stream: { replayBufferBytes: 1 } })
  url = await t.app.listen({ port: 0, host: '127.0.0.1' })
  expect((await t.request({ method: 'POST', url: flagsUrl, payload: { key: 'checkout', name: 'checkout', type: 'boolean' } })).statusCode).toBe(201)
  token = (await t.request({ method: 'POST', url: '/api/v1/admin/api-tokens', payload: { name: 'sdk', role: 'sdk', environment: 'staging' } })).json().token
})
afterAll(async () => {
  for (const reader of readers) reader.close()
  await t.close()
})

async function stream(headers: Record<string, string> = {}) {
  const reader = await readSse(`${url}/api/v1/sdk/stream`, { authorization: `Bearer ${token}`, ...headers })
  readers.push(reader)
  return reader
}

const toggle = async (environment: string, enabled: boolean) =>
  (await t.request({ method: 'PUT', url: `${flagsUrl}/checkout?environment=${environment}`, payload: { enabled } })).json()

it("replays from the change log exactly its environment's changes after Last-Event-ID, skipping the others' seqs", async () => {
  const first = await stream()
  await first.waitFor(1)
  await toggle('staging', true)
  const [, seen] = await first.waitFor(2)
  first.close()
  await toggle('production', true)
  const mine = await toggle('staging', false)
  await toggle('development', true)
  await toggle('production', false)

  const resumed = await stream({ 'last-event-id': String(seen!.id) })
  await toggle('staging', true)
  const events = await resumed.waitFor(2)
  expect(events.map((e) => e.event)).toEqual(['flag.upserted', 'flag.upserted'])
  expect(JSON.parse(events[0]!.data)).toMatchObject({ key: 'checkout', enabled: false, version: mine.version })
  expect(JSON.parse(events[1]!.data)).toMatchObject({ key: 'checkout', enabled: true, version: mine.version + 1 })
})
