/**
 * Whether two versions of an entity hold the same content, whatever the order of their
 * object keys: jsonb hands objects back in its own key order and clients send theirs, so a
 * byte comparison would bump a version, and write history, audit and a stream event, for an
 * edit that changed nothing. Array order is content (variants, rules), so it counts.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** JSON with every object's keys sorted; `undefined` fields drop out as JSON.stringify drops them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  )
}
