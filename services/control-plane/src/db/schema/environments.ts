import { sql } from 'drizzle-orm'
import { boolean, check, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'

/**
 * Environments (development, staging, production, ...): every piece of evaluation state —
 * a flag's config, canaries, rollbacks, chaos rules, segments — belongs to one of them.
 * Tables that hold such state reference `environments.key` without a cascade, so an
 * environment that still holds state cannot be deleted.
 */
export const environments = pgTable(
  'environments',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    /** Chaos is refused in a production environment whatever the server's settings. */
    production: boolean('production').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [check('environments_key_ck', sql`${t.key} ~ '^[a-z0-9][a-z0-9_-]{0,63}$'`)],
)
