/**
 * Which failures mean "the database cannot be reached right now" rather than "this request is
 * wrong" or "the service has a bug". They answer 503 with Retry-After: the request was not
 * applied and the same request can succeed once the database is back. The reason names the
 * kind of failure only; a driver's own message may carry the host, SQL or parameters.
 */
import { causeChain } from '../errors.js'
import { DeadlineExceededError } from '../platform/deadline.js'
import { postgresErrorCode } from './database.js'

/** Codes set by Node's sockets and by postgres.js on a connection that failed or went away. */
const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  CONNECT_TIMEOUT: 'connection attempt timed out',
  CONNECTION_CLOSED: 'connection lost',
  CONNECTION_DESTROYED: 'connection lost',
  CONNECTION_ENDED: 'connection closed',
  // A transaction's BEGIN that went out on a backed-up connection (patches/postgres@3.4.9.patch).
  UNSAFE_TRANSACTION: 'connection interrupted',
}

/** SQLSTATEs the server sends when it is going away, full, or gave up on a statement. */
const SERVER_STATES: Record<string, string> = {
  '57P01': 'the server is shutting down',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'too many connections',
  '57014': 'a statement ran out of time',
  '25P03': 'the transaction ran out of time',
  '40001': 'repeated serialization failures',
  '40P01': 'repeated deadlocks',
}

export function databaseUnavailableReason(err: unknown): string | undefined {
  // Socket codes first: some (EPIPE) look like a SQLSTATE.
  for (const e of causeChain(err, 6)) {
    if (e instanceof DeadlineExceededError) return 'no answer in time'
    const reason = typeof e.code === 'string' ? CONNECTION_FAILURES[e.code] : undefined
    if (reason !== undefined) return `${reason} (${e.code})`
  }
  const state = postgresErrorCode(err)
  if (state === undefined) return undefined
  if (state.startsWith('08')) return `connection failure (${state})`
  const reason = SERVER_STATES[state]
  return reason === undefined ? undefined : `${reason} (${state})`
}
