/**
 * IP addresses and CIDR ranges: one hand-written parser for the service (validating
 * `ip_targeting` entries) and the engine (matching a context's `ip`), so the two can never
 * disagree about what an entry means.
 *
 * No regex, and no BigInt once a list is compiled: IPv4 is a uint32 and IPv6 four big-endian
 * uint32 words, parsed into module-level scratch arrays so matching a context allocates nothing. An IPv4-mapped
 * IPv6 address (`::ffff:a.b.c.d`, in any spelling) is normalised to IPv4 wherever it
 * appears, so mapped entries match plain IPv4 contexts and the other way round.
 *
 * Strict on purpose, like Go's `net/netip`: no leading zeros in IPv4 octets (`010` is octal
 * to some parsers and decimal to others) or prefix lengths, no zone ids, no surrounding
 * whitespace. A CIDR with host bits set (`10.1.2.3/8`) is accepted and means its network.
 */

import { canonicalAddress } from './ip-canonical.js'

export interface IpRange {
  /** 4 or 6. An IPv4-mapped IPv6 entry (`::ffff:10.0.0.0/104`) is reported as IPv4 (`10.0.0.0/8`). */
  readonly family: 4 | 6
  /** The network address, host bits cleared, as big-endian 32-bit words: one for IPv4, four for IPv6. */
  readonly words: readonly number[]
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6; a plain address has the full length. */
  readonly prefix: number
}

/** Longer than any address with a prefix (45 + 4): rejected before scanning. */
const MAX_LENGTH = 64

const COLON = 58
const DOT = 46

/** Where parseAddress leaves an IPv6 address; an IPv4 one is in V6[3] with V6[0..2] = 0, 0, 0xffff. */
const V6 = new Uint32Array(4)
/** The groups an IPv6 address spells out, before `::` is expanded. */
const GROUPS = [0, 0, 0, 0, 0, 0, 0, 0]
/** Hex digit values of ASCII characters, -1 for the rest. */
const HEX = new Int8Array(128).fill(-1)
for (let d = 0; d < 16; d++) {
  HEX['0123456789abcdef'.charCodeAt(d)] = d
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d
}

// charCodeAt is the dearest step of these parsers (about 2 ns a character on the 2-core
// benchmark machine, more on a cons string), so each character is read exactly once.

/** Dotted-quad IPv4 in `s[start, end)` as an unsigned 32-bit integer, or -1. */
function parseV4(s: string, start: number, end: number): number {
  let value = 0
  let octets = 0
  /** The octet being read; -1 before its first digit. */
  let n = -1
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48
    if (d >= 0 && d <= 9) {
      if (n === 0) return -1
      n = n < 0 ? d : n * 10 + d
      if (n > 255) return -1
    } else if (d === DOT - 48 && n >= 0 && octets < 3) {
      value = (value << 8) | n
      octets++
      n = -1
    } else {
      return -1
    }
  }
  if (octets !== 3 || n < 0) return -1
  return ((value << 8) | n) >>> 0
}

