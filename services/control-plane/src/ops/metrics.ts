/**
 * Prometheus metrics on a registry of this app's own (not prom-client's global one), so
 * several apps in one process (tests, replicas on loopback) never share or clash counters.
 */
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { withDeadline } from '../platform/deadline.js'

/**
 * Well inside Prometheus' default 10 s scrape timeout (gauges are read concurrently), and above
 * the 1 s a database ping gets (state-gauges.ts), so sluice_database_up reads 0 rather than
 * going missing when the database is silent.
 */
const GAUGE_READ_DEADLINE_MS = 2_000

export class Metrics {
  readonly registry = new Registry()
  readonly httpRequests = new Counter({
    name: 'sluice_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  })
  readonly httpDuration = new Histogram({
    name: 'sluice_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  })
  readonly sseClients = new Gauge({
    name: 'sluice_sse_clients',
    help: 'Open SDK stream connections on this replica',
    registers: [this.registry],
  })
  readonly sseEvents = new Counter({
    name: 'sluice_sse_events_sent_total',
    help: 'Change events written to SDK streams (one per event per client)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  })
  readonly flagEvaluations = new Counter({
    name: 'sluice_flag_evaluations_total',
    help: 'Flag evaluations served by /check, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly outcomeBatches = new Counter({
    name: 'sluice_outcome_batches_total',
    help: 'Outcome reports received from SDKs',
    registers: [this.registry],
  })
  readonly outcomeItems = new Counter({
    name: 'sluice_outcome_items_total',
    help: 'Outcome items received from SDKs: accepted (counted for an active canary) or ignored',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })
  readonly rollbacks = new Counter({
    name: 'sluice_rollbacks_total',
    // Who, as a closed set: a token's name would let anyone who can create tokens mint series.
    help: 'Rollbacks performed by this replica, by type, whether the system decided it, and the kind of actor (user: through a token; system)',
    labelNames: ['type', 'automatic', 'actor_kind'] as const,
    registers: [this.registry],
  })
  readonly chaosInjections = new Counter({
    name: 'sluice_chaos_injections_reported_total',
    help: 'Faults SDKs reported injecting, by chaos rule id',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  })
  readonly sseRefused = new Counter({
    name: 'sluice_sse_connections_refused_total',
    help: 'Stream connections refused with 429 by a limit (per_token: STREAM_MAX_PER_TOKEN, per_replica: STREAM_MAX_PER_REPLICA)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  })
  readonly sseDropped = new Counter({
    name: 'sluice_sse_clients_dropped_total',
    help: 'Stream clients dropped because they did not read fast enough',
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sluice_' })
    // Gauges named like counters (promtool flags them); the by-type gauges without `_total`
    // carry the same numbers (sum them for the total).
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(`sluice_${name}`)
    }
    // The automatic series exists from the start, so `increase()` sees the first one too; a
    // manual rollback's series starts with it, since who will roll back is not known ahead.
    this.rollbacks.inc({ type: 'canary', automatic: 'true', actor_kind: 'system' }, 0)
  }

  /**
   * A gauge whose value is read when Prometheus scrapes, so it is never stale and costs
   * nothing between scrapes. Capabilities use it for their state (flags, canaries, rules).
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Promise<Array<{ labels: Record<L, string>; value: number }>>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset()
        // A failed or hung read (the database is down or silent) leaves this gauge empty rather
        // than failing or stalling the whole scrape: the other metrics, sluice_database_up above
        // all, must still go out before Prometheus gives up on the scrape.
        const samples = await withDeadline(read(), GAUGE_READ_DEADLINE_MS, name).catch(() => [])
        for (const { labels, value } of samples) this.set(labels, value)
      },
    })
  }
}

export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded; unknown routes share one label.
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) })
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
  })
}
