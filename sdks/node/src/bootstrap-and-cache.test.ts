/**
 * Where state comes from before (or instead of) the control plane: a bootstrap object or
 * file, and the cache file of the last state the service saw.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from './client.js'
import { InvalidOptionError } from './errors.js'
import { flag, until } from './test-support/fake-control-plane.js'
import { connect, deadUrl, startFake, track } from './test-support/harness.js'

let dir: string

/** Retries `read` until it stops throwing (a file not written yet). */
async function eventually<T>(read: () => Promise<T>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await read()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-sdk-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('bootstrap', () => {
  it('serves a bootstrap object from the first call, then the control plane replaces it', async () => {
    const fake = await startFake({ flags: [flag('pay', { enabled: false, version: 4 })] })
    fake.streamOverrides.push(() => {}) // the first stream attempt hangs
    const { client, events } = connect(fake.url, { bootstrap: { flags: [flag('pay', { version: 3 })] }, readTimeoutMs: 300 })

    expect(client.isEnabled('pay')).toBe(true)
    await client.ready({ timeoutMs: 0 })
    await until(() => !client.isEnabled('pay'), 3000, 'the server state')
    expect(events.ready).toEqual([{ source: 'bootstrap', seq: 0 }])
    expect(events.change).toMatchObject([{ type: 'flag.upserted', key: 'pay', fromSnapshot: true }])
    // A bootstrap's seq says nothing about this control plane's log: no resume from it.
    expect(fake.streamRequests().every((r) => r.headers['last-event-id'] === undefined)).toBe(true)
  })

  it('reads a bootstrap file, offline', async () => {
    const file = path.join(dir, 'flags.json')
    await writeFile(file, JSON.stringify({ seq: 12, flags: [flag('a'), flag('b', { enabled: false })], canaries: [], chaosRules: [] }))
    const client = track(createClient({ offline: true, bootstrap: file }))
    await client.ready({ timeoutMs: 0 })
    expect(client.isEnabled('a')).toBe(true)
    expect(client.evaluate('b')).toEqual({ enabled: false, reason: 'disabled' })
  })

  it('reports an unreadable bootstrap file without throwing', async () => {
    const errors: string[] = []
    const client = track(
      createClient({
        offline: true,
        bootstrap: path.join(dir, 'missing.json'),
        logger: { warn: (m: string) => errors.push(m) },
      }),
    )
    await client.ready({ timeoutMs: 0 })
    expect(client.isEnabled('a')).toBe(false)
    expect(errors).toEqual([expect.stringMatching(/bootstrap file .*missing\.json: cannot read it \(ENOENT/)])
  })

  it('rejects a malformed bootstrap object at the door', () => {
    expect(() => createClient({ offline: true, bootstrap: { flags: 'a' } as never })).toThrow(InvalidOptionError)
    expect(() => createClient({ offline: true, bootstrap: { flags: 'a' } as never })).toThrow(/bootstrap: "flags" must be an array/)
  })
})

describe('cacheFile', () => {
  it('writes the state from the control plane atomically, and the latest of it by close()', async () => {
    const file = path.join(dir, 'nested', 'sluice-cache.json')
    const fake = await startFake({ flags: [flag('a')], seq: 5 })
    const { client } = connect(fake.url, { cacheFile: file })
    await client.ready({ timeoutMs: 2000 })
    // Written soon after, without waiting for close().
    expect(await eventually(async () => JSON.parse(await readFile(file, 'utf8')).seq)).toBe(5)

    fake.publish('flag.upserted', { ...flag('b') })
    fake.publish('flag.upserted', { ...flag('c') })
    await until(() => client.isEnabled('c'))
    await client.close()

    const cached = JSON.parse(await readFile(file, 'utf8'))
    expect(cached).toEqual({ seq: 7, flags: [flag('a'), flag('b'), flag('c')], canaries: [], chaosRules: [], segments: [] })
    expect(await readdir(path.dirname(file))).toEqual(['sluice-cache.json'])
  })

  it('serves the cached state when the control plane is down at start', async () => {
    const file = path.join(dir, 'cache.json')
    await writeFile(file, JSON.stringify({ seq: 40, flags: [flag('pay'), flag('off', { enabled: false })], canaries: [], chaosRules: [] }))
    const before = (await stat(file)).mtimeMs
    const { client, events } = connect(await deadUrl(), { cacheFile: file })

    await client.ready({ timeoutMs: 2000 })
    expect(events.ready).toEqual([{ source: 'cache', seq: 40 }])
    expect(client.isEnabled('pay')).toBe(true)
    expect(client.isEnabled('off')).toBe(false)
    await client.close()
    // Only state from the control plane is written back.
    expect((await stat(file)).mtimeMs).toBe(before)
  })

  it('prefers a reachable control plane to the cache file', async () => {
    const file = path.join(dir, 'cache.json')
    await writeFile(file, JSON.stringify({ seq: 40, flags: [flag('pay', { enabled: false })] }))
    const fake = await startFake({ flags: [flag('pay')] })
    const seen: boolean[] = []
    const { client, events } = connect(fake.url, { cacheFile: file })
    client.on('ready', () => seen.push(client.isEnabled('pay')))
    await client.ready({ timeoutMs: 2000 })
    expect(events.ready).toEqual([{ source: 'stream', seq: 1 }])
    expect(seen).toEqual([true])
  })

  it('falls back to the cache when ready() times out on a control plane that hangs', async () => {
    const file = path.join(dir, 'cache.json')
    await writeFile(file, JSON.stringify({ seq: 3, flags: [flag('pay')] }))
    const fake = await startFake()
    fake.streamOverride = () => {}
    const { client, events } = connect(fake.url, { cacheFile: file })
    await client.ready({ timeoutMs: 100 })
    expect(events.ready).toEqual([{ source: 'cache', seq: 3 }])
    expect(client.isEnabled('pay')).toBe(true)
  })

  it('prefers the cache (the last state seen) to the bootstrap once the control plane fails', async () => {
    const file = path.join(dir, 'cache.json')
    await writeFile(file, JSON.stringify({ seq: 3, flags: [flag('pay', { version: 2 })] }))
    const { client, events } = connect(await deadUrl(), {
      cacheFile: file,
      bootstrap: { flags: [flag('pay', { enabled: false })] },
    })
    expect(client.isEnabled('pay')).toBe(false)
    await until(() => client.isEnabled('pay'), 2000, 'the cache')
    expect(events.change).toMatchObject([{ type: 'flag.upserted', key: 'pay', fromSnapshot: true }])
  })

  it("offline, serves the cache file's state and defaults contexts to its environment", async () => {
    const file = path.join(dir, 'cache.json')
    const stagingOnly = { id: 'staging-only', constraints: [{ attribute: 'environment', operator: 'IN' as const, values: ['staging'] }] }
    await writeFile(file, JSON.stringify({ seq: 7, environment: 'staging', flags: [flag('f', { type: 'rules', rules: [stagingOnly] })] }))
    const client = track(createClient({ offline: true, cacheFile: file }))
    await client.ready({ timeoutMs: 0 })
    expect(client.environment).toBe('staging')
    expect(client.isEnabled('f', { userId: 'u1' })).toBe(true)
    expect(client.isEnabled('f', { userId: 'u1', environment: 'production' })).toBe(false)
  })

  it('reports a corrupt cache file and carries on', async () => {
    const file = path.join(dir, 'cache.json')
    await writeFile(file, '{"seq": 3, "flags": [')
    const fake = await startFake({ flags: [flag('a')] })
    const { client, logger } = connect(fake.url, { cacheFile: file }, { listen: false })
    await client.ready({ timeoutMs: 2000 })
    expect(client.isEnabled('a')).toBe(true)
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([expect.stringMatching(/cache\.json: not valid JSON/)])
  })
})
