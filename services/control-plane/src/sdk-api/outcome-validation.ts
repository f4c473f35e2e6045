/**
 * What an outcome item must satisfy beyond its JSON Schema: bounds that relate one field to
 * another, which a schema cannot state. They keep every sum the database adds far inside the
 * range of its columns, so no batch can push a counter out of range and break the canary.
 * Messages name the field the way schema errors do.
 */
import { isSketchIndex, MAX_LATENCY_MS, sketchCount } from '@sluice/core'
import { BadRequestError } from '../errors.js'
import type { OutcomesInput } from './sdk-schemas.js'

type OutcomeItem = OutcomesInput['items'][number]

function checkItem(item: OutcomeItem, field: string): void {
  if (item.errors > item.requests) throw new BadRequestError(`${field}.errors: must not exceed requests (${item.requests}), got ${item.errors}`)
  const maxLatencySum = item.requests * MAX_LATENCY_MS
  if (item.latencyMsSum > maxLatencySum) {
    throw new BadRequestError(`${field}.latencyMsSum: must be at most requests × ${MAX_LATENCY_MS} ms (${maxLatencySum}), got ${item.latencyMsSum}`)
  }
  const bucketed = item.latencyBuckets?.reduce((sum, n) => sum + n, 0) ?? 0
  if (bucketed > item.requests) throw new BadRequestError(`${field}.latencyBuckets: must count at most requests (${item.requests}), got ${bucketed}`)
  if (item.latencySketch === undefined) return
  // The schema bounds the key's digits; only the sketch knows which indices a latency can reach.
  const outside = Object.keys(item.latencySketch).find((key) => !isSketchIndex(key))
  if (outside !== undefined) throw new BadRequestError(`${field}.latencySketch: has bucket ${outside}, which no latency from 0 to ${MAX_LATENCY_MS} ms maps to`)
  const sketched = sketchCount(item.latencySketch)
  if (sketched + bucketed > item.requests) {
    throw new BadRequestError(`${field}.latencySketch: ${bucketed > 0 ? 'with latencyBuckets, ' : ''}must count at most requests (${item.requests}), got ${sketched + bucketed}`)
  }
}

/** Throws a 400 naming the first problem. */
export function checkOutcomeItems(items: readonly OutcomeItem[]): void {
  items.forEach((item, i) => checkItem(item, `items[${i}]`))
}