/** RFC 4291 §2.2 text form in `s[start, end)` into V6; false when malformed. */
function parseV6(s: string, start: number, end: number): boolean {
  let i = start
  let n = 0
  /** Index of the group `::` stands before, and the position of its second colon. */
  let gap = -1
  let gapAt = -1
  if (i < end && s.charCodeAt(i) === COLON) {
    if (i + 1 >= end || s.charCodeAt(i + 1) !== COLON) return false
    gap = 0
    gapAt = i + 1
    i += 2
  }
  let value = 0
  let digits = 0
  let groupStart = i
  for (; i < end; i++) {
    const c = s.charCodeAt(i)
    const d = c < 128 ? HEX[c]! : -1
    if (d >= 0) {
      if (++digits > 4) return false
      value = (value << 4) | d
    } else if (c === COLON) {
      if (digits === 0) {
        // Right after another colon: this is `::`, allowed once.
        if (gap >= 0) return false
        gap = n
        gapAt = i
      } else {
        if (n === 8) return false
        GROUPS[n++] = value
        value = 0
        digits = 0
      }
      groupStart = i + 1
    } else if (c === DOT) {
      // A dotted-quad tail stands for the last two groups.
      if (n > 6) return false
      const v4 = parseV4(s, groupStart, end)
      if (v4 < 0) return false
      GROUPS[n++] = v4 >>> 16
      GROUPS[n++] = v4 & 0xffff
      digits = -1
      break
    } else {
      return false
    }
  }
  if (digits > 0) {
    if (n === 8) return false
    GROUPS[n++] = value
  } else if (digits === 0 && gapAt !== end - 1) {
    // Ends on a colon that is not the second of `::`, or is empty.
    return false
  }
  // Without `::` all eight groups are spelled out; with it, at least one is left for it.
  const zeros = 8 - n
  if (gap < 0 ? zeros !== 0 : zeros === 0) return false
  for (let w = 0; w < 4; w++) {
    const k = 2 * w
    const hi = gap < 0 || k < gap ? GROUPS[k]! : k < gap + zeros ? 0 : GROUPS[k - zeros]!
    const lo = gap < 0 || k + 1 < gap ? GROUPS[k + 1]! : k + 1 < gap + zeros ? 0 : GROUPS[k + 1 - zeros]!
    V6[w] = ((hi << 16) | lo) >>> 0
  }
  return true
}

/**
 * Parses the address in `s[start, end)` into V6 and returns its family: 4 (also for an
 * IPv4-mapped IPv6 address, whose IPv4 value is then in V6[3]), 6, or 0 when malformed.
 */
function parseAddress(s: string, start: number, end: number): 0 | 4 | 6 {
  const v4 = parseV4(s, start, end)
  if (v4 >= 0) {
    V6[0] = 0
    V6[1] = 0
    V6[2] = 0xffff
    V6[3] = v4
    return 4
  }
  if (!parseV6(s, start, end)) return 0
  return V6[0] === 0 && V6[1] === 0 && V6[2] === 0xffff ? 4 : 6
}

/** A prefix length in `s[start, end)`: decimal, no sign, no leading zero; -1 when malformed. */
function parsePrefix(s: string, start: number, end: number): number {
  if (start >= end || end - start > 3) return -1
  let n = 0
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    if (i > start && n === 0) return -1
    n = n * 10 + d
  }
  return n
}

/** Mask of the top `bits` (clamped to 0–32) bits of a 32-bit word. */
function wordMask(bits: number): number {
  if (bits <= 0) return 0
  if (bits >= 32) return 0xffffffff
  return (0xffffffff << (32 - bits)) >>> 0
}

/**
 * Parses an `ip_targeting` entry: an IPv4 or IPv6 address, or a CIDR range of either.
 * Returns null for anything malformed, including out-of-range octets and prefix lengths.
 */
export function parseIpEntry(s: string): IpRange | null {
  if (typeof s !== 'string' || s.length === 0 || s.length > MAX_LENGTH) return null
  const slash = s.indexOf('/')
  const addressEnd = slash < 0 ? s.length : slash
  let family = parseAddress(s, 0, addressEnd)
  if (family === 0) return null
  // Whether the text was IPv6: then the prefix counts 128 bits even if the address is mapped.
  const writtenAsV6 = s.indexOf(':') >= 0
  let prefix = writtenAsV6 ? 128 : 32
  if (slash >= 0) {
    prefix = parsePrefix(s, slash + 1, s.length)
    if (prefix < 0 || prefix > (writtenAsV6 ? 128 : 32)) return null
  }
  if (writtenAsV6 && family === 4 && prefix < 96) family = 6
  if (family === 4) {
    const bits = writtenAsV6 ? prefix - 96 : prefix
    return freezeRange(4, [(V6[3]! & wordMask(bits)) >>> 0], bits)
  }
  const words = [0, 0, 0, 0]
  for (let w = 0; w < 4; w++) words[w] = (V6[w]! & wordMask(prefix - 32 * w)) >>> 0
  return freezeRange(6, words, prefix)
}

function freezeRange(family: 4 | 6, words: number[], prefix: number): IpRange {
  return Object.freeze({ family, words: Object.freeze(words), prefix })
}

