import { describe, expect, it } from 'vitest'
import { resolveChaosConfig } from './chaos-config.js'
import type { ChaosType } from './state-types.js'

function ok(type: ChaosType, config: unknown) {
  const resolved = resolveChaosConfig(type, config)
  if (!resolved.ok) throw new Error(`expected a valid config, got ${resolved.field ?? ''} ${resolved.problem}`)
  return resolved.config
}

function problem(type: ChaosType, config: unknown): string {
  const resolved = resolveChaosConfig(type, config)
  if (resolved.ok) throw new Error(`expected a problem, got ${JSON.stringify(resolved.config)}`)
  return resolved.field === undefined ? resolved.problem : `${resolved.field} ${resolved.problem}`
}

describe('resolveChaosConfig', () => {
  it('fills in every default, so a stored config needs no guessing', () => {
    expect(ok('latency', { latencyMs: 250 })).toEqual({ latencyMs: 250, jitterMs: 0 })
    expect(ok('error', undefined)).toEqual({ statusCode: 500, message: 'Injected error (Sluice chaos)' })
    expect(ok('timeout', null)).toEqual({ timeoutMs: 30_000 })
    expect(ok('database_failure', {})).toEqual({ code: 'ECONNRESET' })
    expect(ok('redis_failure', {})).toEqual({ code: 'ECONNRESET' })
    expect(ok('random_failure', {})).toEqual({
      kinds: ['latency', 'error', 'timeout'],
      latencyMs: 1_000,
      jitterMs: 0,
      statusCode: 500,
      message: 'Injected error (Sluice chaos)',
      timeoutMs: 30_000,
    })
  })

  it('keeps what was given', () => {
    expect(ok('latency', { latencyMs: 60_000, jitterMs: 60_000 })).toEqual({ latencyMs: 60_000, jitterMs: 60_000 })
    expect(ok('error', { statusCode: 503, message: 'down' })).toEqual({ statusCode: 503, message: 'down' })
    expect(ok('timeout', { timeoutMs: 300_000 })).toEqual({ timeoutMs: 300_000 })
    expect(ok('database_failure', { code: '57P01', message: 'terminating connection' })).toEqual({ code: '57P01', message: 'terminating connection' })
    expect(ok('random_failure', { kinds: ['redis_failure', 'database_failure'], code: 'ETIMEDOUT' })).toEqual({
      kinds: ['redis_failure', 'database_failure'],
      code: 'ETIMEDOUT',
    })
  })

  it('writes fields in one order, so equal configs serialise equally', () => {
    const a = ok('random_failure', { timeoutMs: 5, kinds: ['timeout', 'error'], statusCode: 502 })
    expect(Object.keys(a)).toEqual(['kinds', 'statusCode', 'message', 'timeoutMs'])
  })

  it.each<[ChaosType, unknown, string]>([
    ['latency', {}, 'latencyMs is required for latency rules'],
    ['latency', { latencyMs: 0 }, 'latencyMs must be from 1 to 60000, got 0'],
    ['latency', { latencyMs: 60_001 }, 'latencyMs must be from 1 to 60000, got 60001'],
    ['latency', { latencyMs: 1.5 }, 'latencyMs must be an integer from 1 to 60000'],
    ['latency', { latencyMs: '100' }, 'latencyMs must be an integer from 1 to 60000'],
    ['latency', { latencyMs: 10, jitterMs: -1 }, 'jitterMs must be from 0 to 60000, got -1'],
    ['latency', { latencyMs: 10, statusCode: 500 }, 'statusCode is not a known field for latency rules'],
    ['error', { colour: 'red' }, 'colour is not a known field for error rules'],
    ['error', { statusCode: 399 }, 'statusCode must be from 400 to 599, got 399'],
    ['error', { statusCode: 600 }, 'statusCode must be from 400 to 599, got 600'],
    ['error', { message: '' }, 'message must be 1 to 500 characters long'],
    ['error', { message: 'x'.repeat(501) }, 'message must be 1 to 500 characters long'],
    ['error', { message: 42 }, 'message must be a string'],
    ['timeout', { timeoutMs: 300_001 }, 'timeoutMs must be from 1 to 300000, got 300001'],
    ['timeout', { latencyMs: 5 }, 'latencyMs is not a known field for timeout rules'],
    ['database_failure', { code: 'ECONN RESET' }, 'code must be an error code of letters, digits and underscores (at most 64), such as ECONNRESET'],
    ['redis_failure', { code: '' }, 'code must be an error code of letters, digits and underscores (at most 64), such as ECONNRESET'],
    ['redis_failure', { statusCode: 500 }, 'statusCode is not a known field for redis_failure rules'],
    ['random_failure', { kinds: [] }, 'kinds must be a non-empty array of latency, error, timeout, database_failure, redis_failure'],
    ['random_failure', { kinds: 'latency' }, 'kinds must be a non-empty array of latency, error, timeout, database_failure, redis_failure'],
    ['random_failure', { kinds: ['latency', 'random_failure'] }, 'kinds/1 must be one of: latency, error, timeout, database_failure, redis_failure'],
    ['random_failure', { kinds: ['error', 'error'] }, 'kinds lists "error" more than once'],
    ['random_failure', { kinds: ['error'], latencyMs: 10 }, 'latencyMs is not a known field for random_failure rules unless kinds includes latency'],
    ['random_failure', { kinds: ['latency'], code: 'X' }, 'code is not a known field for random_failure rules unless kinds includes database_failure or redis_failure'],
    ['random_failure', { kinds: ['timeout'], message: 'x' }, 'message is not a known field for random_failure rules unless kinds includes error or database_failure or redis_failure'],
    ['random_failure', { colour: 'red' }, 'colour is not a known field for random_failure rules'],
    ['random_failure', { latencyMs: 0 }, 'latencyMs must be from 1 to 60000, got 0'],
    ['error', [], 'must be an object'],
    ['error', 'boom', 'must be an object'],
  ])('rejects a %s config %j: %s', (type, config, expected) => {
    expect(problem(type, config)).toBe(expected)
  })
})
