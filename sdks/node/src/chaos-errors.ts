/**
 * The error a wrapped database or Redis call fails with. It is made to look like the real
 * failure, because the point is to exercise the application's real error handling: a plain
 * `Error` with the system error's `code` (ECONNRESET by default), and `errno` and `syscall`
 * when the code is one the OS knows, just as node:net reports a reset connection. A custom
 * class or name would take a different path through `instanceof` checks and retry filters
 * than the failure it stands for.
 *
 * A rule's own `message` is used as it is; without one, the message is what the real failure
 * says for the code ("read ECONNRESET").
 *
 * Tests can still tell: the error has a non-enumerable `sluiceChaosRule` property naming the
 * rule (non-enumerable, so loggers and serialisers that print own properties do not show it).
 */
import { constants } from 'node:os'
import { CHAOS_CONFIG_DEFAULTS } from '@sluice/core'
import type { AnyChaosConfig, WrapperKind } from './chaos-rules.js'

export const DEFAULT_FAILURE_CODE = 'ECONNRESET'

/** What node:net says for the codes a lost connection usually has. */
const SYSTEM_MESSAGES: Record<string, { syscall: string; message: string }> = {
  ECONNRESET: { syscall: 'read', message: 'read ECONNRESET' },
  ECONNREFUSED: { syscall: 'connect', message: 'connect ECONNREFUSED' },
  ETIMEDOUT: { syscall: 'read', message: 'read ETIMEDOUT' },
  EPIPE: { syscall: 'write', message: 'write EPIPE' },
  EHOSTUNREACH: { syscall: 'connect', message: 'connect EHOSTUNREACH' },
  ENETUNREACH: { syscall: 'connect', message: 'connect ENETUNREACH' },
}

/** What the servers themselves say for a few well-known codes. */
const SERVER_MESSAGES: Record<string, string> = {
  '57P01': 'terminating connection due to administrator command',
  '08006': 'connection failure',
  '53300': 'sorry, too many clients already',
  '40001': 'could not serialize access due to concurrent update',
  READONLY: "READONLY You can't write against a read only replica.",
  LOADING: 'LOADING Redis is loading the dataset in memory',
  CLUSTERDOWN: 'CLUSTERDOWN The cluster is down',
}

export interface ChaosFailure extends Error {
  code: string
  errno?: number
  syscall?: string
  /** The id of the chaos rule that caused this failure (non-enumerable). */
  readonly sluiceChaosRule: string
}

/**
 * Builds the failure. `callee` is the wrapper, left out of the stack so the first frame is the
 * application's own call, as it would be for a real driver error.
 */
export function connectionFailure(ruleId: string, kind: WrapperKind, config: AnyChaosConfig, callee: (...args: never[]) => unknown): ChaosFailure {
  const code = typeof config.code === 'string' && config.code !== '' ? config.code : DEFAULT_FAILURE_CODE
  const system = SYSTEM_MESSAGES[code]
  // A random_failure rule's default message is the one for HTTP errors, not a driver's.
  const message =
    typeof config.message === 'string' && config.message !== '' && config.message !== CHAOS_CONFIG_DEFAULTS.errorMessage
      ? config.message
      : (system?.message ?? SERVER_MESSAGES[code] ?? `${kind === 'redis' ? 'Redis' : 'database'} connection failed (${code})`)
  const error = new Error(message) as Error & { code: string; errno?: number; syscall?: string }
  error.code = code
  const errno = (constants.errno as Record<string, number | undefined>)[code]
  if (errno !== undefined) {
    // libuv reports errno as the negated OS value, as node:net errors carry it.
    error.errno = -errno
    error.syscall = system?.syscall ?? 'read'
  }
  Object.defineProperty(error, 'sluiceChaosRule', { value: ruleId, enumerable: false })
  Error.captureStackTrace?.(error, callee)
  return error as ChaosFailure
}

/** Whether an error was injected by a Sluice chaos rule (and which one). */
export function chaosRuleOf(error: unknown): string | undefined {
  const id = (error as { sluiceChaosRule?: unknown } | null)?.sluiceChaosRule
  return typeof id === 'string' ? id : undefined
}
