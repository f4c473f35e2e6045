/** `db.execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** Rows per multi-row insert: far below Postgres's 65,535 parameters per statement for any table here. */
const ROWS_PER_INSERT = 1_000

/** `rows` in slices one multi-row insert each can take (an import writes thousands at once). */
export function insertBatches<T>(rows: readonly T[]): T[][] {
  const batches: T[][] = []
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) batches.push(rows.slice(from, from + ROWS_PER_INSERT))
  return batches
}
