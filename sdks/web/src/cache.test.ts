import { describe, expect, it } from 'vitest'
import { AnswerCache, type CachedAnswers, type StorageLike } from './cache.js'

/** localStorage's interface over a Map, as the browser keeps strings. */
function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) }
}

const answers = (context: string, value: boolean): CachedAnswers => ({
  context,
  etag: `"${context}"`,
  flags: [{ key: 'checkout', value, reason: 'TARGETING_MATCH', variant: value ? 'on' : 'off' }],
})

describe('the first-paint cache', () => {
  it('keeps the answers of two contexts used on one page, each for its own context only', () => {
    const storage = memoryStorage()
    const cache = new AnswerCache(storage, 'https://flags.example', 'sluice_client_abcdefgh12345678')
    cache.write(answers('{"targetingKey":"alice"}', true))
    cache.write(answers('{"targetingKey":"bob"}', false))
    cache.write(answers('{"targetingKey":"alice"}', true))
    expect(cache.read('{"targetingKey":"alice"}')?.flags[0]?.value).toBe(true)
    expect(cache.read('{"targetingKey":"bob"}')?.flags[0]?.value).toBe(false)
    expect(cache.read('{"targetingKey":"carol"}')).toBeUndefined()
    // Another page's client (another key) sees none of them.
    expect(new AnswerCache(storage, 'https://flags.example', 'sluice_client_other000000000000').read('{"targetingKey":"alice"}')).toBeUndefined()
  })

  it('keeps the four most recently used contexts', () => {
    const cache = new AnswerCache(memoryStorage(), 'https://flags.example', 'sluice_client_abcdefgh12345678')
    for (const user of ['a', 'b', 'c', 'd', 'e']) cache.write(answers(user, true))
    // Using b again makes it the newest: c is then the least recently used, and the next new context drops it.
    cache.write(answers('b', false))
    cache.write(answers('f', true))
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((user) => cache.read(user)?.flags[0]?.value)).toEqual([undefined, false, undefined, true, true, true])
  })

  it('reads an entry the previous version wrote, and treats broken or unwritable storage as no cache', () => {
    const storage = memoryStorage()
    const cache = new AnswerCache(storage, 'https://flags.example', 'sluice_client_abcdefgh12345678')
    cache.write(answers('x', true))
    const [key] = [...storage.items.keys()]
    storage.items.set(key!, JSON.stringify(answers('old', true)))
    expect(cache.read('old')?.etag).toBe('"old"')
    storage.items.set(key!, '{not json')
    expect(cache.read('old')).toBeUndefined()
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(() => new AnswerCache(full, 'https://flags.example', 'k').write(answers('x', true))).not.toThrow()
  })
})
