import { describe, expect, it } from 'vitest'
import { compileRegex, regexProblem } from './regex.js'

const matches = (pattern: string, s: string, caseInsensitive = false) => compileRegex(pattern, caseInsensitive)?.test(s)

describe('RE2 patterns', () => {
  it('match anywhere in the value, as RE2 find() does', () => {
    expect(matches('pro', 'a pro plan')).toBe(true)
    expect(matches('^pro$', 'a pro plan')).toBe(false)
  })

  it('take POSIX classes, inline flags at the start, \\Q..\\E, \\A and \\z', () => {
    expect(matches('^[[:alpha:]]+$', 'AlphaBeta')).toBe(true)
    expect(matches('^[[:alpha:]]+$', 'Alpha1')).toBe(false)
    expect(matches('^(?i)abc$', 'AbC')).toBe(true)
    expect(matches('(?m)^foo$', 'x\nfoo\ny')).toBe(true)
    expect(matches('^(?s)a.b$', 'a\nb')).toBe(true)
    expect(matches('^\\Qa.b\\E$', 'a.b')).toBe(true)
    expect(matches('^\\Qa.b\\E$', 'axb')).toBe(false)
    expect(matches('\\Afoo\\z', 'foo')).toBe(true)
    expect(matches('\\Afoo\\z', 'foo\n')).toBe(false)
    expect(matches('(?P<word>\\w+)@', 'me@x')).toBe(true)
    expect(matches('a{', 'a{')).toBe(true)
    expect(matches('\\@', 'me@x')).toBe(true)
  })

  it('match whole characters, not UTF-16 halves', () => {
    expect(matches('^.$', '😀')).toBe(true)
  })

  it('refuse what RE2 refuses: lookaround and backreferences', () => {
    for (const pattern of ['^(?=a)b$', '(?!a)', '(?<=a)b', '(?<!a)b', '^(a)\\1$', '(?P<x>a)(?P=x)', '\\k<x>']) {
      expect(compileRegex(pattern, false), pattern).toBeUndefined()
      expect(regexProblem(pattern), pattern).toMatch(/RE2 syntax does not allow/)
    }
    expect(regexProblem('(regex')).toMatch(/Unterminated group/)
    expect(regexProblem('^a+$')).toBeUndefined()
  })

  it('refuse nested unbounded quantifiers, which backtrack exponentially outside RE2', () => {
    for (const pattern of ['(a+)+$', '(a*)*', '(?:a|b+)*', '((a+)b)+', '(\\w+\\s?)+$', '(a{2,})+']) {
      expect(compileRegex(pattern, false), pattern).toBeUndefined()
      expect(regexProblem(pattern), pattern).toMatch(/nested unbounded quantifiers/)
    }
    for (const pattern of ['(a+)?b', '(ab)+', '(a+)\\d+', '(a+)[x]+', '(a+){2}', 'a+b+', '^(foo|fo)$', '^(ab)?c$']) {
      expect(compileRegex(pattern, false), pattern).toBeDefined()
    }
  })

  it('refuse inline flags after other text, which RegExp cannot scope', () => {
    expect(compileRegex('ab(?i)c', false)).toBeUndefined()
    expect(compileRegex('^(?m)foo', false)).toBeUndefined()
  })
})
