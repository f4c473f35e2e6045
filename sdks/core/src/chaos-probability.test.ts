import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shouldInject } from './chaos-probability.js'

const lowest = () => 0
const highest = () => 1 - Number.EPSILON
/** The middle of the k-th of 10 000 equal slices of [0, 1), clear of float rounding at the edges. */
const slice = (k: number) => () => (k + 0.5) / 10_000

describe('shouldInject', () => {
  it('never injects at 0, whatever the draw', () => {
    expect(shouldInject(0, lowest)).toBe(false)
    expect(shouldInject(0, highest)).toBe(false)
  })

  it('always injects at 100, whatever the draw', () => {
    expect(shouldInject(100, lowest)).toBe(true)
    expect(shouldInject(100, highest)).toBe(true)
  })

  it('never injects for a negative or non-numeric probability', () => {
    for (const p of [-1, Number.NaN, -0.01]) expect(shouldInject(p, lowest)).toBe(false)
  })

  it('resolves 0.01%: at 0.01 exactly the lowest of 10 000 draws injects', () => {
    expect(shouldInject(0.01, slice(0))).toBe(true)
    expect(shouldInject(0.01, slice(1))).toBe(false)
  })

  it('puts the boundary exactly at the probability, without float drift', () => {
    // 0.29 * 100 is 28.999999999999996 in floating point; the threshold must still be 29.
    expect(shouldInject(0.29, slice(28))).toBe(true)
    expect(shouldInject(0.29, slice(29))).toBe(false)
    expect(shouldInject(50, slice(4_999))).toBe(true)
    expect(shouldInject(50, slice(5_000))).toBe(false)
    expect(shouldInject(99.99, slice(9_998))).toBe(true)
    expect(shouldInject(99.99, slice(9_999))).toBe(false)
  })

  it('injects in exactly probability × 100 of 10 000 evenly spaced draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => {
        const probability = hundredths / 100
        let hits = 0
        for (let i = 0; i < 10_000; i++) if (shouldInject(probability, slice(i))) hits++
        expect(hits).toBe(hundredths)
      }),
      { numRuns: 60 },
    )
  })

  it('uses Math.random by default and lands near the probability', () => {
    let hits = 0
    for (let i = 0; i < 20_000; i++) if (shouldInject(25)) hits++
    expect(hits / 20_000).toBeGreaterThan(0.23)
    expect(hits / 20_000).toBeLessThan(0.27)
  })
})
