import { describe, expect, it } from 'vitest'
import { sameContent } from './same-content.js'

describe('sameContent', () => {
  it('ignores the key order of objects at any depth', () => {
    const a = { name: 'x', variants: [{ key: 'a', weight: 1, payload: { b: 1, a: [{ y: 1, x: 2 }] } }] }
    const b = { variants: [{ payload: { a: [{ x: 2, y: 1 }], b: 1 }, weight: 1, key: 'a' }], name: 'x' }
    expect(sameContent(a, b)).toBe(true)
  })

  it('counts array order, values, and dates by their instant', () => {
    expect(sameContent({ v: [1, 2] }, { v: [2, 1] })).toBe(false)
    expect(sameContent({ v: 1 }, { v: '1' })).toBe(false)
    expect(sameContent({ at: new Date('2026-01-01T00:00:00Z') }, { at: new Date('2026-01-01T00:00:00.000Z') })).toBe(true)
    expect(sameContent({ a: 1, b: undefined }, { a: 1 })).toBe(true)
  })
})
