import type { Dependency, Rule, Variant } from '@sluice/core'
import { sql } from 'drizzle-orm'
import { boolean, check, foreignKey, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { percent, timestamptz } from './columns.js'
import { environments } from './environments.js'

/**
 * One row per flag and environment. Identity (`name`, `description`, `tags`, `archived`) is shared by
 * a key's rows and always written to all of them in one transaction; everything that decides
 * evaluation, and `version`, is the environment's own.
 */
export const flags = pgTable(
  'flags',
  {
    environment: text('environment')
      .notNull()
      .references(() => environments.key),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Sorted and deduplicated, so two rows with the same tags compare equal. */
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    type: text('type').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    percentage: percent('percentage'),
    groupId: text('group_id'),
    stickiness: text('stickiness'),
    userIds: text('user_ids').array(),
    ips: text('ips').array(),
    variants: jsonb('variants').$type<Variant[]>(),
    /** `rules` flags only: ordered rules and the flags this one depends on, as the API carries them. */
    rules: jsonb('rules').$type<Rule[]>(),
    dependencies: jsonb('dependencies').$type<Dependency[]>(),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'flags_pk', columns: [t.environment, t.key] }),
    check('flags_type_ck', sql`${t.type} in ('boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules')`),
    check('flags_percentage_ck', sql`${t.percentage} between 0 and 100`),
    check('flags_version_ck', sql`${t.version} >= 1`),
  ],
)

/** Every version of every flag in every environment, the current one included: history, audit and revert read it. */
export const flagVersions = pgTable(
  'flag_versions',
  {
    environment: text('environment').notNull(),
    flagKey: text('flag_key').notNull(),
    version: integer('version').notNull(),
    /** The whole flag as the API returned it at this version. */
    flag: jsonb('flag').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'flag_versions_pk', columns: [t.environment, t.flagKey, t.version] }),
    foreignKey({ name: 'flag_versions_flag_fk', columns: [t.environment, t.flagKey], foreignColumns: [flags.environment, flags.key] }).onDelete(
      'cascade',
    ),
  ],
)
