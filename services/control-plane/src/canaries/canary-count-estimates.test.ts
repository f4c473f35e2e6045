import { describe, expect, it } from 'vitest'
import { CanaryCountEstimates } from './canary-count-estimates.js'

describe('canary count estimates', () => {
  it('adds what this replica committed to what the last analysis read', () => {
    const estimates = new CanaryCountEstimates()
    expect(estimates.added('c1', { requests: 10, errors: 1 })).toEqual({ requests: 10, errors: 1 })
    estimates.analysed('c1', { requests: 500, errors: 40 })
    expect(estimates.added('c1', { requests: 5, errors: 5 })).toEqual({ requests: 505, errors: 45 })
    expect(estimates.added('c2', { requests: 1, errors: 0 })).toEqual({ requests: 1, errors: 0 })
  })

  it('forgets the canary estimated longest ago once it holds 10,000', () => {
    const estimates = new CanaryCountEstimates()
    estimates.analysed('first', { requests: 100, errors: 0 })
    for (let i = 0; i < 10_000; i++) estimates.added(`c${i}`, { requests: 1, errors: 0 })
    expect(estimates.added('first', { requests: 1, errors: 0 })).toEqual({ requests: 1, errors: 0 })
  })
})
