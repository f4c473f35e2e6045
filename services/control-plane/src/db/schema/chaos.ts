import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { percent, timestamptz } from './columns.js'
import { environments } from './environments.js'

export const chaosRules = pgTable(
  'chaos_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    environment: text('environment')
      .notNull()
      .references(() => environments.key),
    name: text('name').notNull(),
    type: text('type').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    probability: percent('probability').notNull(),
    target: text('target'),
    /** The type's config with every default filled in (@sluice/core resolveChaosConfig). */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    expiresAt: timestamptz('expires_at'),
    /** Halt this rule when this flag's canary is rolled back automatically. */
    stopOnFlagKey: text('stop_on_flag_key'),
    /** Why the service disabled the rule (halt, expiry, rollback, environment); null after an edit. */
    disabledReason: text('disabled_reason'),
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
    check('chaos_rules_config_ck', sql`jsonb_typeof(${t.config}) = 'object'`),
    check('chaos_rules_version_ck', sql`${t.version} >= 1`),
    // The expiry job asks every second for enabled rules past their expiry.
    index('chaos_rules_environment_idx').on(t.environment),
    index('chaos_rules_expiry_idx').on(t.expiresAt).where(sql`${t.enabled}`),
  ],
)

/**
 * Faults injected per rule, as SDKs report them with their outcomes. Kept apart from the rule
 * so counting never bumps a rule's version, emits a change or contends with an edit.
 */
export const chaosInjections = pgTable('chaos_injections', {
  ruleId: uuid('rule_id')
    .primaryKey()
    .references(() => chaosRules.id, { onDelete: 'cascade' }),
  injected: bigint('injected', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
})
