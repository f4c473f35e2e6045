/**
 * Variant assignment for `rules` flags, Unleash's `selectVariantDefinition` step for step:
 * a set whose weights sum to 0 assigns nothing (so the flag's own variants, or none, apply);
 * else an override naming the context's userId wins (the first variant listing it); else the
 * target `murmurhash3_x86_32("<groupId>:<seed>", 86028157) % totalWeight + 1` picks the first
 * variant whose cumulative weight reaches it, skipping weight-0 variants. The seed is the
 * first variant's stickiness (else the rule's): `default` reads userId, else sessionId, else
 * ip; another name reads that attribute; a context without it gets a random draw, as Unleash's
 * `randomString()` does.
 *
 * Every possible answer is built up front, per rule, so picking allocates nothing.
 */
import { attributeReader, textOf } from './attributes.js'
import { VARIANT_SEED } from './bucketing.js'
import { variantStickiness } from './context.js'
import type { CheckedVariant } from './flag-rules.js'
import { hashPrefix, hashWithPrefix } from './murmurhash3.js'
import { frozenPayload } from './results.js'
import type { VariantResult } from './types.js'

/** Picks the index of a variant of a set for a context, or -1 for none. */
export type VariantIndexPicker = (ctx: unknown) => number

export interface VariantSet {
  readonly variants: readonly CheckedVariant[]
  /** The frozen VariantResult of each variant, by index. */
  readonly results: readonly VariantResult[]
  readonly pick: VariantIndexPicker
}

/** The first variant's stickiness, else `fallback`; undefined means `default`. */
export function variantSetStickiness(variants: readonly CheckedVariant[], fallback: string | undefined): string | undefined {
  const first = variants[0]?.stickiness || fallback
  return first === 'default' ? undefined : first
}

/** Undefined when the set's weights sum to 0 (or it is empty): it assigns nothing. */
export function compileVariantSet(
  variants: readonly CheckedVariant[],
  groupId: string,
  stickiness: string | undefined,
): VariantSet | undefined {
  let totalWeight = 0
  for (const v of variants) totalWeight += v.weight
  if (totalWeight <= 0) return undefined

  const results = variants.map((v) =>
    Object.freeze(v.hasPayload ? { key: v.key, payload: frozenPayload(v.payload) } : { key: v.key }),
  )
  const overrides = new Map<string, number>()
  variants.forEach((v, i) => {
    for (const userId of v.overrideUserIds) if (!overrides.has(userId)) overrides.set(userId, i)
  })
  const hasOverrides = overrides.size > 0
  const indexes: number[] = []
  const cumulative: number[] = []
  let sum = 0
  variants.forEach((v, i) => {
    if (v.weight === 0) return
    sum += v.weight
    indexes.push(i)
    cumulative.push(sum)
  })
  const count = indexes.length
  const prefix = hashPrefix(`${groupId}:`, VARIANT_SEED)
  // 'random' names no context field: Unleash reads a field of that name, finds none and draws.
  const named = stickiness !== undefined
  const readStickiness = stickiness === undefined || stickiness === 'random' ? undefined : attributeReader(stickiness)
  const readUserId = attributeReader('userId')

  const pick: VariantIndexPicker = (ctx) => {
    if (hasOverrides) {
      const userId = textOf(readUserId(ctx))
      const override = userId === undefined ? undefined : overrides.get(userId)
      if (override !== undefined) return override
    }
    const value = named ? (readStickiness === undefined ? undefined : textOf(readStickiness(ctx)) || undefined) : variantStickiness(ctx)
    const target = value === undefined ? Math.floor(Math.random() * totalWeight) + 1 : (hashWithPrefix(prefix, value) % totalWeight) + 1
    for (let i = 0; i < count; i++) if (cumulative[i]! >= target) return indexes[i]!
    return -1
  }
  return { variants, results, pick }
}
