/**
 * The one spelling of an address: dotted decimal for IPv4 (IPv4-mapped IPv6 included, as the
 * parser reports it), RFC 5952 §4 for IPv6 (lower-case hex, no leading zeros, the longest run
 * of two or more zero groups, the first of equal runs, written `::`). It is what Node's
 * `net`, Go's `netip` and most proxies print, so a context's `ip` usually arrives in it and
 * can be looked up as given.
 */
import type { IpRange } from './ip.js'

/** Canonical text of the address of `range` (its network address when it is a CIDR). */
export function canonicalAddress(range: IpRange): string {
  const w = range.words
  if (range.family === 4) return `${w[0]! >>> 24}.${(w[0]! >>> 16) & 255}.${(w[0]! >>> 8) & 255}.${w[0]! & 255}`
  const groups: number[] = []
  for (const word of w) groups.push(word >>> 16, word & 0xffff)
  let bestAt = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestAt = i
      bestLength = j - i
    }
    i = j === i ? i + 1 : j
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':')
  return bestAt < 0 ? hex(0, 8) : `${hex(0, bestAt)}::${hex(bestAt + bestLength, 8)}`
}
