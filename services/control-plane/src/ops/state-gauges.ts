/**
 * Gauges read from the database when Prometheus scrapes: what the deployment looks like right
 * now, identical on every replica (alert on `max by`, not `sum by`).
 */
import type { Redis } from 'ioredis'
import { readMetricsOf } from '../canaries/canary-metrics-store.js'
import { countCanariesByStatus, listActiveCanaries } from '../canaries/canary-store.js'
import { summarise } from '../canaries/canary-analysis.js'
import { countChaosRulesByState } from '../chaos/chaos-store.js'
import { ping, type Db } from '../db/database.js'
import { countFlagsByState } from '../flags/flag-store.js'
import { withDeadline } from '../platform/deadline.js'
import type { Metrics } from './metrics.js'

const PING_TIMEOUT_MS = 1_000

async function reachable(check: Promise<unknown>): Promise<number> {
  return withDeadline(check, PING_TIMEOUT_MS, 'the database').then(
    () => 1,
    () => 0,
  )
}

export function registerStateGauges(metrics: Metrics, db: Db, redis: Redis | undefined): void {
  metrics.gauge('sluice_database_up', 'Whether the database answered a ping within 1 s', [], async () => [
    { labels: {}, value: await reachable(ping(db)) },
  ])
  if (redis) {
    metrics.gauge('sluice_redis_up', 'Whether Redis is connected (0: degraded to Postgres reads and polling)', [], async () => [
      { labels: {}, value: redis.status === 'ready' ? 1 : 0 },
    ])
  }
  metrics.gauge('sluice_feature_flags', 'Feature flags by state', ['state'], async () =>
    (await countFlagsByState(db)).map(({ state, n }) => ({ labels: { state }, value: n })),
  )
  metrics.gauge('sluice_canary_deployments', 'Canary deployments by status', ['status'], async () =>
    (await countCanariesByStatus(db)).map(({ status, n }) => ({ labels: { status }, value: n })),
  )
  metrics.gauge('sluice_chaos_rules', 'Chaos rules by state (expired: past expiresAt)', ['state'], async () =>
    (await countChaosRulesByState(db)).map(({ state, n }) => ({ labels: { state }, value: n })),
  )
  const canarySides = singleFlight(() => activeCanarySides(db))
  metrics.gauge('sluice_canary_requests', 'Requests reported for each active canary, by side', ['flag', 'side'], async () =>
    (await canarySides()).map(({ flag, side, summary }) => ({ labels: { flag, side }, value: summary.requests })),
  )
  // A 0–1 ratio, as Prometheus conventions want; the API's errorRate stays a percentage.
  metrics.gauge('sluice_canary_error_rate', 'Error rate (0–1) of each active canary, by side', ['flag', 'side'], async () =>
    (await canarySides()).map(({ flag, side, summary }) => ({ labels: { flag, side }, value: summary.errorRate / 100 })),
  )
}

/** Both canary gauges are collected in the same scrape, at once: they share one read. */
function singleFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined
    }))
}

async function activeCanarySides(db: Db) {
  const canaries = await listActiveCanaries(db)
  const counts = await readMetricsOf(db, canaries.map((canary) => canary.id))
  return canaries.flatMap((canary) =>
    (['canary', 'baseline'] as const).map((side) => ({ flag: canary.featureKey, side, summary: summarise(counts.get(canary.id)![side]) })),
  )
}
