/**
 * The last answers in localStorage, so the next page load paints with them before the network
 * answers. Kept per service URL and client key, and used only for the same context: answers
 * for another user must never show. Storage that is missing, full or forbidden (private
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
    try {
      const cached = JSON.parse(this.storage?.getItem(this.key) ?? 'null') as CachedAnswers | null
      return cached?.context === context && Array.isArray(cached.flags) ? cached : undefined
    } catch {
      return undefined
    }
  }

  write(entry: CachedAnswers): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(entry))
    } catch {
      // Full or forbidden: the next load fetches instead.
    }
  }
}
