/**
 * Semantic versions (semver.org 2.0.0) as Unleash's SEMVER_* operators read them, which is the
 * strict grammar of the `semver` package: surrounding whitespace ignored, an optional leading
 * `v`, `MAJOR.MINOR.PATCH` without leading zeros and at most 2^53 - 1 each, an optional
 * `-prerelease` of dot-separated identifiers (numeric without leading zeros, or alphanumeric
 * with `-`), an optional `+build` that does not count in comparisons, 256 characters at most.
 *
 * A constraint's version is parsed once, when its flag is compiled. The context's version is
 * different on every call, so `compareWithSemver` reads it in one pass without building
 * anything: the numbers into locals, the prerelease left in place and compared character by
 * character with the parsed one.
 */

/** A prerelease identifier: a number when it is all digits, else the text. */
export type PrereleaseIdentifier = number | string

export interface SemVer {
  readonly major: number
  readonly minor: number
  readonly patch: number
  readonly prerelease: readonly PrereleaseIdentifier[]
}

const MAX_LENGTH = 256
const ZERO = 48
const NINE = 57
const DOT = 46
const DASH = 45
const PLUS = 43
const V = 118

/** What String.prototype.trim removes (WhiteSpace and LineTerminator). */
function isTrimmed(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE
}

function isIdentifierChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === DASH
}

/**
 * Where the last scan left off: major, minor, patch, and the prerelease as `s[PRE_START,
 * PRE_END)` (empty when equal). A typed array, so that scanning allocates nothing.
 */
const SCANNED = new Float64Array(5)
const PRE_START = 3
const PRE_END = 4

/** Dot-separated identifiers in `s[i, end)` up to `stop` (or the end); returns where they end, -1 when malformed. */
function scanIdentifiers(s: string, i: number, end: number, prerelease: boolean): number {
  let start = i
  let digitsOnly = true
  for (let j = i; ; j++) {
    const c = j < end ? s.charCodeAt(j) : -1
    if (c === DOT || c === -1 || (prerelease && c === PLUS)) {
      if (j === start) return -1
      // A numeric prerelease identifier may not have leading zeros; build identifiers may.
      if (prerelease && digitsOnly && j - start > 1 && s.charCodeAt(start) === ZERO) return -1
      if (c !== DOT) return j
      start = j + 1
      digitsOnly = true
    } else if (isIdentifierChar(c)) {
      if (!isDigit(c)) digitsOnly = false
    } else {
      return -1
    }
  }
}

/** Scans `s` into SCANNED; false when it is not a version. One pass, no calls on the common path. */
function scan(s: string): boolean {
  if (s.length > MAX_LENGTH) return false
  let i = 0
  let end = s.length
  while (i < end && isTrimmed(s.charCodeAt(i))) i++
  while (end > i && isTrimmed(s.charCodeAt(end - 1))) end--
  if (i < end && s.charCodeAt(i) === V) i++
  for (let part = 0; part < 3; part++) {
    const start = i
    let value = 0
    let c = 0
    while (i < end && (c = s.charCodeAt(i)) >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO)
      i++
    }
    // No leading zeros, at most 2^53 - 1.
    if (i === start || (i - start > 1 && s.charCodeAt(start) === ZERO) || value > Number.MAX_SAFE_INTEGER) return false
    SCANNED[part] = value
    if (part < 2) {
      if (i >= end || s.charCodeAt(i) !== DOT) return false
      i++
    }
  }
  SCANNED[PRE_START] = SCANNED[PRE_END] = i
  if (i < end && s.charCodeAt(i) === DASH) {
    const preEnd = scanIdentifiers(s, i + 1, end, true)
    if (preEnd < 0) return false
    SCANNED[PRE_START] = i + 1
    SCANNED[PRE_END] = preEnd
    i = preEnd
  }
  if (i < end && s.charCodeAt(i) === PLUS) {
    if (scanIdentifiers(s, i + 1, end, false) !== end) return false
    i = end
  }
  return i === end
}

/** Parses a version, or undefined when `s` is not one. */
export function parseSemver(s: string): SemVer | undefined {
  if (typeof s !== 'string' || !scan(s)) return undefined
  const preStart = SCANNED[PRE_START]!
  const preEnd = SCANNED[PRE_END]!
  const prerelease: PrereleaseIdentifier[] =
    preStart === preEnd
      ? []
      : s
          .slice(preStart, preEnd)
          .split('.')
          .map((id) => (/^[0-9]+$/.test(id) ? Number(id) : id))
  return Object.freeze({ major: SCANNED[0]!, minor: SCANNED[1]!, patch: SCANNED[2]!, prerelease: Object.freeze(prerelease) })
}

/** Whether `s` is a version the SEMVER_* operators can compare. */
export function isSemver(s: string): boolean {
  return typeof s === 'string' && scan(s)
}

function sign(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1
}

/** Compares the identifier `s[start, end)` with a parsed one: numeric ones numerically, and below alphanumeric ones. */
function compareIdentifier(s: string, start: number, end: number, other: PrereleaseIdentifier): number {
  let numeric = true
  for (let j = start; j < end; j++) if (!isDigit(s.charCodeAt(j))) numeric = false
  if (numeric) {
    if (typeof other !== 'number') return -1
    // No leading zeros, so the longer number is the larger one; same length compares digit by digit.
    let value = 0
    for (let j = start; j < end; j++) value = value * 10 + (s.charCodeAt(j) - ZERO)
    return sign(value, other)
  }
  if (typeof other === 'number') return 1
  const length = end - start
  const n = Math.min(length, other.length)
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(start + k) - other.charCodeAt(k)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return sign(length, other.length)
}

/** Precedence of the scanned prerelease against `other`'s (SemVer 2.0.0 §11). */
function comparePrerelease(s: string, other: readonly PrereleaseIdentifier[]): number {
  const preStart = SCANNED[PRE_START]!
  const preEnd = SCANNED[PRE_END]!
  const mine = preStart !== preEnd
  if (!mine || other.length === 0) return mine === other.length > 0 ? 0 : mine ? -1 : 1
  let start = preStart
  for (let k = 0; ; k++) {
    if (start > preEnd) return k < other.length ? -1 : 0
    if (k >= other.length) return 1
    let end = start
    while (end < preEnd && s.charCodeAt(end) !== DOT) end++
    const c = compareIdentifier(s, start, end, other[k]!)
    if (c !== 0) return c
    start = end + 1
  }
}

/**
 * -1, 0 or 1 as the version in `s` is below, equal to or above `other` by precedence (build
 * metadata ignored); NaN when `s` is not a version. Allocates nothing.
 */
export function compareWithSemver(s: string, other: SemVer): number {
  if (!scan(s)) return NaN
  return (
    sign(SCANNED[0]!, other.major) ||
    sign(SCANNED[1]!, other.minor) ||
    sign(SCANNED[2]!, other.patch) ||
    comparePrerelease(s, other.prerelease)
  )
}
