/**
 * How a constraint or a rule's stickiness reads a context attribute, as Unleash's
 * `resolveContextValue` does: the top-level field of that name (`userId`, `sessionId`,
 * `appName`, `environment`, `currentTime`; `ip` and its Unleash name `remoteAddress` both read
 * `ip`), else `attributes[name]`; a string as it is (even empty), a number, boolean or bigint
 * as its text, anything else absent. The date operators read times through `timeOf`.
 */

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}

function fromAttributes(c: Record<string, unknown>, name: string): unknown {
  const attributes = c.attributes
  if (attributes === null || typeof attributes !== 'object') return undefined
  // Inherited names (`toString`, `__proto__`) read functions and objects, which count as absent.
  return (attributes as Record<string, unknown>)[name]
}

/** The raw value of attribute `name` in `ctx`, before any conversion. */
export function rawAttribute(ctx: unknown, name: string): unknown {
  if (ctx == null || typeof ctx !== 'object') return undefined
  const c = ctx as Record<string, unknown>
  let top: unknown
  switch (name) {
    case 'userId':
    case 'sessionId':
    case 'appName':
    case 'environment':
    case 'currentTime':
    case 'ip':
      top = c[name]
      break
    case 'remoteAddress':
      top = c.ip
      break
  }
  return top ?? fromAttributes(c, name)
}

/** Attribute `name` of `ctx` as text, or undefined when the context does not carry it. */
export function attributeText(ctx: unknown, name: string): string | undefined {
  return text(rawAttribute(ctx, name))
}

/** Attribute `name` of `ctx` as a number (`Number(text)`, as Unleash); NaN when absent or not a number. */
export function attributeNumber(ctx: unknown, name: string): number {
  const value = rawAttribute(ctx, name)
  if (typeof value === 'number') return value
  if (typeof value === 'string') return Number(value)
  if (typeof value === 'bigint') return Number(value)
  return NaN
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
 * The time a date constraint on `name` compares: for `currentTime`, the context's (when set
 * and not empty, as Unleash's `context.currentTime ? new Date(context.currentTime) : new
 * Date()`), else now; for any other attribute, that attribute as a time, NaN when absent.
 */
export function timeOf(ctx: unknown, name: string): number {
  if (name === 'currentTime') {
    const value = ctx != null && typeof ctx === 'object' ? (ctx as Record<string, unknown>).currentTime : undefined
    return value ? millis(value) : Date.now()
  }
  return millis(rawAttribute(ctx, name))
}
