import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { logSink } from '../test-support/log-sink.js'
import { testRedisUrl, withSharedServices } from '../test-support/test-env.js'
import { closeRedis, connectRedis, settle } from './redis.js'

function busyFor(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) {
    // Holds the event loop, as a replica compiling its routes at start does.
  }
}

describe.runIf(withSharedServices)('a Redis connection', () => {
  it('stays up when this process, not Redis, was too busy to read an answer in time', async () => {
    const { stream, lines } = logSink()
    const redis = connectRedis(testRedisUrl()!, pino({ level: 'info' }, stream), 'commands')
    try {
      await settle(redis)
      const late = redis.ping()
      busyFor(800)
      // The caller still gets its bounded wait...
      await expect(late).rejects.toThrow(/timed out/)
      // ...but Redis did answer, so the connection and whatever else is in flight on it stay.
      expect(redis.status).toBe('ready')
      expect(await redis.ping()).toBe('PONG')
      expect(lines.join('')).not.toMatch(/redis unavailable/)
    } finally {
      await closeRedis(redis)
    }
  })
})
