import { bigserial, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'

/**
 * The change log: one row per committed change, totally ordered by `seq` across replicas.
 * `seq` is the SSE event id. Writers take a transaction-scoped advisory lock before inserting
 * (see changes/change-log.ts), so seq order is commit order and a reader tailing by seq never
 * skips a row that commits late.
 */
export const changeEvents = pgTable('change_events', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  at: timestamptz('at').notNull().defaultNow(),
  /** The environment the change belongs to; null for global changes (tokens, environments). */
  environment: text('environment'),
  type: text('type').notNull(),
  entityKey: text('entity_key').notNull(),
  payload: jsonb('payload').notNull(),
})
