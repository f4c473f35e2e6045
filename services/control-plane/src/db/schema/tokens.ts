import { sql } from 'drizzle-orm'
import { check, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'
import { environments } from './environments.js'

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** `sdk` and `client` tokens: the one environment they see. */
    environment: text('environment').references(() => environments.key),
    /** `admin`/`operator`/`viewer` tokens: the environments they may touch; null = all. */
    environments: text('environments').array(),
    /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
    secretHash: text('secret_hash').notNull(),
    /** `api`; `env` for the token seeded from ADMIN_TOKEN (replaced when the variable changes); `generated` at first start. */
    source: text('source').notNull().default('api'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    check('api_tokens_role_ck', sql`${t.role} in ('admin', 'operator', 'viewer', 'sdk', 'client', 'deployer')`),
    uniqueIndex('api_tokens_secret_hash_uq').on(t.secretHash),
  ],
)
