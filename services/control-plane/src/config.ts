/**
 * The service's configuration, read once from the environment (README.md, "Configuration") and validated as a
 * whole: every bad variable is reported in one message that names it, so an operator fixes a
 * deployment in one round trip instead of one variable per crash.
 */
import { isIP } from 'node:net'

export const NODE_ENVS = ['development', 'test', 'staging', 'production'] as const
export type NodeEnv = (typeof NODE_ENVS)[number]

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  port: number
  host: string
  /** Set: postgres.js against this server. Unset: embedded PGlite under `dataDir`. */
  databaseUrl?: string
  dataDir: string
  /** Set: Redis cache and change bus. Unset: in-process ones (a single replica). */
  redisUrl?: string
  /** Namespaces keys and the bus channel, so several deployments can share one Redis. */
  redisKeyPrefix: string
  /** Seeds the first admin token; when unset and no admin exists, one is generated and printed. */
  adminToken?: string
  nodeEnv: NodeEnv
  chaosTestingEnabled: boolean
  /** An automatic canary rollback halts every chaos rule, not only those naming the flag. */
  chaosHaltOnAutoRollback: boolean
  logLevel: LogLevel
  /** Told about every canary rollback and completion, unless a canary names its own URL. */
  webhookUrl?: string
  /** Signs webhook bodies (HMAC-SHA256); required once any webhook is configured. */
  webhookSecret?: string
  /** Postgres connections per replica (one more is held for leader election). */
  databasePoolMax: number
  /** Trust X-Forwarded-For from a load balancer, so logs show the client's address. */
  trustProxy: boolean
  /** Change-log events older than this are pruned; SDKs that were away longer get a snapshot. */
  changeLogRetentionHours: number
  /**
   * A write commits within this many milliseconds of its request reaching the service, or
   * not at all: past it the caller gets a 503 and the database refuses the commit.
   */
  writeDeadlineMs: number
  /** The environment of admin routes called without `?environment=`, and of sdk tokens created without one. */
  defaultEnvironment: string
  /** Open SDK streams one token may hold on one replica; beyond it, 429. */
  streamMaxPerToken: number
  /** Open SDK streams on one replica, whatever the token; beyond it, 429. */
  streamMaxPerReplica: number
  /** A deployment rollback its deployer has not acknowledged within this many seconds is overdue (metric and alert). */
  deployerAckTimeoutSeconds: number
  /** Origins whose pages may call OFREP and the client routes (CORS); empty = none. */
  corsOrigins: string[]
  /** Requests a minute one client token may make from one address, per replica; 0 = unlimited. */
  clientRateLimit: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === '' ? undefined : value
}

function port(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = present(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value > 65535) problems.push(`${name} must be a port number from 0 to 65535, got "${raw}"`)
  return value
}

