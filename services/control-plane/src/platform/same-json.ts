/**
 * Whether two JSON values are equal whatever the order of their objects' keys. Values read back
 * from a jsonb column come with their keys in Postgres's order (by length, then bytes), not in
 * the order they were written, so "did this edit change anything?" cannot compare JSON text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, sortedKeys) === JSON.stringify(b, sortedKeys)
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
