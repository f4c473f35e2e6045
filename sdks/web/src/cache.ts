/**
 * The last answers in localStorage, so the next page load paints with them before the network
 * answers. Kept per service URL and client key for the last few contexts, and used only for
 * the same context: answers for another user must never show. Storage that is missing, full or forbidden (private
 * modes, sandboxed frames) just means no cache.
 */
import type { FlagAnswer } from './answers.js'

export interface CachedAnswers {
  context: string
  etag: string | undefined
  flags: FlagAnswer[]
}

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export function defaultStorage(): StorageLike | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** Contexts kept per service URL and client key: a page's few users, not every visitor it ever had. */
const CONTEXTS_KEPT = 4

export class AnswerCache {
  private readonly key: string

  constructor(
    private readonly storage: StorageLike | undefined,
    url: string,
    clientKey: string,
  ) {
    // The key names the client key by its tail only: enough to keep two apps apart.
    this.key = `sluice:${url}:${clientKey.slice(-8)}`
  }

  read(context: string): CachedAnswers | undefined {
    return this.entries().find((entry) => entry.context === context && Array.isArray(entry.flags))
  }

  /** Keeps `entry` as its context's newest, with the answers of the few contexts used before it (two clients on one page, or a user switching back). */
  write(entry: CachedAnswers): void {
    const kept = [entry, ...this.entries().filter((other) => other.context !== entry.context)].slice(0, CONTEXTS_KEPT)
    try {
      this.storage?.setItem(this.key, JSON.stringify(kept))
    } catch {
      // Full or forbidden: the next load fetches instead.
    }
  }

  private entries(): CachedAnswers[] {
    try {
      const stored = JSON.parse(this.storage?.getItem(this.key) ?? '[]') as unknown
      // An entry written by an earlier version is a single object.
      return (Array.isArray(stored) ? stored : [stored]).filter((entry): entry is CachedAnswers => typeof entry?.context === 'string')
    } catch {
      return []
    }
  }
}
