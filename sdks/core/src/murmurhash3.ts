/**
 * MurmurHash3 x86_32, byte for byte the function Unleash buckets with (npm `murmurhash3js`,
 * `x86.hash32`), so cohorts carry over from Unleash.
 *
 * That implementation does not hash UTF-8: it takes `charCodeAt(i) & 0xff` for every UTF-16
 * code unit, so `é` (U+00E9) hashes as the single byte 0xE9 and `ł` (U+0142) as 0x42, and the
 * length it mixes in is the UTF-16 length. We copy that on purpose — matching Unleash's
 * Node SDK matters more here than matching the C++ reference on non-ASCII ids.
 *
 * `murmurhash3js` multiplies with a split 16-bit trick that leaves extra high bits which every
 * later bitwise operator truncates; `Math.imul` gives the same value modulo 2^32.
 *
 * The hot path hashes `"<groupId>:<stickinessValue>"`. Concatenating would allocate a string
 * and make V8 flatten it on the first `charCodeAt`, so a compiled flag instead keeps the state
 * of the hash after its constant prefix (`HashPrefix`) and `hashWithPrefix` carries on with
 * the stickiness value: no allocation, same result as hashing the concatenation.
 */

import { checkString, InvalidArgumentError } from './errors.js'

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

function mixK1(k1: number): number {
  k1 = Math.imul(k1, C1)
  k1 = (k1 << 15) | (k1 >>> 17)
  return Math.imul(k1, C2)
}

function mixH1(h1: number, k1: number): number {
  h1 ^= mixK1(k1)
  h1 = (h1 << 13) | (h1 >>> 19)
  return (Math.imul(h1, 5) + 0xe6546b64) | 0
}

function fmix(h1: number, length: number): number {
  h1 ^= length
  h1 ^= h1 >>> 16
  h1 = Math.imul(h1, 0x85ebca6b)
  h1 ^= h1 >>> 13
  h1 = Math.imul(h1, 0xc2b2ae35)
  h1 ^= h1 >>> 16
  return h1 >>> 0
}

/** MurmurHash3 x86_32 of `key` as `murmurhash3js` computes it; an unsigned 32-bit integer. */
export function murmurhash3_x86_32(key: string, seed: number): number {
  checkString('key', key)
  if (!Number.isInteger(seed)) throw new InvalidArgumentError('seed', 'an integer', seed)
  const length = key.length
  const blocks = length & ~3
  let h1 = seed | 0
  let i = 0
  for (; i < blocks; i += 4) {
    h1 = mixH1(
      h1,
      (key.charCodeAt(i) & 0xff) |
        ((key.charCodeAt(i + 1) & 0xff) << 8) |
        ((key.charCodeAt(i + 2) & 0xff) << 16) |
        ((key.charCodeAt(i + 3) & 0xff) << 24),
    )
  }
  const rest = length & 3
  if (rest !== 0) {
    let k1 = key.charCodeAt(i) & 0xff
    if (rest > 1) k1 |= (key.charCodeAt(i + 1) & 0xff) << 8
    if (rest > 2) k1 |= (key.charCodeAt(i + 2) & 0xff) << 16
    h1 ^= mixK1(k1)
  }
  return fmix(h1, length)
}

/** The hash state after a constant prefix: whole blocks mixed into `h1`, the rest pending. */
export interface HashPrefix {
  readonly h1: number
  /** The prefix's trailing 0–3 bytes, packed little-endian as the next block would take them. */
  readonly pending: number
  readonly pendingBytes: number
  readonly length: number
}

export function hashPrefix(prefix: string, seed: number): HashPrefix {
  const length = prefix.length
  const blocks = length & ~3
  let h1 = seed | 0
  for (let i = 0; i < blocks; i += 4) {
    h1 = mixH1(
      h1,
      (prefix.charCodeAt(i) & 0xff) |
        ((prefix.charCodeAt(i + 1) & 0xff) << 8) |
        ((prefix.charCodeAt(i + 2) & 0xff) << 16) |
        ((prefix.charCodeAt(i + 3) & 0xff) << 24),
    )
  }
  let pending = 0
  for (let i = blocks; i < length; i++) pending |= (prefix.charCodeAt(i) & 0xff) << ((i - blocks) << 3)
  return { h1, pending, pendingBytes: length - blocks, length }
}

/** `murmurhash3_x86_32(prefixString + value, seed)` for the prefix and seed `p` was made from. */
export function hashWithPrefix(p: HashPrefix, value: string): number {
  const n = value.length
  let h1 = p.h1
  let i = 0
  let used = p.pendingBytes
  if (used !== 0) {
    // Complete the block the prefix left open.
    let k1 = p.pending
    while (used < 4 && i < n) {
      k1 |= (value.charCodeAt(i) & 0xff) << (used << 3)
      used++
      i++
    }
    if (used < 4) return fmix(h1 ^ mixK1(k1), p.length + n)
    h1 = mixH1(h1, k1)
  }
  const blocksEnd = i + ((n - i) & ~3)
  for (; i < blocksEnd; i += 4) {
    h1 = mixH1(
      h1,
      (value.charCodeAt(i) & 0xff) |
        ((value.charCodeAt(i + 1) & 0xff) << 8) |
        ((value.charCodeAt(i + 2) & 0xff) << 16) |
        ((value.charCodeAt(i + 3) & 0xff) << 24),
    )
  }
  const rest = n - i
  if (rest !== 0) {
    let k1 = value.charCodeAt(i) & 0xff
    if (rest > 1) k1 |= (value.charCodeAt(i + 1) & 0xff) << 8
    if (rest > 2) k1 |= (value.charCodeAt(i + 2) & 0xff) << 16
    h1 ^= mixK1(k1)
  }
  return fmix(h1, p.length + n)
}
