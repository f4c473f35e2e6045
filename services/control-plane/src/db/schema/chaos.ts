import { sql } from 'drizzle-orm'
import { boolean, check, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { percent, timestamptz } from './columns.js'

export const chaosRules = pgTable(
  'chaos_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    probability: percent('probability').notNull(),
    target: text('target'),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    expiresAt: timestamptz('expires_at'),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'chaos_rules_type_ck',
      sql`${t.type} in ('latency', 'error', 'timeout', 'database_failure', 'redis_failure', 'random_failure')`,
    ),
    check('chaos_rules_probability_ck', sql`${t.probability} between 0 and 100`),
  ],
)
