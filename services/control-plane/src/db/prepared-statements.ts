/**
 * Prepared statements for the hot paths on Postgres. drizzle hands every query to postgres.js
 * unprepared, and postgres.js sends an unprepared statement that has parameters in two round
 * trips: Parse and Describe first, to learn the parameters' types, then Bind and Execute. A
 * statement marked with `prepared` is prepared once per connection instead; after that it
 * costs one round trip, and the server neither parses nor plans it again.
 *
 * Only for statements whose text never changes (no IN list of varying length, no optional
 * clause): postgres.js keeps each distinct text prepared for the connection's lifetime. On
 * PGlite the mark is a comment and changes nothing.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Sql } from 'postgres'

const MARK = '/* prepared */ '

export const prepared = (statement: SQL): SQL => sql`${sql.raw(MARK)}${statement}`

type Unsafe = Sql['unsafe']
type Scoped = (...args: unknown[]) => Promise<unknown>

/** The postgres.js client to give drizzle: marked statements are prepared, in transactions too. */
export function preparing<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'unsafe') return preparedUnsafe(target)
      // drizzle runs a transaction's statements on the client postgres.js hands to the callback.
      if (property === 'begin' || property === 'savepoint') return scoped(target, property)
      return Reflect.get(target, property)
    },
  })
}

function preparedUnsafe(target: Sql): Unsafe {
  return ((query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
    target.unsafe(query, parameters as never, query.startsWith(MARK) ? { ...options, prepare: true } : options)) as Unsafe
}

function scoped(target: Sql, property: 'begin' | 'savepoint'): Scoped {
  const original = Reflect.get(target, property) as Scoped
  return (...args: unknown[]) => {
    const work = args.pop() as (client: Sql) => unknown
    return original.call(target, ...args, (client: Sql) => work(preparing(client)))
  }
}
