import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chaosTargetProblem, compileChaosTarget, parseChaosTarget } from './chaos-target.js'

function matches(target: string | null | undefined, method: string, path: string): boolean {
  return compileChaosTarget(target)(method, path)
}

describe('parseChaosTarget', () => {
  it.each([
    ['/api/v1/wallet', { method: null, pattern: '/api/v1/wallet', kind: 'exact', segments: ['api', 'v1', 'wallet'] }],
    ['/api/v1/wallet/', { method: null, pattern: '/api/v1/wallet', kind: 'exact' }],
    ['/', { method: null, pattern: '/', kind: 'exact', segments: [] }],
    ['GET /api', { method: 'GET', pattern: '/api', kind: 'exact' }],
    ['post /api', { method: 'POST', pattern: '/api', kind: 'exact' }],
    ['Delete /api', { method: 'DELETE', pattern: '/api', kind: 'exact' }],
    ['* /api', { method: null, pattern: '/api', kind: 'exact' }],
    ['  PUT   /api  ', { method: 'PUT', pattern: '/api', kind: 'exact' }],
    ['/api/v1/wallet/**', { pattern: '/api/v1/wallet/**', kind: 'prefix', segments: ['api', 'v1', 'wallet', '**'] }],
    ['/**', { pattern: '/**', kind: 'prefix', segments: ['**'] }],
    ['/api/v1/wallet/*', { kind: 'glob' }],
    ['/api/**/health', { kind: 'glob' }],
    ['/api/v*/users', { kind: 'glob' }],
    ['/**/**', { kind: 'glob' }],
    ['/v1/things:batchGet', { kind: 'exact' }],
  ] as const)('parses %j', (target, expected) => {
    expect(parseChaosTarget(target)).toMatchObject(expected)
  })

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['api/v1', /must start with "\/"/],
    ['*', /must start with "\/"/],
    ['GET', /names a method but no path; use "GET \/\*\*"/],
    ['FETCH /api', /"FETCH", which is not an HTTP method/],
    ['GET POST /api', /no spaces inside the path/],
    ['/api/my wallet', /no spaces inside the path/],
    ['GET api', /must start with "\/"/],
    ['/api?x=1', /without a query string/],
    ['/api#top', /without a query string or fragment/],
    ['/api//wallet', /empty segment/],
    ['/api/**wallet', /"\*\*" must be a whole segment/],
    ['/api/***', /"\*\*" must be a whole segment/],
    ['/users/:id', /write a path parameter as "\*"/],
    ['/users/{id}', /write a path parameter as "\*"/],
    [`/${'a'.repeat(1024)}`, /at most 1024 characters/],
  ])('rejects %j: %s', (target, problem) => {
    expect(parseChaosTarget(target)).toBeNull()
    expect(chaosTargetProblem(target)).toMatch(problem)
  })

  it('explains nothing for a valid target', () => {
    expect(chaosTargetProblem('GET /api/**')).toBeUndefined()
  })

  it('rejects a non-string target instead of throwing', () => {
    expect(parseChaosTarget(42 as unknown as string)).toBeNull()
    expect(parseChaosTarget(undefined as unknown as string)).toBeNull()
  })
})

