/** The client's front door: options, evaluation that never throws, and close(). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.js'
import { InvalidOptionError } from './errors.js'
import { flag, until } from './test-support/fake-control-plane.js'
import { deadUrl, startFake, track } from './test-support/harness.js'
import { createOfflineClient } from './testing.js'

describe('createClient options', () => {
  const url = 'http://127.0.0.1:3001'
  const cases: [string, unknown, RegExp][] = [
    ['no options', undefined, /options must be an object/],
    ['no url', { sdkKey: 'k' }, /^url must be the control plane's base URL/],
    ['a relative url', { url: '/api', sdkKey: 'k' }, /^url must be an absolute http\(s\) URL/],
    ['a non-http url', { url: 'ftp://x', sdkKey: 'k' }, /^url must be an http: or https: URL/],
    ['a url with a query', { url: `${url}?a=1`, sdkKey: 'k' }, /^url must be a base URL without a query/],
    ['no sdkKey', { url }, /^sdkKey is required: .*process\.env\.SLUICE_SDK_KEY.*offline: true/],
    ['an undefined sdkKey (unset env var)', { url, sdkKey: undefined }, /^sdkKey is required/],
    ['a numeric sdkKey', { url, sdkKey: 42 }, /^sdkKey must be a string, got 42/],
    ['an sdkKey with a newline', { url, sdkKey: 'secret-key\n' }, /^sdkKey must not contain whitespace/],
    ['a zero readTimeoutMs', { url, sdkKey: 'k', readTimeoutMs: 0 }, /^readTimeoutMs must be a positive number/],
    ['a string pollIntervalMs', { url, sdkKey: 'k', pollIntervalMs: '5' }, /^pollIntervalMs must be a positive number/],
    ['a base above the cap', { url, sdkKey: 'k', reconnect: { baseMs: 5000, capMs: 100 } }, /reconnect\.baseMs \(5000\) must not exceed reconnect\.capMs/],
    ['a numeric bootstrap', { url, sdkKey: 'k', bootstrap: 3 }, /^bootstrap must be a snapshot object/],
    ['an empty cacheFile', { url, sdkKey: 'k', cacheFile: '' }, /^cacheFile must be a file path/],
    ['a non-function context', { url, sdkKey: 'k', context: {} }, /^context must be a function/],
    ['a logger with a non-function warn', { url, sdkKey: 'k', logger: { warn: 'x' } }, /^logger\.warn must be a function/],
  ]
  for (const [name, options, message] of cases) {
    it(`rejects ${name}, naming the option`, () => {
      let thrown: unknown
      try {
        track(createClient(options as never))
      } catch (err) {
        thrown = err
      }
      expect(thrown).toBeInstanceOf(InvalidOptionError)
      expect((thrown as InvalidOptionError).code).toBe('SLUICE_INVALID_OPTION')
      expect((thrown as Error).message).toMatch(message)
      expect((thrown as Error).message).not.toContain('secret-key')
    })
  }

  it('needs neither url nor sdkKey offline', () => {
    expect(() => track(createClient({ offline: true }))).not.toThrow()
  })

  it('keeps a path prefix of the url', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const client = track(createClient({ url: `${fake.url}/sluice/`, sdkKey: 'k', reconnect: { authRetryMs: 60_000 }, logger: {} }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await client.close()
    expect(fake.requests.map((r) => r.path)).toContain('/sluice/api/v1/sdk/stream')
  })
})

describe('evaluation', () => {
  const sluice = createOfflineClient({
    flags: [
      { key: 'on' },
      { key: 'pct', percentage: 50 },
      { key: 'pct_sticky', percentage: 50, stickiness: 'tenant' },
      { key: 'users', userIds: ['u1'] },
      { key: 'ips', ips: ['10.0.0.0/8', '::1'] },
      { key: 'ab', variants: [{ key: 'a', weight: 1 }, { key: 'b', weight: 1, overrides: [{ userIds: ['u1'] }] }] },
      { key: 'broken', type: 'percentage', percentage: 'lots' as never },
    ],
  })
  const keys = ['on', 'pct', 'pct_sticky', 'users', 'ips', 'ab', 'broken', 'missing', '', '__proto__', 'constructor']

  it('never throws, for any key and any context', () => {
    const context = fc.oneof(
      fc.anything(),
      fc.record({ userId: fc.anything(), sessionId: fc.anything(), ip: fc.anything(), attributes: fc.anything() }, { requiredKeys: [] }),
    )
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...keys), fc.anything()), context, (key, ctx) => {
        expect(typeof sluice.isEnabled(key as string, ctx as never)).toBe('boolean')
        const evaluation = sluice.evaluate(key as string, ctx as never)
        expect(typeof evaluation.enabled).toBe('boolean')
        expect(typeof evaluation.reason).toBe('string')
        const variant = sluice.variant(key as string, ctx as never)
        expect(variant === undefined || typeof variant.key === 'string').toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('does not throw for a hostile context, and targeting flags answer off', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom')
        },
      },
    )
    for (const key of keys) {
      expect(typeof sluice.isEnabled(key, hostile)).toBe('boolean')
      expect(typeof sluice.evaluate(key, hostile).enabled).toBe('boolean')
    }
    for (const key of ['users', 'ips', 'pct_sticky']) expect(sluice.isEnabled(key, hostile)).toBe(false)
  })

  it('says why', () => {
    expect(sluice.evaluate('on')).toEqual({ enabled: true, reason: 'default' })
    expect(sluice.evaluate('users', { userId: 'u2' })).toEqual({ enabled: false, reason: 'not_targeted' })
    expect(sluice.evaluate('broken')).toEqual({ enabled: false, reason: 'error' })
    expect(sluice.evaluate('ab', { userId: 'u1' })).toEqual({ enabled: true, reason: 'default', variant: { key: 'b' } })
  })

  it('agrees with evaluate() for sticky contexts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ minLength: 1 }), (key, userId) => {
        expect(sluice.isEnabled(key, { userId, ip: '10.0.0.1' })).toBe(sluice.evaluate(key, { userId, ip: '10.0.0.1' }).enabled)
      }),
    )
  })
})

describe('close()', () => {
  it('keeps answering from the last state after close', async () => {
    const fake = await startFake({ flags: [flag('a')] })
    const client = createClient({ url: fake.url, sdkKey: 'sdk_test_4f9c2e7b1a' })
    await client.ready({ timeoutMs: 2000 })
    await client.close()
    await client.close()
    expect(client.isEnabled('a')).toBe(true)
    await expect(client.ready()).resolves.toBeUndefined()
    await until(() => fake.streams.size === 0, 1000, 'the server to see the stream closed')
  })

  it('rejects pending ready() calls', async () => {
    const client = createClient({ url: await deadUrl(), sdkKey: 'k', logger: {} })
    const waiting = expect(client.ready({ timeoutMs: 60_000 })).rejects.toMatchObject({ code: 'SLUICE_CLOSED' })
    await client.close()
    await waiting
    await expect(client.ready()).rejects.toMatchObject({ code: 'SLUICE_CLOSED' })
  })
})
