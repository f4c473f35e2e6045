import { describe, expect, it } from 'vitest'
import { chaosAllowed, ConfigError, loadConfig } from './config.js'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('loadConfig', () => {
  it('defaults to the embedded database, no Redis, 127.0.0.1:3001 and development', () => {
    expect(loadConfig({})).toEqual({
      port: 3001,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: './data',
      redisUrl: undefined,
      redisKeyPrefix: 'sluice:',
      adminToken: undefined,
      nodeEnv: 'development',
      chaosTestingEnabled: false,
      chaosHaltOnAutoRollback: true,
      logLevel: 'info',
      webhookUrl: undefined,
      webhookSecret: undefined,
      databasePoolMax: 10,
      trustProxy: false,
      changeLogRetentionHours: 168,
      writeDeadlineMs: 5000,
      defaultEnvironment: 'production',
      streamMaxPerToken: 5_000,
      streamMaxPerReplica: 20_000,
      deployerAckTimeoutSeconds: 900,
      corsOrigins: [],
      clientRateLimit: 600,
    })
  })

  it('reads DEFAULT_ENVIRONMENT as an environment key and names a bad one', () => {
    expect(loadConfig({ DEFAULT_ENVIRONMENT: 'prod-eu' }).defaultEnvironment).toBe('prod-eu')
    expect(problemsOf({ DEFAULT_ENVIRONMENT: 'Prod EU' }).join('\n')).toMatch(/DEFAULT_ENVIRONMENT must be an environment key .*got "Prod EU"/)
  })

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/sluice',
      DATA_DIR: '/var/lib/sluice',
      REDIS_URL: 'rediss://cache:6380/2',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      NODE_ENV: 'staging',
      CHAOS_TESTING_ENABLED: 'true',
      CHAOS_HALT_ON_AUTO_ROLLBACK: 'false',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://shop.example.com, http://127.0.0.1:5173',
      CLIENT_RATE_LIMIT: '1200',
    })
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/sluice',
      dataDir: '/var/lib/sluice',
      redisUrl: 'rediss://cache:6380/2',
      nodeEnv: 'staging',
      chaosTestingEnabled: true,
      chaosHaltOnAutoRollback: false,
      logLevel: 'debug',
      corsOrigins: ['https://shop.example.com', 'http://127.0.0.1:5173'],
      clientRateLimit: 1200,
    })
  })

  it("builds the Redis URL from the seed's REDIS_HOST and REDIS_PORT", () => {
    expect(loadConfig({ REDIS_HOST: 'localhost', REDIS_PORT: '6380' }).redisUrl).toBe('redis://localhost:6380')
    expect(loadConfig({ REDIS_HOST: 'localhost' }).redisUrl).toBe('redis://localhost:6379')
  })

  it('names each bad variable, all in one error', () => {
    const problems = problemsOf({ PORT: 'eighty', NODE_ENV: 'prod', LOG_LEVEL: 'loud', CHAOS_TESTING_ENABLED: 'yes', CHAOS_HALT_ON_AUTO_ROLLBACK: '1' })
    expect(problems).toHaveLength(5)
    expect(problems.join('\n')).toMatch(/PORT must be a port number/)
    expect(problems.join('\n')).toMatch(/NODE_ENV must be one of development, test, staging, production, got "prod"/)
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/)
    expect(problems.join('\n')).toMatch(/CHAOS_TESTING_ENABLED must be one of true, false/)
    expect(problems.join('\n')).toMatch(/CHAOS_HALT_ON_AUTO_ROLLBACK must be one of true, false, got "1"/)
  })

  it('rejects out-of-range ports, non-Postgres database URLs and short admin tokens', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT /)])
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toEqual([expect.stringMatching(/^DATABASE_URL must be a URL starting with postgres:/)])
    expect(problemsOf({ REDIS_URL: 'not a url' })).toEqual([expect.stringMatching(/^REDIS_URL /)])
    expect(problemsOf({ ADMIN_TOKEN: 'short' })).toEqual([expect.stringMatching(/^ADMIN_TOKEN must be at least 16/)])
    expect(problemsOf({ REDIS_PORT: '6379' })).toEqual([expect.stringMatching(/^REDIS_PORT is set but REDIS_HOST is not/)])
    expect(problemsOf({ REDIS_KEY_PREFIX: 'has space' })).toEqual([expect.stringMatching(/^REDIS_KEY_PREFIX must be/)])
  })

  it('takes an IP address or a host name for HOST, and not a mistyped address', () => {
    for (const host of ['0.0.0.0', '::', '::1', '10.0.0.7', 'localhost', 'sluice-1.internal']) expect(loadConfig({ HOST: host }).host).toBe(host)
    for (const host of ['999.999.1.1', '10.0.0', 'http://x', 'a b']) expect(problemsOf({ HOST: host }), host).toEqual([expect.stringMatching(/^HOST must be an IP address or a host name/)])
  })

  it('reads pool size, proxy trust and change-log retention, within bounds', () => {
    expect(loadConfig({ DATABASE_POOL_MAX: '25', TRUST_PROXY: 'true', CHANGE_LOG_RETENTION_HOURS: '24' })).toMatchObject({
      databasePoolMax: 25,
      trustProxy: true,
      changeLogRetentionHours: 24,
    })
    expect(problemsOf({ DATABASE_POOL_MAX: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_MAX must be a whole number from 1 to 200, got "0"/)])
    expect(problemsOf({ CHANGE_LOG_RETENTION_HOURS: '1.5' })).toEqual([expect.stringMatching(/^CHANGE_LOG_RETENTION_HOURS /)])
  })

  it('reads the write deadline in milliseconds, within bounds', () => {
    expect(loadConfig({ WRITE_DEADLINE_MS: '2500' }).writeDeadlineMs).toBe(2500)
    expect(problemsOf({ WRITE_DEADLINE_MS: '50' })).toEqual([expect.stringMatching(/^WRITE_DEADLINE_MS must be a whole number from 100 to 120000, got "50"/)])
    expect(problemsOf({ WRITE_DEADLINE_MS: '5s' })).toEqual([expect.stringMatching(/^WRITE_DEADLINE_MS /)])
  })

  it('reads the stream limits, and names a bad one', () => {
    expect(loadConfig({ STREAM_MAX_PER_TOKEN: '10000', STREAM_MAX_PER_REPLICA: '12000' })).toMatchObject({ streamMaxPerToken: 10_000, streamMaxPerReplica: 12_000 })
    expect(problemsOf({ STREAM_MAX_PER_TOKEN: '0', STREAM_MAX_PER_REPLICA: 'lots' })).toEqual([
      'STREAM_MAX_PER_TOKEN must be a whole number from 1 to 1000000, got "0"',
      'STREAM_MAX_PER_REPLICA must be a whole number from 1 to 1000000, got "lots"',
    ])
  })

  it('reads how long a deployer has to acknowledge a rollback, and names a bad value', () => {
    expect(loadConfig({ DEPLOYER_ACK_TIMEOUT_SECONDS: '300' }).deployerAckTimeoutSeconds).toBe(300)
    expect(problemsOf({ DEPLOYER_ACK_TIMEOUT_SECONDS: '15m' })).toEqual(['DEPLOYER_ACK_TIMEOUT_SECONDS must be a whole number from 1 to 604800, got "15m"'])
  })

  it('requires a signing secret whenever a webhook URL is configured', () => {
    expect(problemsOf({ SLUICE_WEBHOOK_URL: 'https://hooks.example.com/sluice' })).toEqual([expect.stringMatching(/SLUICE_WEBHOOK_SECRET is not/)])
    expect(problemsOf({ SLUICE_WEBHOOK_URL: 'https://hooks.example.com/sluice', SLUICE_WEBHOOK_SECRET: 'short' })).toEqual([
      expect.stringMatching(/SLUICE_WEBHOOK_SECRET must be at least 16/),
    ])
    expect(loadConfig({ SLUICE_WEBHOOK_URL: 'https://hooks.example.com/s', SLUICE_WEBHOOK_SECRET: 'a-secret-of-16-chars' })).toMatchObject({
      webhookUrl: 'https://hooks.example.com/s',
    })
  })

  it('never echoes a database URL, which may carry a password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db' })
    expect(problems.join('\n')).not.toContain('hunter2')
  })
})

describe('chaosAllowed', () => {
  it('needs CHAOS_TESTING_ENABLED=true and a NODE_ENV other than production', () => {
    expect(chaosAllowed({ chaosTestingEnabled: true, nodeEnv: 'development' })).toBe(true)
    expect(chaosAllowed({ chaosTestingEnabled: true, nodeEnv: 'staging' })).toBe(true)
    expect(chaosAllowed({ chaosTestingEnabled: true, nodeEnv: 'production' })).toBe(false)
    expect(chaosAllowed({ chaosTestingEnabled: false, nodeEnv: 'development' })).toBe(false)
  })
})
