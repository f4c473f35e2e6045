/**
 * Redis connections tuned to fail fast: with the offline queue off, a command issued while
 * Redis is down rejects at once instead of waiting, so callers fall back to Postgres within
 * the request rather than after a timeout. ioredis keeps reconnecting in the background.
 */
import { Redis } from 'ioredis'
import type { Logger } from './logger.js'

export function connectRedis(url: string, log: Logger, role: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
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
  return redis
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