function integer(env: Env, name: string, fallback: number, range: { min: number; max: number }, problems: string[]): number {
  const raw = present(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (/^\d+$/.test(raw) && value >= range.min && value <= range.max) return value
  problems.push(`${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}"`)
  return fallback
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = present(env, name)
  if (raw === undefined) return fallback
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`)
  return fallback
}

function url(env: Env, name: string, protocols: string[], problems: string[]): string | undefined {
  const raw = present(env, name)
  if (raw === undefined) return undefined
  try {
    const parsed = new URL(raw)
    if (protocols.includes(parsed.protocol)) return raw
  } catch {
    // reported below, without echoing the value: it may carry a password
  }
  problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
  return undefined
}

function redisUrl(env: Env, problems: string[]): string | undefined {
  const fromUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems)
  if (fromUrl !== undefined) return fromUrl
  const host = present(env, 'REDIS_HOST')
  const hasPort = present(env, 'REDIS_PORT') !== undefined
  if (host === undefined) {
    if (hasPort) problems.push('REDIS_PORT is set but REDIS_HOST is not; set both, or REDIS_URL')
    return undefined
  }
  const redisPort = port(env, 'REDIS_PORT', 6379, problems)
  return `redis://${host.includes(':') ? `[${host}]` : host}:${redisPort}`
}

function redisKeyPrefix(env: Env, problems: string[]): string {
  const raw = present(env, 'REDIS_KEY_PREFIX') ?? 'sluice:'
  if (!/^[\w.:-]{1,64}$/.test(raw)) problems.push('REDIS_KEY_PREFIX must be 1–64 letters, digits, or . _ : -')
  return raw
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i

/** An address to listen on: an IPv4 or IPv6 address, or a host name (not a mistyped address). */
function listenHost(env: Env, problems: string[]): string {
  const raw = present(env, 'HOST') ?? '127.0.0.1'
  const looksLikeIPv4 = /^[\d.]+$/.test(raw)
  if (isIP(raw) || (!looksLikeIPv4 && HOSTNAME.test(raw))) return raw
  problems.push(`HOST must be an IP address or a host name (0.0.0.0 listens on every interface), got ${JSON.stringify(raw)}`)
  return raw
}

function adminToken(env: Env, problems: string[]): string | undefined {
  const raw = present(env, 'ADMIN_TOKEN')
  if (raw === undefined) return undefined
  if (raw.length < 16) problems.push('ADMIN_TOKEN must be at least 16 characters long')
  if (/\s/.test(raw)) problems.push('ADMIN_TOKEN must not contain white space')
  return raw
}

/** As environments.key allows (db/schema/environments.ts). */
export const ENVIRONMENT_KEY_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$'

function environmentKey(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = present(env, name)
  if (raw === undefined) return fallback
  if (!new RegExp(ENVIRONMENT_KEY_PATTERN).test(raw)) {
    problems.push(`${name} must be an environment key (lowercase letters, digits, "-" and "_", at most 64), got ${JSON.stringify(raw)}`)
  }
  return raw
}

/** CORS_ORIGINS: comma-separated origins, each exactly as a browser sends it (`https://shop.example.com`, no path). */
function corsOrigins(env: Env, problems: string[]): string[] {
  const raw = present(env, 'CORS_ORIGINS')
  if (raw === undefined) return []
  const origins = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  for (const origin of origins) {
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {
      // reported below
    }
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      problems.push(`CORS_ORIGINS must list origins such as https://shop.example.com (scheme, host and port only, no trailing slash), got ${JSON.stringify(origin)}`)
    }
  }
  return origins
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const config: Config = {
    port: port(env, 'PORT', 3001, problems),
    host: listenHost(env, problems),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    dataDir: present(env, 'DATA_DIR') ?? './data',
    redisUrl: redisUrl(env, problems),
    redisKeyPrefix: redisKeyPrefix(env, problems),
    adminToken: adminToken(env, problems),
    nodeEnv: oneOf(env, 'NODE_ENV', NODE_ENVS, 'development', problems),
    chaosTestingEnabled: oneOf(env, 'CHAOS_TESTING_ENABLED', ['true', 'false'], 'false', problems) === 'true',
    chaosHaltOnAutoRollback: oneOf(env, 'CHAOS_HALT_ON_AUTO_ROLLBACK', ['true', 'false'], 'true', problems) === 'true',
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', problems),
    webhookUrl: url(env, 'SLUICE_WEBHOOK_URL', ['http:', 'https:'], problems),
    webhookSecret: present(env, 'SLUICE_WEBHOOK_SECRET'),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10, { min: 1, max: 200 }, problems),
    trustProxy: oneOf(env, 'TRUST_PROXY', ['true', 'false'], 'false', problems) === 'true',
    changeLogRetentionHours: integer(env, 'CHANGE_LOG_RETENTION_HOURS', 168, { min: 1, max: 24 * 365 }, problems),
    writeDeadlineMs: integer(env, 'WRITE_DEADLINE_MS', 5_000, { min: 100, max: 120_000 }, problems),
    defaultEnvironment: environmentKey(env, 'DEFAULT_ENVIRONMENT', 'production', problems),
    streamMaxPerToken: integer(env, 'STREAM_MAX_PER_TOKEN', 5_000, { min: 1, max: 1_000_000 }, problems),
    streamMaxPerReplica: integer(env, 'STREAM_MAX_PER_REPLICA', 20_000, { min: 1, max: 1_000_000 }, problems),
    deployerAckTimeoutSeconds: integer(env, 'DEPLOYER_ACK_TIMEOUT_SECONDS', 900, { min: 1, max: 7 * 24 * 3600 }, problems),
    corsOrigins: corsOrigins(env, problems),
    clientRateLimit: integer(env, 'CLIENT_RATE_LIMIT', 600, { min: 0, max: 1_000_000 }, problems),
  }
  if (config.webhookUrl && !config.webhookSecret) problems.push('SLUICE_WEBHOOK_URL is set but SLUICE_WEBHOOK_SECRET is not; webhooks are always signed')
  if (config.webhookSecret && config.webhookSecret.length < 16) problems.push('SLUICE_WEBHOOK_SECRET must be at least 16 characters long')
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

/** Chaos may be enabled only when both switches say so (docs/api.md, "Chaos safety"). */
export function chaosAllowed(config: Pick<Config, 'nodeEnv' | 'chaosTestingEnabled'>): boolean {
  return config.chaosTestingEnabled && config.nodeEnv !== 'production'
}