/** Whether `s` is an address or CIDR range that `ip_targeting` accepts. */
export function isValidIpEntry(s: string): boolean {
  return parseIpEntry(s) !== null
}

/** Tests a context's `ip` against a fixed list of ranges. Never throws; a malformed ip matches nothing. */
export type IpMatcher = (ip: unknown) => boolean

/**
 * Sorted, disjoint intervals of addresses (CIDR blocks are nested or disjoint, so merging
 * overlaps is enough), split into 256 buckets by the byte that follows the prefix the whole
 * list shares, so that a lookup bisects the one or two intervals of its bucket instead of the
 * whole list: bisecting hundreds of entries costs a branch misprediction per step. Built
 * once with BigInt; looked up with uint32 words only.
 */
interface IntervalTable {
  count: number
  /** Position, from the most significant bit, of the byte that picks the bucket. */
  bucketBit: number
  /** The lowest and highest address in any interval, big-endian words. */
  min: Uint32Array
  max: Uint32Array
  /** Bucket b holds intervals offsets[b] .. offsets[b + 1] - 1. */
  offsets: Int32Array
  starts: Uint32Array
  ends: Uint32Array
}

function toBigInt(words: readonly number[]): bigint {
  let value = 0n
  for (const word of words) value = (value << 32n) | BigInt(word >>> 0)
  return value
}

function writeWords(target: Uint32Array, at: number, value: bigint, words: number): void {
  for (let w = words - 1; w >= 0; w--) {
    target[at + w] = Number(value & 0xffffffffn)
    value >>= 32n
  }
}

function buildTable(intervals: Array<[bigint, bigint]>, bits: number): IntervalTable {
  const words = bits / 32
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const merged: Array<[bigint, bigint]> = []
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1]
    if (last !== undefined && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end
    } else {
      merged.push([start, end])
    }
  }
  const table: IntervalTable = {
    count: 0,
    bucketBit: 0,
    min: new Uint32Array(words),
    max: new Uint32Array(words),
    offsets: new Int32Array(257),
    starts: new Uint32Array(0),
    ends: new Uint32Array(0),
  }
  if (merged.length === 0) return table

  const min = merged[0]![0]
  const max = merged[merged.length - 1]![1]
  const commonBits = bits - (min ^ max).toString(2).replace(/^0$/, '').length
  const bucketBit = Math.min(commonBits, bits - 8)
  const bucketSize = 1n << BigInt(bits - bucketBit - 8)
  const base = (min >> BigInt(bits - bucketBit)) << BigInt(bits - bucketBit)
  const pieces: Array<[bigint, bigint]> = []
  let first = 0
  for (let b = 0; b < 256; b++) {
    table.offsets[b] = pieces.length
    const lo = base + BigInt(b) * bucketSize
    const hi = lo + bucketSize - 1n
    while (first < merged.length && merged[first]![1] < lo) first++
    for (let k = first; k < merged.length && merged[k]![0] <= hi; k++) {
      const [start, end] = merged[k]!
      pieces.push([start > lo ? start : lo, end < hi ? end : hi])
    }
  }
  table.offsets[256] = pieces.length
  table.count = pieces.length
  table.bucketBit = bucketBit
  writeWords(table.min, 0, min, words)
  writeWords(table.max, 0, max, words)
  table.starts = new Uint32Array(pieces.length * words)
  table.ends = new Uint32Array(pieces.length * words)
  pieces.forEach(([start, end], i) => {
    writeWords(table.starts, i * words, start, words)
    writeWords(table.ends, i * words, end, words)
  })
  return table
}

function rangeBounds(range: IpRange, bits: number): [bigint, bigint] {
  const start = toBigInt(range.words)
  const hostBits = BigInt(bits - range.prefix)
  return [start, start | ((1n << hostBits) - 1n)]
}

const MAPPED_FIRST = 0xffffn << 32n
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn

/**
 * Whether the 4-word address at a[i] is at or below the one at b[j], comparing from word
 * `from` on (the words before it are known to be equal).
 */
