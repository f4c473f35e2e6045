/**
 * Which requests a chaos rule applies to. A target is `[METHOD ]PATTERN`:
 *
 *   /api/v1/wallet            exactly that path (a trailing slash and the query are ignored)
 *   /api/v1/wallet/*          one more segment: /api/v1/wallet/42, not /api/v1/wallet/42/tx
 *   /api/v1/wallet/**         the path and everything under it, at any depth
 *   /files/*.json             `*` also matches part of a segment (`/api/v*`), never a `/`
 *   POST /api/v1/payments     only that method (case-insensitive); `*` or no method = any
 *
 * A null target is every route. The middleware asks this for every request, so a target is
 * compiled once into the cheapest check that answers it (string equality, a prefix test, or
 * a segment walk) and no regular expression runs per request.
 *
 * An invalid target matches nothing: injecting faults where nobody asked for them is worse
 * than injecting none, and the service rejects invalid targets before they are stored.
 */

export const CHAOS_TARGET_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'] as const
export type ChaosTargetMethod = (typeof CHAOS_TARGET_METHODS)[number]

export const MAX_CHAOS_TARGET_LENGTH = 1024

export interface ParsedTarget {
  /** Upper case; null for any method. */
  method: ChaosTargetMethod | null
  /** The path pattern without a trailing slash (`/` for the root). */
  pattern: string
  /** exact: no wildcard; prefix: literal segments then one final `**`; glob: anything else. */
  kind: 'exact' | 'prefix' | 'glob'
  /** The pattern's segments, `**` and `*` included; empty for `/`. */
  segments: readonly string[]
}

export type ChaosTargetMatcher = (method: string, path: string) => boolean

type Parsed = { ok: true; target: ParsedTarget } | { ok: false; problem: string }

const METHODS: ReadonlySet<string> = new Set(CHAOS_TARGET_METHODS)
const ANY_SEGMENTS = '**'

function fail(problem: string): Parsed {
  return { ok: false, problem }
}

