import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'
import { environments } from './environments.js'

export const rollbacks = pgTable(
  'rollbacks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    environment: text('environment')
      .notNull()
      .references(() => environments.key),
    type: text('type').notNull(),
    targetKey: text('target_key').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    previousState: jsonb('previous_state'),
    newState: jsonb('new_state'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    durationMs: doublePrecision('duration_ms').notNull(),
  },
  (t) => [
    check('rollbacks_type_ck', sql`${t.type} in ('feature_flag', 'canary', 'flag_version', 'deployment', 'database_migration')`),
    index('rollbacks_created_idx').on(t.createdAt),
    index('rollbacks_target_idx').on(t.environment, t.targetKey, t.createdAt),
  ],
)
