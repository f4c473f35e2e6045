/**
 * How a constraint or a rule's stickiness reads a context attribute, as Unleash's
 * `resolveContextValue` does: the top-level field of that name (`userId`, `sessionId`,
 * `appName`, `environment`, `currentTime`; `ip` and its Unleash name `remoteAddress` both read
 * `ip`), else `attributes[name]`; a string as it is (even empty), a number, boolean or bigint
 * as its text, anything else absent. The date operators read times through `timeReader`.
 */

/** A value as text: a string as it is, a number, boolean or bigint stringified, anything else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}

/** A value as a number (`Number(text)`, as Unleash): NaN when absent or not a number. */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value)
  return NaN
}

/** Reads one attribute from a context: the raw value, before any conversion. */
export type AttributeReader = (ctx: unknown) => unknown

/** Attribute names read from the context's top level, and the field each reads. */
const TOP_LEVEL: Record<string, string> = {
  userId: 'userId',
  sessionId: 'sessionId',
  appName: 'appName',
  environment: 'environment',
  currentTime: 'currentTime',
  ip: 'ip',
  remoteAddress: 'ip',
}

/**
 * The reader of attribute `name`, built once per constraint so that evaluating does not
 * dispatch on the name. Inherited names of `attributes` (`toString`, `__proto__`) read
 * functions and objects, which count as absent.
 */
export function attributeReader(name: string): AttributeReader {
  const field = Object.hasOwn(TOP_LEVEL, name) ? TOP_LEVEL[name] : undefined
  if (field === undefined) {
    return (ctx) => {
      if (ctx == null || typeof ctx !== 'object') return undefined
      const attributes = (ctx as { attributes?: unknown }).attributes
      return attributes !== null && typeof attributes === 'object' ? (attributes as Record<string, unknown>)[name] : undefined
    }
  }
  return (ctx) => {
    if (ctx == null || typeof ctx !== 'object') return undefined
    const top = (ctx as Record<string, unknown>)[field]
    if (top != null) return top
    const attributes = (ctx as { attributes?: unknown }).attributes
    return attributes !== null && typeof attributes === 'object' ? (attributes as Record<string, unknown>)[name] : undefined
  }
}

/**
 * Milliseconds since the epoch of a time value: a Date, an ISO 8601 (or any `Date.parse`)
 * string, or a number of milliseconds; NaN otherwise. `Date.parse` gives what `new Date(s)`
 * would, without building the Date.
 */
function millis(value: unknown): number {
  if (typeof value === 'string') return Date.parse(value)
  if (typeof value === 'number') return value
  if (value instanceof Date) return value.getTime()
  return NaN
}

/**
 * What a date constraint on `name` compares, in milliseconds: for `currentTime`, the context's
 * time (when set and not empty, as Unleash's `context.currentTime ? new Date(...) : new
 * Date()`), else now; for any other attribute, that attribute as a time, NaN when absent.
 */
export function timeReader(name: string): (ctx: unknown) => number {
  if (name === 'currentTime') {
    return (ctx) => {
      const value = ctx != null && typeof ctx === 'object' ? (ctx as Record<string, unknown>).currentTime : undefined
      return value ? millis(value) : Date.now()
    }
  }
  const read = attributeReader(name)
  return (ctx) => millis(read(ctx))
}
