import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { percent, timestamptz } from './columns.js'
import { flags } from './flags.js'

export interface LatencyGuard {
  maxIncreasePercent: number
  minIncreaseMs: number
}

/** Analysis settings as stored in `canaries.analysis`. */
export interface StoredAnalysis {
  alpha: number
  minSamplePerSide: number
  latencyGuard: LatencyGuard | null
  holdSeconds: number
}


export const canaries = pgTable(
  'canaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    environment: text('environment').notNull(),
    featureKey: text('feature_key').notNull(),
    /** The release under test, e.g. a build or git tag: a label, not a flag version. */
    version: text('version').notNull(),
    status: text('status').notNull(),
    percentage: percent('percentage').notNull(),
    initialPercentage: percent('initial_percentage').notNull(),
    rollbackThreshold: percent('rollback_threshold').notNull(),
    minSampleSize: integer('min_sample_size').notNull(),
    /** Automatic ramp, e.g. [5, 10, 25, 50, 100]; empty = manual only. */
    steps: jsonb('steps').$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    stepIndex: integer('step_index').notNull().default(0),
    /** Analysis and promotion settings beyond the seed's rule (sequential test, latency guard, hold). */
    analysis: jsonb('analysis').$type<StoredAnalysis>().notNull().default(sql`'{}'::jsonb`),
    webhookUrl: text('webhook_url'),
    /** Set when the canary drives one rule of a `rules` flag: its percentage is that rule's rollout. */
    ruleId: text('rule_id'),
    /** Bumped by every transition; transitions are conditional on it, so only one replica wins. */
    revision: integer('revision').notNull().default(1),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    stepStartedAt: timestamptz('step_started_at').notNull().defaultNow(),
    /** Each side's requests counter when the current step started: a promotion needs traffic beyond them. */
    stepCanaryRequests: bigint('step_canary_requests', { mode: 'number' }).notNull().default(0),
    stepBaselineRequests: bigint('step_baseline_requests', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    endedAt: timestamptz('ended_at'),
  },
  (t) => [
    check('canaries_status_ck', sql`${t.status} in ('running', 'paused', 'rolled_back', 'completed')`),
    check('canaries_percentage_ck', sql`${t.percentage} between 0 and 100`),
    foreignKey({ name: 'canaries_flag_fk', columns: [t.environment, t.featureKey], foreignColumns: [flags.environment, flags.key] }),
    uniqueIndex('canaries_one_active_per_flag_uq')
      .on(t.environment, t.featureKey)
      .where(sql`${t.status} in ('running', 'paused')`),
    index('canaries_feature_key_idx').on(t.environment, t.featureKey, t.startedAt),
  ],
)

/** Outcome counters per canary and side, only ever changed by atomic increments. */
export const canaryMetrics = pgTable(
  'canary_metrics',
  {
    canaryId: uuid('canary_id')
      .notNull()
      .references(() => canaries.id, { onDelete: 'cascade' }),
    side: text('side').notNull(),
    /**
     * A side's counts may be split over a few rows: ingest used to add each concurrent write to
     * its own. Folding the outcome log adds to stripe 0 only; readers sum the stripes.
     */
    stripe: smallint('stripe').notNull().default(0),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    errors: bigint('errors', { mode: 'number' }).notNull().default(0),
    latencyMsSum: doublePrecision('latency_ms_sum').notNull().default(0),
    /**
     * Counts per bucket of @sluice/core's old fixed histogram (LATENCY_BUCKETS_MS, the last one
     * +Inf), as stored before the sketch: read for the latencies counted then, no longer written.
     */
    latencyBuckets: bigint('latency_buckets', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    /** @sluice/core's latency sketch: bucket index → count, only buckets with counts. */
    latencySketch: jsonb('latency_sketch').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'canary_metrics_pk', columns: [t.canaryId, t.side, t.stripe] }),
    check('canary_metrics_side_ck', sql`${t.side} in ('canary', 'baseline')`),
  ],
)

/**
 * Outcome counts as ingest commits them: one row per (canary, side) per group commit, appended,
 * so a commit takes no row lock and merges no sketch. Readers add these rows to canary_metrics
 * and canary_windows in the same statement; folding (canaries/canary-metrics-store.ts) moves
 * them there in one transaction, so a count is always in exactly one of the two places.
 */
export const canaryOutcomeLog = pgTable(
  'canary_outcome_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** No foreign key: its check cost as much as the rest of an append; folding drops rows of a canary that is gone. */
    canaryId: uuid('canary_id').notNull(),
    side: text('side').notNull(),
    /** The canary_windows window the counts belong to, on the database's clock. */
    windowStart: timestamptz('window_start').notNull(),
    requests: bigint('requests', { mode: 'number' }).notNull(),
    errors: bigint('errors', { mode: 'number' }).notNull(),
    latencyMsSum: doublePrecision('latency_ms_sum').notNull(),
    latencySketch: jsonb('latency_sketch').$type<Record<string, number>>().notNull(),
  },
  (t) => [index('canary_outcome_log_canary_idx').on(t.canaryId), check('canary_outcome_log_side_ck', sql`${t.side} in ('canary', 'baseline')`)],
)

/** What happened to a canary and why: every step, analysis verdict and decision. */
export const canaryEvents = pgTable(
  'canary_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    canaryId: uuid('canary_id')
      .notNull()
      .references(() => canaries.id, { onDelete: 'cascade' }),
    at: timestamptz('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    message: text('message').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('canary_events_canary_idx').on(t.canaryId, t.id)],
)

/**
 * Outcome counts per canary, side and short window (canary-analysis WINDOW_SECONDS), for the
 * recent_error rule; only the last few windows matter and older ones are pruned.
 */
export const canaryWindows = pgTable(
  'canary_windows',
  {
    canaryId: uuid('canary_id')
      .notNull()
      .references(() => canaries.id, { onDelete: 'cascade' }),
    side: text('side').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    /** As canary_metrics.stripe. */
    stripe: smallint('stripe').notNull().default(0),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    errors: bigint('errors', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'canary_windows_pk', columns: [t.canaryId, t.side, t.windowStart, t.stripe] }),
    index('canary_windows_start_idx').on(t.windowStart),
  ],
)

/**
 * The idempotency keys of committed outcome batches, per token, written in the transaction that
 * counts the batch: a batch sent again after its answer was lost is answered from here, not
 * counted twice. Kept OUTCOME_BATCH_KEY_HOURS (canaries/outcome-batch-store.ts), then pruned.
 */
export const outcomeBatches = pgTable(
  'outcome_batches',
  {
    tokenId: uuid('token_id').notNull(),
    key: text('key').notNull(),
    /** The answer the batch got, given again to a replay. */
    accepted: integer('accepted').notNull(),
    ignored: integer('ignored').notNull(),
    committedAt: timestamptz('committed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'outcome_batches_pk', columns: [t.tokenId, t.key] }),
    // Rows arrive in commit order, so a block range index finds old keys to prune; a btree here cost a third of each claim.
    index('outcome_batches_committed_at_idx').using('brin', t.committedAt),
  ],
)
