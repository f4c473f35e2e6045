/**
 * Unleash-compatible bucketing (its `normalizedStrategyValue` and `normalizedVariantValue`):
 * the bucket of a context for a flag is `murmurhash3_x86_32("<groupId>:<stickinessValue>", 0)
 * % 100 + 1`, and a rollout of P% takes buckets 1..P.
 *
 * Sluice also takes percentages with two decimals. The finer bucket keeps the whole-percent
 * bucket as its high part and takes the next two decimal digits of the same hash as its low
 * part, `fine = (bucket - 1) * 100 + floor(hash / 100) % 100 + 1` in 1..10000, and a rollout
 * of P% takes fine buckets 1..round(P * 100). At a whole P that is exactly buckets 1..P, so
 * a cohort moved from Unleash stays put, and since the threshold only grows with P, ramping up
 * never turns anyone off.
 */
import { checkString, InvalidArgumentError } from './errors.js'
import { murmurhash3_x86_32 } from './murmurhash3.js'

/** Seed of the rollout hash (Unleash's STRATEGY_SEED). */
export const ROLLOUT_SEED = 0
/** Seed of the variant hash (Unleash's VARIANT_SEED). */
export const VARIANT_SEED = 86028157

/** The 1..10000 fine bucket of a rollout hash. */
export function fineBucketOfHash(hash: number): number {
  return (hash % 100) * 100 + (Math.floor(hash / 100) % 100) + 1
}

/** The largest fine bucket a rollout of `percentage` takes: 0 for 0%, 10000 for 100%. */
export function rolloutThreshold(percentage: number): number {
  return Math.round(percentage * 100)
}

/** The whole-percent bucket (1..100) of a stickiness value for a group, as Unleash computes it. */
export function bucketOf(groupId: string, stickinessValue: string): number {
  checkString('groupId', groupId)
  checkString('stickinessValue', stickinessValue)
  return (murmurhash3_x86_32(`${groupId}:${stickinessValue}`, ROLLOUT_SEED) % 100) + 1
}

/** The fine bucket (1..10000): on at `percentage` when `fineBucketOf(...) <= round(percentage * 100)`. */
export function fineBucketOf(groupId: string, stickinessValue: string): number {
  checkString('groupId', groupId)
  checkString('stickinessValue', stickinessValue)
  return fineBucketOfHash(murmurhash3_x86_32(`${groupId}:${stickinessValue}`, ROLLOUT_SEED))
}

/** Unleash's variant target (1..totalWeight): the first variant whose cumulative weight reaches it wins. */
export function variantTargetOf(groupId: string, stickinessValue: string, totalWeight: number): number {
  checkString('groupId', groupId)
  checkString('stickinessValue', stickinessValue)
  if (!Number.isSafeInteger(totalWeight) || totalWeight < 1) {
    throw new InvalidArgumentError('totalWeight', 'a positive integer', totalWeight)
  }
  return (murmurhash3_x86_32(`${groupId}:${stickinessValue}`, VARIANT_SEED) % totalWeight) + 1
}
