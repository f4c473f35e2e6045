import type { Constraint } from '@sluice/core'
import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'
import { environments } from './environments.js'

/** Reusable audiences: constraints that `rules` flags of the same environment name by key. */
export const segments = pgTable(
  'segments',
  {
    environment: text('environment')
      .notNull()
      .references(() => environments.key),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    constraints: jsonb('constraints').$type<Constraint[]>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'segments_pk', columns: [t.environment, t.key] }),
    check('segments_version_ck', sql`${t.version} >= 1`),
  ],
)
