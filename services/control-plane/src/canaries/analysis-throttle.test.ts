import { describe, expect, it } from 'vitest'
import { AnalysisThrottle } from './analysis-throttle.js'

const silent = { error() {} } as never

/** A throttle on a clock the test moves, recording each run's canary ids. */
function throttled() {
  let now = 0
  const runs: string[][] = []
  const throttle = new AnalysisThrottle(
    async (ids) => {
      runs.push([...ids].sort())
    },
    silent,
    100,
    () => now,
  )
  return { throttle, runs, advance: (ms: number) => (now += ms) }
}

describe('AnalysisThrottle', () => {
  it('analyses a quiet canary at once, then at most once per interval however many batches arrive', async () => {
    const { throttle, runs, advance } = throttled()
    throttle.touch('a')
    await throttle.settled()
    expect(runs).toEqual([['a']])
    for (let i = 0; i < 50; i++) throttle.touch('a')
    // Within the interval nothing more runs: the 50 batches wait for one analysis.
    expect(runs).toHaveLength(1)
    advance(100)
    await throttle.settled()
    expect(runs).toEqual([['a'], ['a']])
  })

  it('analyses at once a batch that crossed a hard threshold, even inside the interval', async () => {
    const { throttle, runs, advance } = throttled()
    throttle.touch('a')
    await throttle.settled()
    advance(10)
    throttle.touch('a', true)
    await throttle.settled()
    expect(runs).toEqual([['a'], ['a']])
  })

  it('analyses the first canary at once and those touched during its run together in the next', async () => {
    const { throttle, runs } = throttled()
    throttle.touch('a')
    throttle.touch('b')
    throttle.touch('c')
    await throttle.settled()
    expect(runs).toEqual([['a'], ['b', 'c']])
  })
})