describe('compileChaosTarget', () => {
  it('matches every request when there is no target', () => {
    for (const target of [null, undefined]) {
      expect(matches(target, 'GET', '/')).toBe(true)
      expect(matches(target, 'DELETE', '/anything/at/all?x=1')).toBe(true)
    }
  })

  it('matches nothing for an invalid target, so a bad rule injects nowhere', () => {
    for (const target of ['', 'api', 'FETCH /api', '/a//b']) {
      expect(matches(target, 'GET', '/api')).toBe(false)
      expect(matches(target, 'GET', '/')).toBe(false)
    }
  })

  it.each<[string, string, string, boolean]>([
    // exact paths: trailing slash and query ignored, nothing more or less
    ['/api/v1/wallet', 'GET', '/api/v1/wallet', true],
    ['/api/v1/wallet', 'GET', '/api/v1/wallet/', true],
    ['/api/v1/wallet', 'GET', '/api/v1/wallet?currency=eur', true],
    ['/api/v1/wallet', 'GET', '/api/v1/wallet/?currency=eur', true],
    ['/api/v1/wallet', 'GET', '/api/v1/wallet#x', true],
    ['/api/v1/wallet/', 'GET', '/api/v1/wallet', true],
    ['/api/v1/wallet', 'GET', '/api/v1/wallet/balance', false],
    ['/api/v1/wallet', 'GET', '/api/v1/wallets', false],
    ['/api/v1/wallet', 'GET', '/api/v1', false],
    ['/api/v1/wallet', 'GET', '/API/v1/wallet', false],
    ['/api/v1/wallet', 'GET', '/x/api/v1/wallet', false],
    ['/', 'GET', '/', true],
    ['/', 'GET', '/?a=b', true],
    ['/', 'GET', '', true],
    ['/', 'GET', '/a', false],
    // methods: case-insensitive, `*` and none mean any
    ['GET /api', 'GET', '/api', true],
    ['GET /api', 'get', '/api', true],
    ['get /api', 'GET', '/api', true],
    ['GET /api', 'POST', '/api', false],
    ['GET /api', 'HEAD', '/api', false],
    ['* /api', 'PATCH', '/api', true],
    ['/api', 'OPTIONS', '/api', true],
    // `**`: the path and everything under it
    ['/api/v1/wallet/**', 'GET', '/api/v1/wallet', true],
    ['/api/v1/wallet/**', 'GET', '/api/v1/wallet/', true],
    ['/api/v1/wallet/**', 'GET', '/api/v1/wallet/42', true],
    ['/api/v1/wallet/**', 'GET', '/api/v1/wallet/42/transactions/7?x=1', true],
    ['/api/v1/wallet/**', 'GET', '/api/v1/wallets', false],
    ['/api/v1/wallet/**', 'GET', '/api/v1/walle', false],
    ['/api/v1/wallet/**', 'GET', '/api/v1', false],
    ['POST /api/v1/wallet/**', 'GET', '/api/v1/wallet/42', false],
    ['POST /api/v1/wallet/**', 'POST', '/api/v1/wallet/42', true],
    ['/**', 'GET', '/', true],
    ['/**', 'GET', '/a/b/c', true],
    ['GET /**', 'POST', '/a', false],
    // `*`: exactly one segment
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet/42', true],
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet/42/', true],
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet/42?x=y', true],
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet', false],
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet/', false],
    ['/api/v1/wallet/*', 'GET', '/api/v1/wallet/42/transactions', false],
    ['/users/*/orders', 'GET', '/users/7/orders', true],
    ['/users/*/orders', 'GET', '/users/7/8/orders', false],
    ['/users/*/orders', 'GET', '/users/orders', false],
    ['/*', 'GET', '/', false],
    ['/*', 'GET', '/a', true],
    // `*` inside a segment
    ['/api/v*/users', 'GET', '/api/v1/users', true],
    ['/api/v*/users', 'GET', '/api/v/users', true],
    ['/api/v*/users', 'GET', '/api/x1/users', false],
    ['/api/v*/users', 'GET', '/api/v1/v2/users', false],
    ['/files/*.json', 'GET', '/files/report.json', true],
    ['/files/*.json', 'GET', '/files/.json', true],
    ['/files/*.json', 'GET', '/files/report.json.bak', false],
    ['/files/*.json', 'GET', '/files/dir/report.json', false],
    ['/a/x*y*z', 'GET', '/a/xyz', true],
    ['/a/x*y*z', 'GET', '/a/x-y-z', true],
    ['/a/x*y*z', 'GET', '/a/xzy', false],
    ['/a/ab*ba', 'GET', '/a/aba', false],
    ['/a/ab*ba', 'GET', '/a/abba', true],
    // `**` in the middle, and several of them
    ['/api/**/health', 'GET', '/api/health', true],
    ['/api/**/health', 'GET', '/api/v1/health', true],
    ['/api/**/health', 'GET', '/api/v1/internal/health', true],
    ['/api/**/health', 'GET', '/api/v1/health/deep', false],
    ['/api/**/health', 'GET', '/health', false],
    ['/**/health', 'GET', '/health', true],
    ['/**/health', 'GET', '/a/b/health', true],
    ['/**/*.json', 'GET', '/a/b/c.json', true],
    ['/**/*.json', 'GET', '/c.json', true],
    ['/**/*.json', 'GET', '/a/b/c.xml', false],
    ['/a/**/b/**/c', 'GET', '/a/b/c', true],
    ['/a/**/b/**/c', 'GET', '/a/x/b/y/z/c', true],
    ['/a/**/b/**/c', 'GET', '/a/x/b/y/z/c/d', false],
    ['/a/**/b/**/c', 'GET', '/a/x/y/c', false],
    ['/a/**/**', 'GET', '/a', true],
    ['/a/**/**', 'GET', '/a/b/c', true],
    ['/a/*/**', 'GET', '/a', false],
    ['/a/*/**', 'GET', '/a/b', true],
    ['/a/*/**', 'GET', '/a/b/c/d', true],
    // paths that are not origin-form never match a glob or an exact path
    ['/*', 'OPTIONS', '*', false],
    ['/a', 'GET', 'a', false],
  ])('%s matches %s %s: %s', (target, method, path, expected) => {
    expect(matches(target, method, path)).toBe(expected)
  })

  it('agrees with a naive recursive matcher on random patterns and paths', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', 'ba', 'x')
    const patternSegment = fc.constantFrom('a', 'b', 'ab', '*', '**', 'a*', '*b', 'a*b')
    fc.assert(
      fc.property(fc.array(patternSegment, { maxLength: 5 }), fc.array(segment, { maxLength: 6 }), fc.boolean(), (pattern, path, trailing) => {
        const target = `/${pattern.join('/')}`
        const request = `/${path.join('/')}${trailing && path.length > 0 ? '/' : ''}`
        expect(matches(target, 'GET', request)).toBe(naive(pattern, path))
      }),
      { numRuns: 3_000 },
    )
  })
})

/** A lone `*` is one non-empty segment; inside a segment `*` is any run of characters. */
function naiveSegment(pattern: string, segment: string): boolean {
  return pattern === '*' ? segment.length > 0 : globChars(pattern, segment)
}

function globChars(pattern: string, text: string): boolean {
  if (pattern === '') return text === ''
  if (pattern[0] === '*') {
    for (let i = 0; i <= text.length; i++) if (globChars(pattern.slice(1), text.slice(i))) return true
    return false
  }
  return text[0] === pattern[0] && globChars(pattern.slice(1), text.slice(1))
}

function naive(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0
  const [first, ...rest] = pattern as [string, ...string[]]
  if (first === '**') return path.some((_, i) => naive(rest, path.slice(i))) || naive(rest, [])
  return path.length > 0 && naiveSegment(first, path[0]!) && naive(rest, path.slice(1))
}
