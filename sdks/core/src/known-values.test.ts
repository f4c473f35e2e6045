/**
 * Buckets and variant assignments computed by the reference implementations (`murmurhash3js`
 * and the real `unleash-client`, bootstrapped offline) and committed as literal numbers, so a
 * change to our hashing cannot slip through. Regenerate or extend with
 * `npx tsx src/test-support/generate-known-values.ts`, which also checks that unleash-client
 * turns each user on at exactly its bucket and off one percent below.
 */
import { describe, expect, it } from 'vitest'
import { bucketOf, fineBucketOf, variantTargetOf } from './bucketing.js'
import { evaluate } from './evaluate.js'
import { murmurhash3_x86_32 } from './murmurhash3.js'
import type { FlagRules } from './types.js'

// [groupId, userId, murmurhash3js hash with seed 0, bucket 1..100, fine bucket 1..10000]
// 30 pairs: 13 with a non-ASCII id (Latin, CJK, an emoji's surrogate pair), 6 in a non-ASCII group.
const KNOWN_BUCKETS: Array<[string, string, number, number, number]> = [
  ['checkout-redesign', 'user-1', 2233338305, 6, 584],
  ['checkout-redesign', 'alice@example.com', 2880034100, 1, 42],
  ['checkout-redesign', '123456', 2603865965, 66, 6560],
  ['checkout-redesign', 'José', 1204249890, 91, 9099],
  ['checkout-redesign', 'ユーザー42', 3981804955, 56, 5550],
  ['checkout-redesign', 'Ωmega', 737602873, 74, 7329],
  ['new-search', 'user-42', 3241916093, 94, 9361],
  ['new-search', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 1374812228, 29, 2823],
  ['new-search', 'a', 2673174016, 17, 1641],
  ['new-search', 'Łukasz', 3921442743, 44, 4328],
  ['new-search', '😀-smile', 2025782369, 70, 6924],
  ['new-search', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 991365108, 9, 852],
  ['pricing.v2', 'user-1', 3866322491, 92, 9125],
  ['pricing.v2', 'alice@example.com', 2116643439, 40, 3935],
  ['pricing.v2', '123456', 1779999019, 20, 1991],
  ['pricing.v2', 'José', 3288137893, 94, 9379],
  ['pricing.v2', 'ユーザー42', 4192076769, 70, 6968],
  ['pricing.v2', 'Ωmega', 2133572634, 35, 3427],
  ['dark_mode', 'user-42', 1967966509, 10, 966],
  ['dark_mode', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 1835221351, 52, 5114],
  ['dark_mode', 'a', 2876683001, 2, 131],
  ['dark_mode', 'Łukasz', 1381606029, 30, 2961],
  ['dark_mode', '😀-smile', 1763177923, 24, 2380],
  ['dark_mode', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 4109405130, 31, 3052],
  ['gruppe-ü', 'user-1', 2259880447, 48, 4705],
  ['gruppe-ü', 'alice@example.com', 2156805146, 47, 4652],
  ['gruppe-ü', '123456', 1023599383, 84, 8394],
  ['gruppe-ü', 'José', 134657000, 1, 71],
  ['gruppe-ü', 'ユーザー42', 48329197, 98, 9792],
  ['gruppe-ü', 'Ωmega', 1254158204, 5, 483],
]

// Unleash's weights are out of 1000; "retired" has weight 0 and must never be picked.
const TABLE_VARIANTS = [
  { key: 'control', weight: 334 },
  { key: 'retired', weight: 0 },
  { key: 'blue', weight: 333 },
  { key: 'green', weight: 333 },
]

