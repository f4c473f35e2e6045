/**
 * Reading a context without trusting it. Contexts come from application code at runtime, so
 * any field may hold anything. A string is an id as it is; a number, boolean or bigint is
 * stringified, as Unleash's `resolveContextValue` does (an attribute of 42 sticks like "42");
 * anything else (objects, symbols, null) is absent, and so is an empty string, as in Unleash
 * (`userId || sessionId`). Nothing here can throw except a hostile getter, which the
 * compiled flag catches.
 */

/** A field value usable as stickiness or as an id to look up, or undefined. */
export function idValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}

/** What a flag with stickiness `default` sticks to: userId, else sessionId (undefined: draw at random). */
export function defaultStickiness(ctx: unknown): string | undefined {
  if (ctx == null) return undefined
  const c = ctx as Record<string, unknown>
  const userId = c.userId
  if (typeof userId === 'string' && userId !== '') return userId
  return idValue(userId) ?? idValue(c.sessionId)
}

/** What variants stick to: userId, else sessionId, else ip (Unleash's userId, sessionId, remoteAddress). */
export function variantStickiness(ctx: unknown): string | undefined {
  if (ctx == null) return undefined
  const c = ctx as Record<string, unknown>
  const userId = c.userId
  if (typeof userId === 'string' && userId !== '') return userId
  return idValue(userId) ?? idValue(c.sessionId) ?? idValue(c.ip)
}

/** The context's userId as an id, or undefined. */
export function userIdOf(ctx: unknown): string | undefined {
  if (ctx == null) return undefined
  const userId = (ctx as Record<string, unknown>).userId
  return typeof userId === 'string' ? (userId === '' ? undefined : userId) : idValue(userId)
}

/** Reads a named stickiness field: `userId`, `sessionId`, `ip`, or else `attributes[name]`. */
export function namedStickiness(ctx: unknown, name: string): string | undefined {
  if (ctx == null) return undefined
  const c = ctx as Record<string, unknown>
  switch (name) {
    case 'userId':
    case 'sessionId':
    case 'ip':
      return idValue(c[name])
    default: {
      const attributes = c.attributes
      if (attributes === null || typeof attributes !== 'object') return undefined
      return idValue((attributes as Record<string, unknown>)[name])
    }
  }
}
