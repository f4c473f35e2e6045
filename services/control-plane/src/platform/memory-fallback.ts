/**
 * Admin reads (flag list, flag, /check) go to the database and the Redis cache, so they are
 * read-after-write across replicas. When that read fails or does not answer within a
 * deadline, this replica's in-memory state answers instead: it is the state as of the last
 * change the feed delivered, which during an outage is the last state there was.
 *
 * After one such failure, reads go straight to memory for a short window, so a database that
 * hangs without closing its sockets costs one deadline per window, not one per request.
 */
import type { Logger } from './logger.js'
import { withDeadline } from './deadline.js'

export interface MemoryFallbackOptions {
  deadlineMs: number
  windowMs: number
}

export const DEFAULT_MEMORY_FALLBACK: MemoryFallbackOptions = { deadlineMs: 1_000, windowMs: 5_000 }

export class MemoryFallback {
  private memoryUntil = 0

  constructor(
    private readonly log: Logger,
    private readonly options: MemoryFallbackOptions = DEFAULT_MEMORY_FALLBACK,
  ) {}

  async read<T>(what: string, primary: () => Promise<T>, memory: () => T): Promise<T> {
    if (Date.now() < this.memoryUntil) return memory()
    try {
      return await withDeadline(primary(), this.options.deadlineMs, what)
    } catch (err) {
      this.memoryUntil = Date.now() + this.options.windowMs
      this.log.warn({ err, what }, 'the database read failed; answering from this replica\'s memory for a while')
      return memory()
    }
  }
}
