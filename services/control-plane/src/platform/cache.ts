/**
 * The read cache (seed: Redis, 5-minute TTL, invalidated on update). Entries carry the
 * version of what they hold and a write never replaces a newer version with an older one.
 * That closes the classic race where a reader loads version N from Postgres, a writer commits
 * N+1 and refreshes the cache, and the reader's late write would otherwise pin N for the TTL.
 *
 * A cache that fails is a miss: it never fails the request.
 */
import type { Redis } from 'ioredis'
import type { Logger } from './logger.js'

export interface Cache {
  get<T>(key: string): Promise<T | undefined>
  /** Stores `value` at `version` unless the cache already holds a newer version. */
  put(key: string, value: unknown, version: number): Promise<void>
  delete(key: string): Promise<void>
}

export const CACHE_TTL_SECONDS = 300

interface Entry {
  version: number
  value: unknown
  expiresAt: number
}

/** A single replica's cache, for when there is no Redis. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly ttlSeconds = CACHE_TTL_SECONDS,
    private readonly maxEntries = 10_000,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt > Date.now()) return entry.value as T
    this.entries.delete(key)
    return undefined
  }

  async put(key: string, value: unknown, version: number): Promise<void> {
    const current = this.entries.get(key)
    if (current && current.version > version && current.expiresAt > Date.now()) return
    if (!current && this.entries.size >= this.maxEntries) this.evictOldest()
    this.entries.set(key, { version, value, expiresAt: Date.now() + this.ttlSeconds * 1000 })
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key)
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next()
    if (!oldest.done) this.entries.delete(oldest.value)
  }
}

// The stored string starts with the version, so the script compares without decoding JSON.
const PUT_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local v = tonumber(string.match(current, '^(%d+):'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'EX', ARGV[3])
return 1
`

export class RedisCache implements Cache {
  /**
   * Writes this replica made while Redis was unreachable (down, or hung until its commands
   * timed out) never refreshed their entries, so after an outage the namespace is emptied
   * rather than trusted, and until that is done the cache is bypassed: a read between the
   * reconnect and the end of the flush would otherwise find an entry the outage made stale.
   * A replica that starts without Redis has the same debt.
   */
  private trusted: boolean

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly ttlSeconds = CACHE_TTL_SECONDS,
  ) {
    this.trusted = redis.status === 'ready'
    redis.on('close', () => {
      this.trusted = false
    })
    redis.on('ready', () => {
      if (!this.trusted) void this.flush()
    })
  }

  async flush(): Promise<void> {
    try {
      let cursor = '0'
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500)
        if (keys.length > 0) await this.redis.unlink(...keys)
        cursor = next
      } while (cursor !== '0')
      // A connection lost after the last UNLINK may have missed writes again; the next 'ready' flushes.
      this.trusted = this.redis.status === 'ready'
      this.log.info('cache emptied after a Redis outage')
    } catch (err) {
      this.log.warn({ err }, 'emptying the cache after a Redis outage failed; reads skip it until a reconnect empties it')
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (!this.trusted) return undefined
    try {
      const raw = await this.redis.get(this.prefix + key)
      if (raw === null) return undefined
      return JSON.parse(raw.slice(raw.indexOf(':') + 1)) as T
    } catch (err) {
      this.log.debug({ err, key }, 'cache read failed; reading from the database')
      return undefined
    }
  }

  async put(key: string, value: unknown, version: number): Promise<void> {
    if (!this.trusted) return
    try {
      await this.redis.eval(PUT_IF_NEWER, 1, this.prefix + key, version, JSON.stringify(value), this.ttlSeconds)
    } catch (err) {
      this.log.debug({ err, key }, 'cache write failed')
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.prefix + key)
    } catch (err) {
      this.log.warn({ err, key }, 'cache delete failed; the entry expires with its TTL')
    }
  }
}