function atOrBelow(a: Uint32Array, i: number, b: Uint32Array, j: number, from: number): boolean {
  for (let w = from; w < 4; w++) {
    const x = a[i + w]!
    const y = b[j + w]!
    if (x !== y) return x < y
  }
  return true
}

/** The filter on an IPv6 text's last group keys on its low 12 bits: 4,096 bits, in 128 words. */
const LAST_GROUP_MASK = 0xfff

/**
 * The low 12 bits of the last group of the IPv6 text `s` (its last three hex digits, or all of
 * them after the last colon), -1 when the text ends otherwise (a dotted IPv4 tail, a zone
 * id, junk), or -2 when it ends on a lone colon, which no address does. Reads at most four
 * characters from the end: the fourth tells three decimal digits of a dotted tail from hex.
 */
function lastGroup(s: string): number {
  let value = 0
  for (let i = s.length - 1, n = 0; i >= 0; i--, n++) {
    const c = s.charCodeAt(i)
    if (c === DOT) return -1
    // No digits after the last colon: `...::` ends on zero groups, a lone `:` is malformed.
    if (c === COLON) return n > 0 ? value : i > 0 && s.charCodeAt(i - 1) === COLON ? 0 : -2
    if (n === 3) return value
    const d = c < 128 ? HEX[c]! : -1
    if (d < 0) return -1
    value |= d << (4 * n)
  }
  return -1
}

/**
 * Builds a matcher over `ranges`.
 *
 * A list of exact addresses only (an allow list, the common case) is answered by a hash
 * lookup on the address exactly as given: every entry is held in its canonical spelling
 * (ip-canonical.ts), which is how addresses usually arrive. A miss is final without parsing
 * when no other spelling could match: a dotted quad has only one valid spelling (leading
 * zeros are refused), and an IPv6 text may be spelled many ways but the low bits of its last
 * group are the same in all of them, so a last group that no entry ends with matches nothing.
 * Everything else (other spellings, mapped addresses, and every address when the list holds
 * a range) is parsed once into words and looked up in the interval tables, which hold the
 * exact entries too.
 */
