/**
 * `createClient` options, checked at the door: a wrong option throws InvalidOptionError naming
 * it, at start-up, rather than surfacing later as a client that never becomes ready.
 */
import type { BootstrapState } from './bootstrap.js'
import { DEFAULT_DEAD_MAN_MS, type ChaosOptions, type ResolvedChaosOptions } from './chaos-options.js'
import { InvalidOptionError } from './errors.js'
import { defaultLogger, type Logger } from './logger.js'
import type { ContextFromRequest, RequestLike } from './request-context.js'

export interface ClientOptions {
  /** The control plane's base URL, e.g. `http://127.0.0.1:3001`. Required unless `offline`. */
  url?: string
  /** An SDK token (role `sdk`). Required unless `offline`. */
  sdkKey?: string
  /** No network at all: state comes from `bootstrap` (or `cacheFile`) only. */
  offline?: boolean
  /** State to serve until the control plane answers: a snapshot object or the path of a JSON file holding one. */
  bootstrap?: BootstrapState | string
  /** Where to keep the last state from the control plane, for starts while it is unreachable. */
  cacheFile?: string
  /** `{ debug, info, warn, error }`; missing methods are silent. Default: warnings and errors to the console. */
  logger?: Partial<Logger>
  /** How the route guards build a request's evaluation context (default: user id, session and ip; see README). */
  context?: ContextFromRequest<RequestLike>
  /** No byte (not even a ping) for this long and the stream is assumed dead. Default 45 000. */
  readTimeoutMs?: number
  /**
   * How often `/sdk/state` is polled while the stream cannot be opened. Default 10 000: a polled
   * answer keeps chaos armed, so the interval stays well under `chaos.deadManMs`.
   */
  pollIntervalMs?: number
  reconnect?: {
    /** First retry ceiling; doubles per failure. Default 500, or the server's `retry:` when not set. */
    baseMs?: number
    /** Default 30 000. */
    capMs?: number
    /** A connection that lived this long (or delivered events) resets the backoff. Default 30 000. */
    resetAfterMs?: number
    /** First delay after 401/403/404, which need an operator; doubles up to ten times this. Default 60 000. */
    authRetryMs?: number
  }
  /** How often recorded canary outcomes are sent to the control plane. Default 1 000. */
  flushIntervalMs?: number
  /**
   * How many distinct (flag, side, canary) counts are kept while the control plane does not
   * take them; beyond it the oldest are dropped (and counted in `stats().outcomesDropped`).
   * Default 10 000.
   */
  outcomeBufferSize?: number
  /** Chaos injection in this process ; see the README, "Chaos". */
  chaos?: ChaosOptions
  /** This application's name: the `appName` of every evaluation context that does not set its own (rules may target it). */
  appName?: string
  /** The environment this process runs in (`production`, `staging`...): the context's `environment` unless it sets its own. */
  environment?: string
}

export interface ResolvedOptions {
  url: string
  sdkKey: string
  offline: boolean
  bootstrap: BootstrapState | string | undefined
  cacheFile: string | undefined
  logger: Logger
  context: ContextFromRequest<RequestLike> | undefined
  readTimeoutMs: number
  pollIntervalMs: number
  reconnect: { baseMs: number; capMs: number; resetAfterMs: number; authRetryMs: number; baseFromServer: boolean }
  flushIntervalMs: number
  outcomeBufferSize: number
  chaos: ResolvedChaosOptions
  appName: string | undefined
  environment: string | undefined
}

export const DEFAULTS = {
  readTimeoutMs: 45_000,
  pollIntervalMs: 10_000,
  baseMs: 500,
  capMs: 30_000,
  resetAfterMs: 30_000,
  authRetryMs: 60_000,
  flushIntervalMs: 1_000,
  outcomeBufferSize: 10_000,
} as const

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw InvalidOptionError.expected(name, 'a positive number of milliseconds', value)
  }
  return value
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw InvalidOptionError.expected(name, 'a positive integer', value)
  return value
}

function checkChaos(value: unknown): ResolvedChaosOptions {
  if (value !== undefined && !isObject(value)) throw InvalidOptionError.expected('chaos', 'an object', value)
  const c = (value ?? {}) as ChaosOptions
  if (c.enabled !== undefined && typeof c.enabled !== 'boolean') throw InvalidOptionError.expected('chaos.enabled', 'a boolean', c.enabled)
  if (c.env !== undefined && !isObject(c.env)) throw InvalidOptionError.expected('chaos.env', 'an object of environment variables', c.env)
  if (c.random !== undefined && typeof c.random !== 'function') throw InvalidOptionError.expected('chaos.random', 'a function () => number in [0, 1)', c.random)
  if (c.allowOfflineRules !== undefined && typeof c.allowOfflineRules !== 'boolean') {
    throw InvalidOptionError.expected('chaos.allowOfflineRules', 'a boolean', c.allowOfflineRules)
  }
  return {
    enabled: c.enabled !== false,
    env: c.env,
    deadManMs: duration('chaos.deadManMs', c.deadManMs, DEFAULT_DEAD_MAN_MS),
    random: c.random ?? Math.random,
    allowOfflineRules: c.allowOfflineRules === true,
  }
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw InvalidOptionError.expected('url', "the control plane's base URL, e.g. http://127.0.0.1:3001", value)
  }
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw InvalidOptionError.expected('url', 'an absolute http(s) URL, e.g. http://127.0.0.1:3001', value)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw InvalidOptionError.expected('url', 'an http: or https: URL', value)
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw InvalidOptionError.expected('url', 'a base URL without a query or fragment', value)
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '')
}

