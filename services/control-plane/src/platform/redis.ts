/**
 * Redis connections tuned to fail fast: with the offline queue off, a command issued while
 * Redis is down rejects at once instead of waiting, so callers fall back to Postgres within
 * the request rather than after a timeout. ioredis keeps reconnecting in the background.
 *
 * A Redis that hangs (a stopped process, a path that drops packets) closes nothing, so two
 * things stand in for the close that never comes. Every command gives up after
 * REPLY_TIMEOUT_MS, which bounds what any caller waits. And a heartbeat decides when the
 * connection itself is hung and drops it, which takes the same road as a refused one (the log
 * line, /readyz degraded, reconnecting, the cache emptied on return); it also watches idle
 * connections, the subscriber above all, which send nothing that could time out.
 *
 * One late answer is not a hang: an event loop busy for longer than the timeout (a replica
 * compiling its routes at start) leaves the answer unread, and ioredis's timers run before
 * the socket is read. Dropping the connection then would lose what was in flight and empty
 * the shared cache for nothing. So a hang takes two unanswered pings in a row: the second is
 * sent once the first has timed out, after any stall, with a fresh timeout of its own. A
 * command that timed out is never sent again after a reconnect: its caller has long fallen
 * back to Postgres.
 */
import { Redis } from 'ioredis'
import type { Logger } from './logger.js'

/** Redis answers Sluice's small commands in about a millisecond; this much silence means it is stuck. */
const REPLY_TIMEOUT_MS = 500
const HEARTBEAT_MS = 1_000

export function connectRedis(url: string, log: Logger, role: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: REPLY_TIMEOUT_MS,
    // A hung server never acknowledges the close, so the socket is destroyed after this.
    disconnectTimeout: REPLY_TIMEOUT_MS,
    autoResendUnfulfilledCommands: false,
    // Nothing would await ioredis's own resubscribe, so one that timed out would be an
    // unhandled rejection (a crash); the bus subscribes on every 'ready' itself.
    autoResubscribe: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    connectionName: `sluice-${role}`,
  })
  let healthy = true
  redis.on('ready', () => {
    if (!healthy) log.info({ role }, 'redis connection restored')
    healthy = true
  })
  const lost = (reason: string) => {
    if (healthy) log.warn({ role, reason }, 'redis unavailable; falling back until it returns')
    healthy = false
  }
  redis.on('error', (err: Error) => lost(err.message))
  redis.on('close', () => lost('connection closed'))
  heartbeat(redis, () => {
    lost(`no answer to two pings in a row within ${REPLY_TIMEOUT_MS} ms each`)
    redis.disconnect(true)
  })
  return redis
}

function heartbeat(redis: Redis, onHang: () => void): void {
  const answers = () => redis.ping().then(() => true, () => false)
  let beating = false
  const timer = setInterval(async () => {
    if (beating || redis.status !== 'ready') return
    beating = true
    if (!(await answers()) && redis.status === 'ready' && !(await answers()) && redis.status === 'ready') onHang()
    beating = false
  }, HEARTBEAT_MS).unref()
  redis.once('end', () => clearInterval(timer))
}

export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit()
  } catch {
    redis.disconnect()
  }
}

/** Gives a new connection a moment to come up, so a healthy start is not reported degraded. */
export async function settle(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === 'ready') return
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      redis.off('ready', done)
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    redis.once('ready', done)
  })
}
