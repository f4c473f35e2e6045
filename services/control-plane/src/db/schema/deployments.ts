import { sql } from 'drizzle-orm'
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from './columns.js'
import { environments } from './environments.js'
import { rollbacks } from './rollbacks.js'

/** A code deployment as CI recorded it: what runs where, and what to go back to. */
export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    environment: text('environment')
      .notNull()
      .references(() => environments.key),
    service: text('service').notNull(),
    version: text('version').notNull(),
    previousVersion: text('previous_version'),
    commit: text('commit'),
    migrations: jsonb('migrations').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The flag whose canary guards this deployment: rolled back first, and whose automatic rollback may start this one's. */
    canaryFlag: text('canary_flag'),
    /** The canary that guards it, linked when a canary on `canaryFlag` starts with this `version`. */
    canaryId: uuid('canary_id'),
    /** null: the service's deployer setting decides. */
    rollbackOnCanaryFailure: boolean('rollback_on_canary_failure'),
    status: text('status').notNull().default('deployed'),
    revertedMigrations: jsonb('reverted_migrations').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('deployments_status_ck', sql`${t.status} in ('deployed', 'rolling_back', 'rolled_back', 'rollback_failed')`),
    index('deployments_service_idx').on(t.environment, t.service, t.createdAt),
    index('deployments_canary_idx').on(t.canaryId),
  ],
)

/**
 * Where each service's deployer listens. The secret is kept as given, not hashed: Sluice signs
 * every request with it (HMAC), which a hash cannot do. No response schema names it.
 */
export const deployers = pgTable('deployers', {
  service: text('service').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  rollbackOnCanaryFailure: boolean('rollback_on_canary_failure').notNull().default(false),
  updatedBy: text('updated_by').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
})

/**
 * One row per deployment or migration rollback: its phases with their times, and the outbox
 * of the request to the deployer. The row is written in the rollback's own transaction, so a
 * rollback recorded is a request that will be sent; replicas claim due rows with
 * `FOR UPDATE SKIP LOCKED`, so each attempt is made by one replica.
 */
export const deploymentRollbacks = pgTable(
  'deployment_rollbacks',
  {
    /** The rollback record's id, also the idempotency key the deployer sees. */
    rollbackId: uuid('rollback_id')
      .primaryKey()
      .references(() => rollbacks.id),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    action: text('action').notNull(),
    migrations: jsonb('migrations').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    payload: jsonb('payload').notNull(),
    /** From the request to the linked flags and canary being off, inside the rollback's transaction. */
    flagsOffMs: doublePrecision('flags_off_ms').notNull(),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    /** The deployer accepted the request (a 2xx). */
    askedAt: timestamptz('asked_at'),
    /** Sending stopped: no deployer configured, or every attempt failed. */
    gaveUpAt: timestamptz('gave_up_at'),
    acknowledgedAt: timestamptz('acknowledged_at'),
    outcome: text('outcome'),
    detail: text('detail'),
  },
  (t) => [
    check('deployment_rollbacks_action_ck', sql`${t.action} in ('redeploy', 'revert_migrations')`),
    check('deployment_rollbacks_outcome_ck', sql`${t.outcome} in ('rolled_back', 'failed')`),
    index('deployment_rollbacks_due_idx').on(t.nextAttemptAt).where(sql`${t.askedAt} is null and ${t.gaveUpAt} is null and ${t.acknowledgedAt} is null`),
    index('deployment_rollbacks_deployment_idx').on(t.deploymentId),
  ],
)