// [groupId, userId, variant target 1..1000, the variant unleash-client assigned]; every
// variant with weight is assigned somewhere in the table.
const KNOWN_VARIANTS: Array<[string, string, number, string]> = [
  ['checkout-redesign', 'user-1', 210, 'control'],
  ['checkout-redesign', 'user-42', 868, 'green'],
  ['checkout-redesign', 'alice@example.com', 386, 'blue'],
  ['checkout-redesign', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 482, 'blue'],
  ['checkout-redesign', '123456', 345, 'blue'],
  ['checkout-redesign', 'a', 855, 'green'],
  ['checkout-redesign', 'José', 608, 'blue'],
  ['checkout-redesign', 'Łukasz', 227, 'control'],
  ['checkout-redesign', 'ユーザー42', 482, 'blue'],
  ['checkout-redesign', '😀-smile', 944, 'green'],
  ['checkout-redesign', 'Ωmega', 184, 'control'],
  ['checkout-redesign', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 941, 'green'],
  ['new-search', 'user-1', 209, 'control'],
  ['new-search', 'user-42', 558, 'blue'],
  ['new-search', 'alice@example.com', 844, 'green'],
  ['new-search', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 606, 'blue'],
  ['new-search', '123456', 854, 'green'],
  ['new-search', 'a', 326, 'control'],
  ['new-search', 'José', 343, 'blue'],
  ['new-search', 'Łukasz', 368, 'blue'],
  ['new-search', 'ユーザー42', 567, 'blue'],
  ['new-search', '😀-smile', 980, 'green'],
  ['new-search', 'Ωmega', 37, 'control'],
  ['new-search', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 773, 'green'],
  ['pricing.v2', 'user-1', 349, 'blue'],
  ['pricing.v2', 'user-42', 777, 'green'],
  ['pricing.v2', 'alice@example.com', 849, 'green'],
  ['pricing.v2', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 118, 'control'],
  ['pricing.v2', '123456', 843, 'green'],
  ['pricing.v2', 'a', 592, 'blue'],
  ['pricing.v2', 'José', 748, 'green'],
  ['pricing.v2', 'Łukasz', 651, 'blue'],
  ['pricing.v2', 'ユーザー42', 620, 'blue'],
  ['pricing.v2', '😀-smile', 868, 'green'],
  ['pricing.v2', 'Ωmega', 68, 'control'],
  ['pricing.v2', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 333, 'control'],
  ['dark_mode', 'user-1', 476, 'blue'],
  ['dark_mode', 'user-42', 345, 'blue'],
  ['dark_mode', 'alice@example.com', 102, 'control'],
  ['dark_mode', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 437, 'blue'],
  ['dark_mode', '123456', 645, 'blue'],
  ['dark_mode', 'a', 255, 'control'],
  ['dark_mode', 'José', 493, 'blue'],
  ['dark_mode', 'Łukasz', 160, 'control'],
  ['dark_mode', 'ユーザー42', 167, 'control'],
  ['dark_mode', '😀-smile', 614, 'blue'],
  ['dark_mode', 'Ωmega', 530, 'blue'],
  ['dark_mode', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 18, 'control'],
  ['gruppe-ü', 'user-1', 795, 'green'],
  ['gruppe-ü', 'user-42', 258, 'control'],
  ['gruppe-ü', 'alice@example.com', 402, 'blue'],
  ['gruppe-ü', '7f3c9a4e-2b1d-4c8e-9f6a-1e2d3c4b5a69', 322, 'control'],
  ['gruppe-ü', '123456', 201, 'control'],
  ['gruppe-ü', 'a', 979, 'green'],
  ['gruppe-ü', 'José', 690, 'green'],
  ['gruppe-ü', 'Łukasz', 306, 'control'],
  ['gruppe-ü', 'ユーザー42', 113, 'control'],
  ['gruppe-ü', '😀-smile', 337, 'blue'],
  ['gruppe-ü', 'Ωmega', 5, 'control'],
  ['gruppe-ü', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 50, 'control'],
]

function rollout(groupId: string, percentage: number): FlagRules {
  return { key: `flag-${groupId}`, groupId, type: 'percentage', enabled: true, percentage }
}

describe('buckets match murmurhash3js and unleash-client', () => {
  it.each(KNOWN_BUCKETS)('%s:%s hashes to %i, bucket %i, fine bucket %i', (groupId, userId, hash, bucket, fine) => {
    expect(murmurhash3_x86_32(`${groupId}:${userId}`, 0)).toBe(hash)
    expect(bucketOf(groupId, userId)).toBe(bucket)
    expect(fineBucketOf(groupId, userId)).toBe(fine)
  })

  it.each(KNOWN_BUCKETS)('%s:%s is on from its bucket up and off below, as in unleash-client', (groupId, userId, _hash, bucket) => {
    expect(evaluate(rollout(groupId, bucket), { userId })).toEqual({ enabled: true, reason: 'rollout' })
    expect(evaluate(rollout(groupId, bucket - 1), { userId })).toEqual({ enabled: false, reason: 'out_of_rollout' })
  })

  it.each(KNOWN_BUCKETS)('%s:%s is on from its fine bucket up at two decimals', (groupId, userId, _hash, _bucket, fine) => {
    expect(evaluate(rollout(groupId, fine / 100), { userId }).enabled).toBe(true)
    expect(evaluate(rollout(groupId, (fine - 1) / 100), { userId }).enabled).toBe(false)
  })
})

describe('variant assignments match unleash-client', () => {
  it.each(KNOWN_VARIANTS)('%s:%s has target %i and gets %s', (groupId, userId, target, key) => {
    expect(variantTargetOf(groupId, userId, 1000)).toBe(target)
    const flag: FlagRules = { key: groupId, type: 'boolean', enabled: true, variants: TABLE_VARIANTS }
    expect(evaluate(flag, { userId }).variant?.key).toBe(key)
  })
})
