import fc from 'fast-check'
import murmurhash3js from 'murmurhash3js'
import { describe, expect, it } from 'vitest'
import { hashPrefix, hashWithPrefix, murmurhash3_x86_32 } from './murmurhash3.js'

/** Strings over all of UTF-16, lone surrogates included, plus plain ASCII ones. */
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }))
const seed = fc.oneof(fc.constantFrom(0, 86028157), fc.nat({ max: 0xffffffff }))

describe('murmurhash3_x86_32', () => {
  it('matches the published MurmurHash3 x86_32 vectors for ASCII input', () => {
    expect(murmurhash3_x86_32('', 0)).toBe(0)
    expect(murmurhash3_x86_32('', 1)).toBe(0x514e28b7)
    expect(murmurhash3_x86_32('', 0xffffffff)).toBe(0x81f16f39)
    expect(murmurhash3_x86_32('Hello, world!', 1234)).toBe(0xfaf6cdb3)
    expect(murmurhash3_x86_32('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd)
  })

  it('hashes each UTF-16 unit as its low byte, as murmurhash3js (and so Unleash) does', () => {
    // U+0142 keeps only 0x42, which is "B".
    expect(murmurhash3_x86_32('ł', 0)).toBe(murmurhash3_x86_32('B', 0))
    expect(murmurhash3_x86_32('é', 0)).toBe(1153881266)
  })

  it('equals murmurhash3js x86.hash32 for arbitrary strings and seeds', () => {
    fc.assert(
      fc.property(anyString, seed, (key, s) => {
        expect(murmurhash3_x86_32(key, s)).toBe(murmurhash3js.x86.hash32(key, s))
      }),
      { numRuns: 5000 },
    )
  })

  it('rejects a key that is not a string and a seed that is not an integer', () => {
    expect(() => murmurhash3_x86_32(undefined as never, 0)).toThrow('key must be a string, got undefined')
    expect(() => murmurhash3_x86_32('k', 1.5)).toThrow('seed must be an integer, got 1.5')
  })

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(anyString, seed, (key, s) => {
        const h = murmurhash3_x86_32(key, s)
        expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true)
      }),
    )
  })
})

describe('hashWithPrefix', () => {
  it('equals hashing the concatenation, for every prefix length modulo 4', () => {
    fc.assert(
      fc.property(anyString, anyString, seed, (prefix, value, s) => {
        expect(hashWithPrefix(hashPrefix(prefix, s), value)).toBe(murmurhash3js.x86.hash32(prefix + value, s))
      }),
      { numRuns: 5000 },
    )
  })

  it('handles a value too short to complete the block the prefix left open', () => {
    for (const prefix of ['a', 'ab', 'abc', 'abcde']) {
      for (const value of ['', 'x', 'xy', 'xyz']) {
        expect(hashWithPrefix(hashPrefix(prefix, 7), value)).toBe(murmurhash3js.x86.hash32(prefix + value, 7))
      }
    }
  })
})