function parse(input: unknown): Parsed {
  if (typeof input !== 'string') return fail('must be a string such as "GET /api/v1/wallet/**"')
  if (input.length > MAX_CHAOS_TARGET_LENGTH) return fail(`must be at most ${MAX_CHAOS_TARGET_LENGTH} characters`)
  const words = input.trim().split(/\s+/)
  if (words.length === 1 && words[0] === '') return fail('must not be empty; omit it (or send null) to match every route')
  if (words.length > 2) return fail('must be "[METHOD ]/path", with no spaces inside the path')
  const [first, second] = words as [string, string | undefined]
  let method: ChaosTargetMethod | null = null
  let pattern = first
  if (second !== undefined) {
    const upper = first.toUpperCase()
    if (first.startsWith('/')) return fail('must be "[METHOD ]/path", with no spaces inside the path')
    if (upper !== '*' && !METHODS.has(upper)) {
      return fail(`starts with "${first}", which is not an HTTP method (${CHAOS_TARGET_METHODS.join(', ')} or *)`)
    }
    method = upper === '*' ? null : (upper as ChaosTargetMethod)
    pattern = second
  }
  if (!pattern.startsWith('/')) {
    return fail(METHODS.has(pattern.toUpperCase()) ? `names a method but no path; use "${pattern} /**" for every path` : 'must start with "/" (after an optional method)')
  }
  if (/[?#]/.test(pattern)) return fail('must be a path without a query string or fragment')
  const trimmed = pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern
  const segments = trimmed === '/' ? [] : trimmed.slice(1).split('/')
  for (const segment of segments) {
    if (segment === '') return fail('must not contain an empty segment ("//")')
    if (segment.includes(ANY_SEGMENTS) && segment !== ANY_SEGMENTS) {
      return fail(`has "${segment}": "**" must be a whole segment, as in /api/**`)
    }
    if (segment.startsWith(':') || (segment.startsWith('{') && segment.endsWith('}'))) {
      return fail(`has "${segment}": write a path parameter as "*", as in /users/*`)
    }
  }
  const wildcards = segments.filter((s) => s.includes('*'))
  const kind =
    wildcards.length === 0
      ? 'exact'
      : wildcards.length === 1 && segments.at(-1) === ANY_SEGMENTS
        ? 'prefix'
        : 'glob'
  return { ok: true, target: { method, pattern: trimmed, kind, segments } }
}

/** The target's structure, or null when it is not a valid target (no leading `/`, an unknown method, empty, ...). */
export function parseChaosTarget(target: string): ParsedTarget | null {
  const parsed = parse(target)
  return parsed.ok ? parsed.target : null
}

/** Why a target is invalid (`must start with "/" ...`), or undefined when it is valid. */
export function chaosTargetProblem(target: string): string | undefined {
  const parsed = parse(target)
  return parsed.ok ? undefined : parsed.problem
}

/** The request path without its query, fragment and trailing slashes; `/` stays `/`. */
function pathOf(path: string): string {
  let end = path.length
  const query = path.indexOf('?')
  if (query >= 0) end = query
  const hash = path.indexOf('#')
  if (hash >= 0 && hash < end) end = hash
  while (end > 1 && path.charCodeAt(end - 1) === 47 /* / */) end--
  if (end === 0) return '/'
  return end === path.length ? path : path.slice(0, end)
}

type SegmentMatcher = ((segment: string) => boolean) | typeof ANY_SEGMENTS

/** `v*` / `*.json` / `a*b*c`: fixed parts in order, each `*` any run of characters within the segment. */
function segmentMatcher(pattern: string): SegmentMatcher {
  if (pattern === ANY_SEGMENTS) return ANY_SEGMENTS
  if (pattern === '*') return (segment) => segment.length > 0
  if (!pattern.includes('*')) return (segment) => segment === pattern
  const parts = pattern.split('*')
  const head = parts[0]!
  const tail = parts.at(-1)!
  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const minLength = parts.reduce((sum, part) => sum + part.length, 0)
  return (segment) => {
    if (segment.length < minLength || !segment.startsWith(head) || !segment.endsWith(tail)) return false
    let from = head.length
    const end = segment.length - tail.length
    for (const part of middle) {
      const at = segment.indexOf(part, from)
      if (at < 0 || at + part.length > end) return false
      from = at + part.length
    }
    return true
  }
}

/**
 * Segment-level wildcard matching: `**` matches any run of segments, everything else exactly
 * one. The usual linear glob walk, backtracking only to the last `**`, which is enough because
 * every other token consumes exactly one segment.
 */
function matchSegments(patterns: readonly SegmentMatcher[], segments: readonly string[]): boolean {
  let p = 0
  let s = 0
  let starP = -1
  let starS = 0
  while (s < segments.length) {
    const current = patterns[p]
    if (current === ANY_SEGMENTS) {
      starP = p++
      starS = s
    } else if (current !== undefined && current(segments[s]!)) {
      p++
      s++
    } else if (starP >= 0) {
      p = starP + 1
      s = ++starS
    } else {
      return false
    }
  }
  while (patterns[p] === ANY_SEGMENTS) p++
  return p === patterns.length
}

function methodMatcher(method: ChaosTargetMethod | null): (requestMethod: string) => boolean {
  if (method === null) return () => true
  return (requestMethod) => requestMethod === method || requestMethod.toUpperCase() === method
}

const everything: ChaosTargetMatcher = () => true
const nothing: ChaosTargetMatcher = () => false

/**
 * A fast `(method, path) => boolean` for a target. Null or undefined matches every request;
 * an invalid target matches none. `path` may carry a query string.
 */
export function compileChaosTarget(target: string | null | undefined): ChaosTargetMatcher {
  if (target === null || target === undefined) return everything
  const parsed = parse(target)
  if (!parsed.ok) return nothing
  const { method, pattern, kind, segments } = parsed.target
  const methodOk = methodMatcher(method)
  if (kind === 'exact') return (m, path) => methodOk(m) && pathOf(path) === pattern
  if (kind === 'prefix') {
    const prefix = pattern.slice(0, -ANY_SEGMENTS.length - 1)
    if (prefix === '') return (m) => methodOk(m)
    const under = `${prefix}/`
    return (m, path) => {
      if (!methodOk(m)) return false
      const p = pathOf(path)
      return p === prefix || p.startsWith(under)
    }
  }
  const matchers = segments.map(segmentMatcher)
  return (m, path) => {
    if (!methodOk(m) || path.charCodeAt(0) !== 47 /* / */) return false
    const p = pathOf(path)
    return matchSegments(matchers, p === '/' ? [] : p.slice(1).split('/'))
  }
}
