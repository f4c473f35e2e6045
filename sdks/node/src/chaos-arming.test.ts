/**
 * Whether a process may inject at all: only CHAOS_TESTING_ENABLED=true outside production,
 * read from the process's own environment, and options can only take that away.
 */
import { describe, expect, it, vi } from 'vitest'
import { chaosArming, type ResolvedChaosOptions } from './chaos-options.js'
import { createClient } from './client.js'
import { armChaosEnvironment, fastifyApp, unsetChaosEnvironment } from './test-support/apps.js'
import { chaosRule, recordingLogger } from './test-support/fake-control-plane.js'
import { onCleanup, track } from './test-support/harness.js'
import { createOfflineClient } from './testing.js'

const defaults: ResolvedChaosOptions = { enabled: true, env: undefined, deadManMs: 30_000, random: Math.random, allowOfflineRules: false }

describe('chaosArming', () => {
  it.each([
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'development' }, true],
    [{ CHAOS_TESTING_ENABLED: 'true' }, true],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'production' }, false],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'Production' }, false],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: ' production ' }, false],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'prod' }, false],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'PROD\n' }, false],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'preprod' }, true],
    [{ CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'staging' }, true],
    [{ CHAOS_TESTING_ENABLED: 'TRUE', NODE_ENV: 'development' }, false],
    [{ CHAOS_TESTING_ENABLED: '1', NODE_ENV: 'development' }, false],
    [{ NODE_ENV: 'development' }, false],
  ])('%j → armed: %s', (env, armed) => {
    expect(chaosArming(defaults, env).armed).toBe(armed)
  })

  it('says why it is disarmed', () => {
    expect(chaosArming(defaults, { CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'production' }).reason).toBe('NODE_ENV is production')
    expect(chaosArming(defaults, { CHAOS_TESTING_ENABLED: 'true', NODE_ENV: ' Prod' }).reason).toBe('NODE_ENV is " Prod", which counts as production')
    expect(chaosArming(defaults, {}).reason).toBe('CHAOS_TESTING_ENABLED is not set, not "true"')
  })

  it('lets options disarm but never arm against the environment', () => {
    const armedEnv = { CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'test' }
    expect(chaosArming({ ...defaults, enabled: false }, armedEnv)).toEqual({ armed: false, reason: 'the chaos.enabled option is false' })
    expect(chaosArming({ ...defaults, env: { NODE_ENV: 'production', CHAOS_TESTING_ENABLED: 'true' } }, armedEnv).armed).toBe(false)
    expect(chaosArming({ ...defaults, env: {} }, armedEnv).armed).toBe(false)
    // An override that allows chaos does not arm a process whose environment does not.
    expect(chaosArming({ ...defaults, env: armedEnv }, {}).armed).toBe(false)
    expect(chaosArming({ ...defaults, env: armedEnv }, { CHAOS_TESTING_ENABLED: 'true', NODE_ENV: 'production' }).armed).toBe(false)
  })
})

describe('a client in a process where chaos is not allowed', () => {
  const rules = [chaosRule('boom', { type: 'error', config: { statusCode: 500, message: 'boom' } }), chaosRule('db', { type: 'database_failure', config: {} })]

  async function injectsNothing(client: ReturnType<typeof createOfflineClient>) {
    const app = fastifyApp()
    await app.register(client.fastify())
    app.get('/x', async () => 'ok')
    expect((await app.inject('/x')).statusCode).toBe(200)
    const query = () => 'rows'
    expect(client.chaos.wrap('database', query)).toBe(query)
    const db = { query }
    expect(client.chaos.wrapObject('database', db, ['query']).query).toBe(query)
    expect(client.chaos.armed).toBe(false)
    expect(client.chaos.active()).toEqual([])
    expect(client.stats().chaosInjected).toEqual({})
  }

  it('injects nothing in production, whatever the rules say', async () => {
    armChaosEnvironment('production')
    const logger = recordingLogger()
    const client = track(createOfflineClient({ chaosRules: rules, logger }))
    await injectsNothing(client)
    expect(client.chaos.reason).toBe('NODE_ENV is production')
    expect(logger.lines.filter((l) => l.text.includes('chaos injection is disarmed'))).toEqual([
      { level: 'info', text: 'chaos injection is disarmed in this process: NODE_ENV is production. Chaos rules are ignored' },
    ])
  })

  it.each(['Production', ' production ', 'prod'])('injects nothing with NODE_ENV=%j', async (nodeEnv) => {
    armChaosEnvironment(nodeEnv)
    await injectsNothing(track(createOfflineClient({ chaosRules: rules, logger: {} })))
  })

  it('injects nothing without CHAOS_TESTING_ENABLED=true', async () => {
    unsetChaosEnvironment()
    const client = track(createOfflineClient({ chaosRules: rules, logger: {} }))
    await injectsNothing(client)
  })

  it('injects nothing when the chaos option disarms it', async () => {
    armChaosEnvironment()
    await injectsNothing(track(createOfflineClient({ chaosRules: rules, logger: {}, chaos: { enabled: false } })))
    await injectsNothing(track(createOfflineClient({ chaosRules: rules, logger: {}, chaos: { env: { NODE_ENV: 'production' } } })))
  })

  it('warns once at start-up that chaos is armed, and why', () => {
    armChaosEnvironment('development')
    const logger = recordingLogger()
    track(createOfflineClient({ logger }))
    expect(logger.lines.filter((l) => l.text.includes('chaos injection'))).toEqual([
      {
        level: 'warn',
        text: 'chaos injection is armed in this process (CHAOS_TESTING_ENABLED=true and NODE_ENV=development): chaos rules from the control plane inject faults',
      },
    ])
  })

  it('prints the armed warning with the default logger, which drops info lines', () => {
    armChaosEnvironment('development')
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
    onCleanup(() => warnings.mockRestore())
    track(createOfflineClient())
    expect(warnings.mock.calls.filter(([line]) => String(line).includes('chaos injection'))).toEqual([
      [
        '[sluice] chaos injection is armed in this process (CHAOS_TESTING_ENABLED=true and NODE_ENV=development): chaos rules from the control plane inject faults',
      ],
    ])
  })

  it('refuses bad chaos and outcome options at createClient, naming them', () => {
    expect(() => createClient({ offline: true, chaos: { deadManMs: 0 } })).toThrow(/chaos\.deadManMs must be a positive number of milliseconds, got 0/)
    expect(() => createClient({ offline: true, chaos: { random: 4 as never } })).toThrow(/chaos\.random must be a function/)
    expect(() => createClient({ offline: true, chaos: 'on' as never })).toThrow(/chaos must be an object/)
    expect(() => createClient({ offline: true, flushIntervalMs: -1 })).toThrow(/flushIntervalMs must be a positive number/)
    expect(() => createClient({ offline: true, outcomeBufferSize: 1.5 })).toThrow(/outcomeBufferSize must be a positive integer/)
  })
})
