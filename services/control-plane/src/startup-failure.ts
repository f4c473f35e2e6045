/**
 * What went wrong when the service could not start, in the operator's terms: which variable
 * points at what could not be used. A stack trace from deep inside a driver names neither.
 */
import type { Config } from './config.js'
import { postgresErrorCode } from './db/database.js'
import { causeChain, type ErrorLike } from './errors.js'

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT'])

interface Cause {
  code?: string
  message?: string
  path?: string
}

/** The outermost error with a code, else the innermost: drivers wrap the socket's error in their own. */
function rootCause(err: unknown): Cause {
  let last: ErrorLike = {}
  for (const e of causeChain(err, Infinity)) {
    if (e.code) return e as Cause
    last = e
  }
  return last as Cause
}

/** host:port/database: enough to find the server, and never the password the URL may carry. */
export function databaseTarget(raw: string): string {
  try {
    const url = new URL(raw)
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`
  } catch {
    return '(unparseable URL)'
  }
}

export function describeStartFailure(err: unknown, config: Config): string {
  const cause = rootCause(err)
  const message = String(cause.message ?? err)
  const detail = cause.code && !message.startsWith(cause.code) ? `${cause.code}: ${message}` : message
  if (config.databaseUrl && cause.code && UNREACHABLE.has(cause.code)) {
    return `cannot reach the database of DATABASE_URL at ${databaseTarget(config.databaseUrl)} (${detail})`
  }
  // Class 28 (authorization) and 3D (no such database): the server answered and said no.
  if (config.databaseUrl && /^(28|3D)/.test(postgresErrorCode(err) ?? '')) {
    return `the database of DATABASE_URL at ${databaseTarget(config.databaseUrl)} refused the connection: ${cause.message}`
  }
  if (!config.databaseUrl && cause.path !== undefined) {
    return `cannot use DATA_DIR=${config.dataDir} for the embedded database (${detail})`
  }
  return `could not start: ${detail}`
}

export function describeListenFailure(err: unknown, config: Config): string {
  const cause = rootCause(err)
  const where = `HOST=${config.host} PORT=${config.port}`
  if (cause.code === 'EADDRINUSE') return `cannot listen on ${where}: the port is already in use`
  if (cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN') {
    return `cannot listen on ${where}: HOST is not an address of this machine`
  }
  if (cause.code === 'EACCES') return `cannot listen on ${where}: not permitted (ports below 1024 need privileges)`
  return `cannot listen on ${where}: ${cause.message ?? String(err)}`
}
