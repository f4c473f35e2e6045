import type { Constraint } from '@sluice/core'
import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'

/** Reusable audiences: constraints that `rules` flags name by key. */
export const segments = pgTable(
  'segments',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    constraints: jsonb('constraints').$type<Constraint[]>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('segments_version_ck', sql`${t.version} >= 1`)],
)
