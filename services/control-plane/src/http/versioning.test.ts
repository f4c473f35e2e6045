import { describe, expect, it } from 'vitest'
import { ifNoneMatches, parseIfMatch } from './versioning.js'

describe('If-None-Match', () => {
  it('matches the tag strongly or weakly, inside a list, and *', () => {
    for (const header of ['"3"', 'W/"3"', ' "1", W/"3" ', '*']) expect(ifNoneMatches(header, '"3"'), header).toBe(true)
  })

  it('does not match another tag, a bare number, or no header', () => {
    for (const header of ['"4"', '3', 'W/"33"', '', undefined]) expect(ifNoneMatches(header, '"3"'), String(header)).toBe(false)
  })
})

describe('If-Match', () => {
  it('reads a version from a number or an ETag, and rejects anything else', () => {
    expect(['3', '"3"', 'W/"3"'].map((h) => parseIfMatch(h, 'flag'))).toEqual([3, 3, 3])
    expect(parseIfMatch(undefined, 'flag')).toBeUndefined()
    expect(() => parseIfMatch('yesterday', 'flag')).toThrow(/if-match: must be a flag version/)
  })
})
