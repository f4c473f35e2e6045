import { describe, expect, it } from 'vitest'
import { Backoff } from './backoff.js'

describe('Backoff', () => {
  it('draws below a ceiling that doubles from the base up to the cap (full jitter)', () => {
    const top = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0.999999 })
    expect(Array.from({ length: 9 }, () => top.next())).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
    const bottom = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0 })
    expect(Array.from({ length: 5 }, () => bottom.next())).toEqual([0, 0, 0, 0, 0])
  })

  it('spreads retries: real draws vary and stay within the ceiling', () => {
    const backoff = new Backoff({ baseMs: 1000, capMs: 1000 })
    const draws = Array.from({ length: 200 }, () => backoff.next())
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThanOrEqual(1000)
    expect(new Set(draws).size).toBeGreaterThan(50)
  })

  it('starts over from the base after reset', () => {
    const backoff = new Backoff({ baseMs: 100, capMs: 10_000, random: () => 0.999999 })
    backoff.next()
    backoff.next()
    expect(backoff.next()).toBe(400)
    backoff.reset()
    expect(backoff.next()).toBe(100)
  })

  it('never goes below half the ceiling with equal jitter', () => {
    const low = new Backoff({ baseMs: 60_000, capMs: 600_000, jitter: 'equal', random: () => 0 })
    expect([low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([30_000, 60_000, 120_000, 240_000, 300_000])
  })

  it('keeps the ceiling finite after very many attempts', () => {
    const backoff = new Backoff({ baseMs: 500, capMs: 30_000, random: () => 0.5 })
    for (let i = 0; i < 2000; i++) backoff.next()
    expect(backoff.next()).toBe(15_000)
  })
})
