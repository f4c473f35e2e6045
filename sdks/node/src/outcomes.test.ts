/** The outcome aggregator alone: counting, sealing, the bounded buffer. */
import { MAX_ITEM_REQUESTS, MAX_LATENCY_MS, sketchCount, sketchIndexOf, sketchQuantile } from '@sluice/core'
import { describe, expect, it } from 'vitest'
import { OutcomeAggregator, type OutcomeItem } from './outcomes.js'

function itemsOf(aggregator: OutcomeAggregator): OutcomeItem[] {
  aggregator.seal()
  return aggregator.entries().map((entry) => entry.item)
}

describe('OutcomeAggregator', () => {
  it('counts requests, errors, latency sum and latency sketch per flag and side', () => {
    const aggregator = new OutcomeAggregator(100)
    aggregator.add('pay', 'c1', true, true, 3)
    aggregator.add('pay', 'c1', true, false, 40)
    aggregator.add('pay', 'c1', true, true, 20_000)
    aggregator.add('pay', 'c1', false, true, 7)

    const items = itemsOf(aggregator)
    const canary = items.find((item) => item.side === 'canary')!
    const sketch = Object.fromEntries([3, 40, 20_000].map((ms) => [String(sketchIndexOf(ms)), 1]))
    expect(canary).toEqual({ flagKey: 'pay', side: 'canary', requests: 3, errors: 1, latencyMsSum: 20_043, latencySketch: sketch, canaryId: 'c1' })
    expect(sketchQuantile(canary.latencySketch, 0.5)).toBeCloseTo(40, -0.5)
    const baseline = items.find((item) => item.side === 'baseline')!
    expect(baseline).toMatchObject({ requests: 1, errors: 0, latencyMsSum: 7 })
    expect(aggregator.pendingRequests).toBe(4)
  })

  it('counts a latency beyond an hour as an hour, so the service takes the batch it rides in', () => {
    const aggregator = new OutcomeAggregator(100)
    aggregator.add('pay', 'c1', true, true, 1e308)
    aggregator.add('pay', 'c1', true, true, 1e308)
    aggregator.add('pay', 'c1', true, true, 5)
    const [item] = itemsOf(aggregator)
    expect(item).toMatchObject({ requests: 3, latencyMsSum: 2 * MAX_LATENCY_MS + 5 })
    expect(item!.latencySketch[sketchIndexOf(MAX_LATENCY_MS)]).toBe(2)
    expect(sketchCount(item!.latencySketch)).toBe(3)
  })

  it('merges what failed to send with what came after, per flag, side and canary', () => {
    const aggregator = new OutcomeAggregator(100)
    aggregator.add('pay', 'c1', true, true, 1)
    aggregator.seal()
    aggregator.add('pay', 'c1', true, false, 2)
    aggregator.add('search', 'c9', false, true, 1)
    const items = itemsOf(aggregator)
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ flagKey: 'pay', side: 'canary', requests: 2, errors: 1, latencyMsSum: 3 })
    expect(items[1]).toMatchObject({ flagKey: 'search', side: 'baseline', requests: 1 })
  })

  it('keeps the counts of an earlier canary of the same flag apart', () => {
    const aggregator = new OutcomeAggregator(100)
    aggregator.add('pay', 'old', true, true, 1)
    aggregator.add('pay', 'new', true, true, 1)
    aggregator.add('pay', 'new', true, true, 1)
    expect(itemsOf(aggregator).map((item) => [item.canaryId, item.requests])).toEqual([
      ['old', 1],
      ['new', 2],
    ])
  })

  it('holds at most maxEntries entries, dropping the oldest and counting what they held', () => {
    const aggregator = new OutcomeAggregator(3)
    for (let round = 0; round < 5; round++) {
      aggregator.add(`flag${round}`, 'c', true, true, 1)
      aggregator.add(`flag${round}`, 'c', true, true, 1)
    }
    const dropped = aggregator.seal()
    expect(dropped).toEqual({ entries: 2, requests: 4 })
    expect(aggregator.entries().map((entry) => entry.item.flagKey)).toEqual(['flag2', 'flag3', 'flag4'])
    expect(aggregator.droppedRequests).toBe(4)
    expect(aggregator.pendingRequests).toBe(6)
  })

  it('stays bounded by the number of flags however long nothing is delivered', () => {
    const aggregator = new OutcomeAggregator(10_000)
    for (let second = 0; second < 1000; second++) {
      for (let i = 0; i < 20; i++) aggregator.add('pay', 'c', i % 2 === 0, i % 7 !== 0, i)
      aggregator.seal()
    }
    expect(aggregator.pendingEntries).toBe(2)
    expect(aggregator.pendingRequests).toBe(20_000)
    expect(aggregator.droppedRequests).toBe(0)
  })

  it('settles accepted and dropped entries, and ignores ones already settled', () => {
    const aggregator = new OutcomeAggregator(10)
    aggregator.add('a', 'c', true, true, 1)
    aggregator.add('b', 'c', true, true, 1)
    aggregator.seal()
    const [a, b] = aggregator.entries()
    expect(aggregator.accepted([a!])).toBe(1)
    expect(aggregator.accepted([a!])).toBe(0)
    expect(aggregator.drop([b!])).toBe(1)
    expect(aggregator.pendingRequests).toBe(0)
    expect(aggregator.droppedRequests).toBe(1)
    // A later count for a settled key starts a fresh entry.
    aggregator.add('a', 'c', true, true, 1)
    expect(itemsOf(aggregator)).toMatchObject([{ flagKey: 'a', requests: 1 }])
  })

  it('never lets one item carry more requests than the service takes', () => {
    const aggregator = new OutcomeAggregator(10)
    const big = (requests: number): void => {
      aggregator.add('pay', 'c', true, true, 1)
      aggregator.seal()
      // Stand in for a long outage: bump the single pending item directly.
      const entry = aggregator.entries().at(-1)!
      entry.item.requests += requests - 1
      aggregator.pendingRequests += requests - 1
    }
    big(MAX_ITEM_REQUESTS - 5)
    for (let i = 0; i < 10; i++) aggregator.add('pay', 'c', true, true, 1)
    const items = itemsOf(aggregator)
    expect(items.map((item) => item.requests)).toEqual([MAX_ITEM_REQUESTS - 5, 10])
    expect(items.every((item) => item.requests <= MAX_ITEM_REQUESTS)).toBe(true)
  })
})