function optionalName(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') throw InvalidOptionError.expected(name, 'a non-empty string', value)
  return value
}

function checkLogger(value: unknown): Logger {
  if (value === undefined) return defaultLogger
  if (!isObject(value) && typeof value !== 'function') {
    throw InvalidOptionError.expected('logger', 'an object with debug, info, warn and error methods', value)
  }
  const logger = value as Record<string, unknown>
  const method = (name: keyof Logger): Logger[keyof Logger] => {
    const fn = logger[name]
    if (fn === undefined) return () => {}
    if (typeof fn !== 'function') throw InvalidOptionError.expected(`logger.${name}`, 'a function', fn)
    return (fn as Logger[keyof Logger]).bind(value)
  }
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') }
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (!isObject(options)) throw InvalidOptionError.expected('options', 'an object such as { url, sdkKey }', options)
  const o = options as ClientOptions
  if (o.offline !== undefined && typeof o.offline !== 'boolean') throw InvalidOptionError.expected('offline', 'a boolean', o.offline)
  const offline = o.offline === true

  let url = ''
  if (!offline || o.url !== undefined) url = checkUrl(o.url)
  let sdkKey = ''
  if (!offline) {
    if (o.sdkKey === undefined || o.sdkKey === '') {
      throw new InvalidOptionError(
        'sdkKey is required: pass an SDK token (role "sdk"), e.g. sdkKey: process.env.SLUICE_SDK_KEY, or set offline: true to run without a control plane',
      )
    }
    if (typeof o.sdkKey !== 'string') throw InvalidOptionError.expected('sdkKey', 'a string', o.sdkKey)
    // Never echo the key itself, not even in this message.
    if (/[\s\0]/.test(o.sdkKey)) throw new InvalidOptionError('sdkKey must not contain whitespace or control characters (is it quoted or followed by a newline?)')
    sdkKey = o.sdkKey
  }

  if (o.bootstrap !== undefined && !(typeof o.bootstrap === 'string' && o.bootstrap !== '') && !isObject(o.bootstrap)) {
    throw InvalidOptionError.expected('bootstrap', 'a snapshot object { seq, flags, canaries, chaosRules } or the path of a JSON file', o.bootstrap)
  }
  if (o.cacheFile !== undefined && (typeof o.cacheFile !== 'string' || o.cacheFile === '')) {
    throw InvalidOptionError.expected('cacheFile', 'a file path', o.cacheFile)
  }
  if (o.context !== undefined && typeof o.context !== 'function') {
    throw InvalidOptionError.expected('context', 'a function (request) => EvaluationContext', o.context)
  }
  if (o.reconnect !== undefined && !isObject(o.reconnect)) throw InvalidOptionError.expected('reconnect', 'an object', o.reconnect)
  const r = o.reconnect ?? {}
  const capMs = duration('reconnect.capMs', r.capMs, DEFAULTS.capMs)
  const baseMs = duration('reconnect.baseMs', r.baseMs, DEFAULTS.baseMs)
  if (baseMs > capMs) throw new InvalidOptionError(`reconnect.baseMs (${baseMs}) must not exceed reconnect.capMs (${capMs})`)

  return {
    url,
    sdkKey,
    offline,
    bootstrap: o.bootstrap,
    cacheFile: o.cacheFile,
    logger: checkLogger(o.logger),
    context: o.context,
    readTimeoutMs: duration('readTimeoutMs', o.readTimeoutMs, DEFAULTS.readTimeoutMs),
    pollIntervalMs: duration('pollIntervalMs', o.pollIntervalMs, DEFAULTS.pollIntervalMs),
    reconnect: {
      baseMs,
      capMs,
      resetAfterMs: duration('reconnect.resetAfterMs', r.resetAfterMs, DEFAULTS.resetAfterMs),
      authRetryMs: duration('reconnect.authRetryMs', r.authRetryMs, DEFAULTS.authRetryMs),
      baseFromServer: r.baseMs === undefined,
    },
    flushIntervalMs: duration('flushIntervalMs', o.flushIntervalMs, DEFAULTS.flushIntervalMs),
    outcomeBufferSize: positiveInteger('outcomeBufferSize', o.outcomeBufferSize, DEFAULTS.outcomeBufferSize),
    chaos: checkChaos(o.chaos),
    appName: optionalName('appName', o.appName),
    environment: optionalName('environment', o.environment),
  }
}
