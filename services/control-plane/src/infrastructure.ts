/**
 * The backends, chosen once from the configuration: Postgres or embedded PGlite; Redis or
 * in-process cache and bus. Everything above this file receives a `Db`, a `Cache` and a
 * `ChangeBus` and never asks which one it got.
 */
import type { PGlite } from '@electric-sql/pglite'
import type { Redis } from 'ioredis'
import type { Config } from './config.js'
import { openDatabase, type Database, type Db } from './db/database.js'
import { MemoryCache, RedisCache, type Cache } from './platform/cache.js'
import { MemoryBus, RedisBus, type ChangeBus } from './changes/change-bus.js'
import type { Logger } from './platform/logger.js'
import { closeRedis, connectRedis, settle } from './platform/redis.js'

export interface Infrastructure {
  database: Database
  db: Db
  cache: Cache
  bus: ChangeBus
  redis?: Redis
  close(): Promise<void>
}

export interface InfrastructureOptions {
  pglite?: PGlite
  /** Overrides REDIS_KEY_PREFIX (tests isolate themselves this way). */
  redisPrefix?: string
}

export async function openInfrastructure(config: Config, log: Logger, options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    // A connection that takes longer than a write may take cannot serve the write anyway.
    connectTimeoutMs: config.writeDeadlineMs,
    pglite: options.pglite,
  })
  log.info({ database: database.kind, redis: Boolean(config.redisUrl) }, 'storage selected')
  if (!config.redisUrl) {
    const bus = new MemoryBus()
    return {
      database,
      db: database.db,
      cache: new MemoryCache(),
      bus,
      async close() {
        await bus.close()
        await database.close()
      },
    }
  }
  const prefix = options.redisPrefix ?? config.redisKeyPrefix
  const redis = connectRedis(config.redisUrl, log, 'commands')
  const subscriber = connectRedis(config.redisUrl, log, 'subscriber')
  const bus = new RedisBus(redis, subscriber, `${prefix}changes`, log)
  await Promise.all([settle(redis), settle(subscriber)])
  return {
    database,
    db: database.db,
    cache: new RedisCache(redis, `${prefix}cache:`, log),
    bus,
    redis,
    async close() {
      await bus.close()
      await Promise.all([closeRedis(subscriber), closeRedis(redis)])
      await database.close()
    },
  }
}