export function compileIpMatcher(ranges: readonly IpRange[]): IpMatcher {
  const v4: Array<[bigint, bigint]> = []
  const v6: Array<[bigint, bigint]> = []
  const exact = new Set<string>()
  let v4Ranges = false
  let v6Ranges = false
  const lastGroups = new Uint32Array((LAST_GROUP_MASK + 1) / 32)
  const noteLastGroup = (group: number) => (lastGroups[(group & LAST_GROUP_MASK) >>> 5]! |= 1 << (group & 31))
  for (const range of ranges) {
    if (range.prefix === (range.family === 4 ? 32 : 128)) {
      exact.add(canonicalAddress(range))
      // The last group of the IPv6 spellings of this address (mapped, for IPv4).
      noteLastGroup(range.words[range.words.length - 1]! & 0xffff)
    } else if (range.family === 4) {
      v4Ranges = true
    } else {
      v6Ranges = true
    }
    if (range.family === 4) {
      v4.push(rangeBounds(range, 32))
    } else {
      const bounds = rangeBounds(range, 128)
      v6.push(bounds)
      // A short IPv6 prefix can contain the whole IPv4-mapped block, and with it every IPv4 address.
      if (bounds[0] <= MAPPED_FIRST && MAPPED_LAST <= bounds[1]) v4.push([0n, 0xffffffffn])
    }
  }
  const t4 = buildTable(v4, 32)
  const t6 = buildTable(v6, 128)
  const v4Min = t4.min[0]!
  const v4Max = t4.max[0]!
  const v4Bit = t4.bucketBit
  const { offsets: v4Offsets, starts: v4Starts, ends: v4Ends } = t4
  const { offsets: v6Offsets, starts: v6Starts, ends: v6Ends } = t6
  // Every IPv6 interval lies in the block of the prefix the list shares: an address outside
  // it cannot match, and inside it only the words from the bucket byte on can differ.
  const v6Word = t6.bucketBit >>> 5
  const v6Shift = t6.bucketBit & 31
  const v6Prefix = new Uint32Array(4)
  for (let w = 0; w < 4; w++) v6Prefix[w] = (t6.min[w]! & wordMask(t6.bucketBit - 32 * w)) >>> 0
  const v6PartialMask = wordMask(v6Shift)

  function matchV4(address: number): boolean {
    if (address < v4Min || address > v4Max) return false
    const bucket = (address << v4Bit) >>> 24
    const first = v4Offsets[bucket]!
    let lo = first
    let hi = v4Offsets[bucket + 1]! - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (v4Starts[mid]! <= address) lo = mid + 1
      else hi = mid - 1
    }
    return hi >= first && address <= v4Ends[hi]!
  }

  function matchV6(): boolean {
    for (let w = 0; w < v6Word; w++) if (V6[w] !== v6Prefix[w]) return false
    if (((V6[v6Word]! & v6PartialMask) >>> 0) !== v6Prefix[v6Word]) return false
    let bucket = (V6[v6Word]! << v6Shift) >>> 24
    if (v6Shift > 24) bucket |= V6[v6Word + 1]! >>> (56 - v6Shift)
    const first = v6Offsets[bucket]!
    let lo = first
    let hi = v6Offsets[bucket + 1]! - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (atOrBelow(v6Starts, mid * 4, V6, 0, v6Word)) lo = mid + 1
      else hi = mid - 1
    }
    return hi >= first && atOrBelow(V6, 0, v6Ends, hi * 4, v6Word)
  }

  const hasV4 = t4.count !== 0
  const hasV6 = t6.count !== 0
  /** Any spelling: parses the text and looks its words up in the interval tables. */
  function matchParsed(ip: string): boolean {
    const length = ip.length
    if (length > MAX_LENGTH) return false
    // "255.255.255.255" is the longest dotted quad: longer strings go straight to IPv6, and a
    // shorter IPv6 text fails the dotted-quad attempt at its first colon. (A memo of the last
    // address parsed, for several IP rules on one context, cost more in string comparisons
    // than it saved in the benchmarks: not kept.)
    if (length <= 15) {
      const address = parseV4(ip, 0, length)
      if (address >= 0) return hasV4 && matchV4(address)
    }
    if (!parseV6(ip, 0, length)) return false
    if (V6[0] === 0 && V6[1] === 0 && V6[2] === 0xffff) return hasV4 && matchV4(V6[3]!)
    return hasV6 && matchV6()
  }

  // Two function literals, not one with a branch: V8 shares type feedback between closures of
  // one literal, so an allow list's lookups stay as lean as its own code, whatever ranges other
  // flags' lists hold.
  if (v4Ranges || v6Ranges) {
    // Every address may fall inside a range, so it is parsed anyway; the tables hold the exact
    // entries too, and a hash lookup first cost misses more than it saved hits (core bench).
    return (ip: unknown): boolean => typeof ip === 'string' && matchParsed(ip)
  }
  // The length first: no hashing of a megabyte someone put in a header.
  return (ip: unknown): boolean =>
    typeof ip === 'string' &&
    ip.length <= MAX_LENGTH &&
    (exact.has(ip) || (!isDottedQuadText(ip) && mayBeSpelledDifferently(lastGroups, ip) && matchParsed(ip)))
}

/**
 * Whether `ip` can only be a dotted quad (or nothing): its first dot comes within its first
 * four characters and it does not start with a colon. An IPv6 text has a colon in its first
 * five, before any dotted tail. Reads at most four characters (past the end reads NaN).
 */
function isDottedQuadText(ip: string): boolean {
  return ip.charCodeAt(0) !== COLON && (ip.charCodeAt(1) === DOT || ip.charCodeAt(2) === DOT || ip.charCodeAt(3) === DOT)
}

/** Whether the IPv6 text `ip` could be another spelling of an exact entry, by its last group. */
function mayBeSpelledDifferently(lastGroups: Uint32Array, ip: string): boolean {
  const group = lastGroup(ip)
  if (group === -2) return false
  return group < 0 || (lastGroups[group >>> 5]! & (1 << (group & 31))) !== 0
}
