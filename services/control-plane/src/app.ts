/**
 * Builds the control plane as a Fastify instance without listening, so tests drive the real
 * thing with `app.inject()` and server.ts only adds a port and signals. All wiring lives here:
 * infrastructure first, then services that receive exactly what they use, then routes.
 */
import { environmentRoutes } from './environments/environment-routes.js'
import { registerEnvironmentResolver } from './environments/environment-resolver.js'
import { environmentSchemas } from './environments/environment-schemas.js'
import { EnvironmentService } from './environments/environment-service.js'
import { randomUUID } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { auditRoutes } from './audit/audit-routes.js'
import { auditSchemas } from './audit/audit-schemas.js'
import { registerAuth } from './auth/auth-hook.js'
import { tokenRoutes } from './auth/token-routes.js'
import { tokenSchemas } from './auth/token-schemas.js'
import { TokenCache } from './auth/token-cache.js'
import { TokenService } from './auth/token-service.js'
import type { Config } from './config.js'
import { canaryRoutes } from './canaries/canary-routes.js'
import { canarySchemas } from './canaries/canary-schemas.js'
import { ActiveCanaries } from './canaries/active-canaries.js'
import { AnalysisThrottle } from './canaries/analysis-throttle.js'
import { CanaryAnalysisRunner } from './canaries/canary-analysis-runner.js'
import { CanaryCountEstimates } from './canaries/canary-count-estimates.js'
import { CanaryLifecycle } from './canaries/canary-lifecycle.js'
import { ManualCanaryRollback } from './canaries/canary-manual-rollback.js'
import { pruneWindows } from './canaries/canary-metrics-store.js'
import { CanaryPromotion } from './canaries/canary-promotion.js'
import { CanaryTransitions } from './canaries/canary-transitions.js'
import { OutcomeIngest } from './canaries/outcome-ingest.js'
import { foldOutcomes } from './canaries/outcome-log-store.js'
import { pruneBatchKeys } from './canaries/outcome-batch-store.js'
import { chaosRoutes } from './chaos/chaos-routes.js'
import { chaosSchemas } from './chaos/chaos-schemas.js'
import { ChaosService } from './chaos/chaos-service.js'
import { chaosSettings } from './chaos/chaos-settings.js'
import { consoleRoutes } from './console/console-routes.js'
import { migrate } from './db/migrator.js'
import { flagRoutes } from './flags/flag-routes.js'
import { flagSchemas } from './flags/flag-schemas.js'
import { FlagService } from './flags/flag-service.js'
import { registerContentTypes } from './http/content-types.js'
import { registerMergePatch } from './http/merge-patch.js'
import { registerErrorHandling } from './http/error-handler.js'
import { registerRequestDeadline } from './http/request-deadline.js'
import { endKeepAliveOnClose } from './http/keep-alive.js'
import { rejectNulCharacters } from './http/nul-characters.js'
import { enforcePathParamBounds, routerParamLimit } from './http/path-params.js'
import { formatSchemaErrors, schemaController } from './http/validation.js'
import { Metrics, registerHttpMetrics } from './ops/metrics.js'
import { registerOpenApi } from './ops/openapi.js'
import { opsRoutes } from './ops/ops-routes.js'
import { registerStateGauges } from './ops/state-gauges.js'
import { opsSchemas } from './ops/ops-schemas.js'
import { REDACT_PATHS } from './platform/logger.js'
import { openInfrastructure, type Infrastructure } from './infrastructure.js'
import { alwaysLeader, advisoryLockLeadership, PeriodicJobs } from './db/leadership.js'
import { analyzeEmbedded, EMBEDDED_ANALYZE_EVERY_MS, EMBEDDED_VACUUM_EVERY_MS, vacuumEmbedded } from './db/embedded-maintenance.js'
import { Mutator } from './changes/mutator.js'
import { SYSTEM_ACTOR } from './platform/actor.js'
import { ErrorResponse } from './schemas/common.js'
import { rollbackRoutes } from './rollbacks/rollback-routes.js'
import { rollbackSchemas } from './rollbacks/rollback-schemas.js'
import { RollbackService } from './rollbacks/rollback-service.js'
import type { RollbackView } from './audit/rollback-store.js'
import { importRoutes } from './imports/unleash-import-routes.js'
import { importSchemas } from './imports/unleash-import-schemas.js'
import { UnleashImportService } from './imports/unleash-import-service.js'
import { transferRoutes } from './transfer/transfer-routes.js'
import { transferSchemas } from './transfer/transfer-schemas.js'
import { TransferService } from './transfer/transfer-service.js'
import { segmentRoutes } from './segments/segment-routes.js'
import { segmentSchemas } from './segments/segment-schemas.js'
import { SegmentService } from './segments/segment-service.js'
import { sdkRoutes } from './sdk-api/sdk-routes.js'
import { clientRoutes } from './client-api/client-routes.js'
import { ClientStreamHub } from './client-api/client-stream.js'
import { registerCors } from './client-api/cors.js'
import { EvaluationIndex } from './client-api/evaluation-index.js'
import { ofrepRoutes } from './client-api/ofrep-routes.js'
import { ClientRateLimiter } from './client-api/rate-limit.js'
import { sdkSchemas } from './sdk-api/sdk-schemas.js'
import { ChangeFeed } from './changes/change-feed.js'
import { pruneChangeLog } from './changes/change-log.js'
import { DEFAULT_WEBHOOK_SETTINGS, WebhookSender } from './webhooks/webhook-sender.js'
import type { RetrySettings } from './webhooks/signed-post.js'
import { DeployerSender } from './deployments/deployer-sender.js'
import { deployerRoutes } from './deployments/deployer-routes.js'
import { DeploymentRollbackService } from './deployments/deployment-rollback-service.js'
import { deploymentRoutes } from './deployments/deployment-routes.js'
import { deploymentSchemas } from './deployments/deployment-schemas.js'
import { DeploymentService } from './deployments/deployment-service.js'
import { countOverdue, phasesOf } from './deployments/rollback-outbox.js'
import { MemoryFallback } from './platform/memory-fallback.js'
import { ReplicaState } from './stream/replica-state.js'
import { DEFAULT_STREAM_OPTIONS, StreamHub, type StreamOptions } from './stream/stream-hub.js'

export interface AppOptions {
  config: Config
  /** Defaults to pino at `config.logLevel`. Tests pass `false`. */
  logger?: FastifyServerOptions['logger']
  /** A PGlite prepared by the caller (tests load a migrated template). */
  pglite?: PGlite
  redisPrefix?: string
  /** How often each replica re-reads the change log even without a bus message. */
  feedPollIntervalMs?: number
  /** How often the leader replica runs periodic jobs (canary steps, chaos expiry). */
  jobIntervalMs?: number
  stream?: Partial<StreamOptions>
  webhooks?: Partial<RetrySettings>
  /** Retries of requests to deployers (default as webhooks). */
  deployers?: Partial<RetrySettings>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set when this start generated the first admin token; server.ts prints it once. */
    generatedAdminToken: string | undefined
    infrastructure: Infrastructure
    /** Periodic work on the leader replica; tests call `jobs.tick()` to run it now. */
    jobs: PeriodicJobs
    /** Analysis after outcome batches, throttled per canary; tests await `settled()` before reading a verdict. */
    canaryAnalysis: AnalysisThrottle
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024
/** Past the write deadline, so a write's own 503 or 504 is what its caller sees. */
const REQUEST_GRACE_MS = 1_000
const SHARED_SCHEMAS = [ErrorResponse, ...opsSchemas, ...tokenSchemas, ...auditSchemas, ...environmentSchemas, ...flagSchemas, ...segmentSchemas, ...importSchemas, ...canarySchemas, ...rollbackSchemas, ...deploymentSchemas, ...chaosSchemas, ...transferSchemas, ...sdkSchemas]

function requestId(header: string | string[] | undefined): string {
  // Accept a caller's id for tracing across services, but only a sane one: it lands in logs and audit.
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID()
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    schemaController,
    schemaErrorFormatter: formatSchemaErrors,
    return503OnClosing: true,
    routerOptions: { maxParamLength: routerParamLimit() },
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>()

  // A first start on PGlite creates the database and runs every migration: seconds of silence
  // a newcomer would take for a hang, so each slow step says what it is doing first.
  app.log.info(
    config.databaseUrl || options.pglite ? 'opening the database' : `opening the embedded database in ${config.dataDir} (a first start creates it)`,
  )
  const infra = await openInfrastructure(config, app.log.child({ module: 'storage' }), { pglite: options.pglite, redisPrefix: options.redisPrefix })
  app.decorate('infrastructure', infra)
  app.addHook('onClose', () => infra.close())

  app.log.info('applying database migrations')
  const applied = await migrate(infra.db, undefined, config.defaultEnvironment)
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied')

  const services = await createServices(app, infra, options)
  registerHttp(app, services.tokens, services.metrics, config.writeDeadlineMs + REQUEST_GRACE_MS, config.corsOrigins)
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema)
  await registerOpenApi(app, config)
  await registerRoutes(app, infra, services)
  // Last, once nothing else in building the app can fail: a token minted before a failure would be lost.
  const seeded = await services.tokens.seedAdmin(config.adminToken)
  if (seeded.revokedEnvToken) app.log.warn('ADMIN_TOKEN names a token that was revoked; it stays revoked, set a new value')
  app.decorate('generatedAdminToken', seeded.generated)
  return app
}

type Services = Awaited<ReturnType<typeof createServices>>

/**
 * The change log is read on a timer whenever another process may write it or a bus message
 * may be lost: with Redis, and with a shared Postgres even without Redis, where replicas
 * hear nothing of each other's writes but the log and still converge within one interval.
 */
const FEED_POLL_INTERVAL_MS = 1_000

/** The domain: every service, given exactly what it uses, and the periodic jobs they need. */
async function createServices(app: FastifyInstance, infra: Infrastructure, options: AppOptions) {
  const { config } = options
  // Each capability logs with its name, so one module's lines can be found (and silenced) alone.
  const logOf = (module: string) => app.log.child({ module })
  const metrics = new Metrics()
  registerStateGauges(metrics, infra.db, infra.redis)
  const mutator = new Mutator(infra.db, infra.bus, logOf('changes'), { deadlineMs: config.writeDeadlineMs, guard: infra.database.commitGuard })
  const feed = new ChangeFeed(infra.db, infra.bus, logOf('changes'), {
    pollIntervalMs: options.feedPollIntervalMs ?? (config.redisUrl || config.databaseUrl ? FEED_POLL_INTERVAL_MS : undefined),
  })
  // What this replica serves without the database: the SDK state and every active token.
  const state = new ReplicaState(infra.db)
  const tokenCache = new TokenCache(infra.db)
  feed.follow(state)
  feed.follow(tokenCache)
  await feed.start()
  app.addHook('onClose', () => feed.stop())

  const jobsLog = logOf('jobs')
  const jobs = new PeriodicJobs(
    config.databaseUrl ? advisoryLockLeadership(config.databaseUrl, jobsLog) : alwaysLeader(),
    jobsLog,
    options.jobIntervalMs ?? 1_000,
  )
  app.addHook('onReady', async () => jobs.start())
  app.addHook('preClose', () => jobs.stop())
  app.decorate('jobs', jobs)
  jobs.register(
    'change-log-retention',
    async () => {
      const pruned = await pruneChangeLog(infra.db, config.changeLogRetentionHours)
      if (pruned > 0) jobsLog.info({ pruned }, 'pruned old change-log events')
    },
    { everyMs: 10 * 60_000 },
  )

  const tokens = new TokenService(infra.db, mutator, tokenCache)

  const flags = new FlagService(infra.db, mutator, infra.cache, feed, state, new MemoryFallback(logOf('flags')))
  const environments = new EnvironmentService(
    infra.db,
    mutator,
    config.defaultEnvironment,
    (mutation, key) => flags.seedEnvironment(mutation, config.defaultEnvironment, key),
    new MemoryFallback(logOf('environments')),
  )
  await environments.list()
  registerEnvironmentResolver(app, environments)
  const segments = new SegmentService(infra.db, mutator, (tx, environment, key) => flags.usersOfSegment(tx, environment, key))
  const imports = new UnleashImportService(mutator, flags, segments)
  const chaos = new ChaosService(infra.db, mutator, chaosSettings(config), logOf('chaos'))
  // Rules armed where chaos was allowed must not keep running here if it is not (a shared database).
  await chaos.disarm()
  jobs.register('chaos-expiry', () => chaos.runJob())
  const transfer = new TransferService(mutator, flags, segments, chaos)

  const countRollback = (rollback: RollbackView) => metrics.rollbacks.inc({ type: rollback.type, automatic: String(rollback.automatic), actor_kind: rollback.actor === SYSTEM_ACTOR.name ? 'system' : 'user' })
  const webhooks = new WebhookSender(infra.db, { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks, secret: config.webhookSecret }, logOf('webhooks'))
  const canariesLog = logOf('canaries')
  const transitions = new CanaryTransitions(flags, { webhookUrl: config.webhookUrl, onWebhookQueued: () => void webhooks.deliverDue(), onRollback: countRollback })
  const canaries = new CanaryLifecycle(infra.db, mutator, flags, transitions, config.webhookSecret)
  const manualRollback = new ManualCanaryRollback(mutator, transitions)
  const canaryEstimates = new CanaryCountEstimates()
  const canaryAnalysis = new CanaryAnalysisRunner(infra.db, mutator, transitions, canaryEstimates, canariesLog)
  canaryAnalysis.onAutomaticRollback(async (mutation, environment, featureKey, reason) => {
    await chaos.haltForRollback(mutation, environment, featureKey, reason)
  })
  const promotion = new CanaryPromotion(infra.db, mutator, transitions, canaryAnalysis)
  const deployers = new DeployerSender(infra.db, { ...DEFAULT_WEBHOOK_SETTINGS, ...options.deployers }, logOf('deployers'))
  jobs.register('deployer-requests', () => deployers.deliverDue())
  const deploymentSettings = { ackTimeoutSeconds: config.deployerAckTimeoutSeconds, onRollback: countRollback }
  const rollbacks = new RollbackService(infra.db, mutator, flags, manualRollback, (ids) => phasesOf(infra.db, ids, config.deployerAckTimeoutSeconds), countRollback)
  const deploymentRollbacks = new DeploymentRollbackService(infra.db, mutator, rollbacks, deploymentSettings, () => void deployers.deliverDue())
  const deployments = new DeploymentService(infra.db, mutator, flags, deployers)
  canaries.onStart(deployments.linkCanary)
  canaryAnalysis.onAutomaticRollback(deploymentRollbacks.afterCanaryRollback)
  metrics.gauge(
    'sluice_deployment_rollbacks_unacknowledged',
    'Deployment and migration rollbacks whose deployer has not acknowledged them within DEPLOYER_ACK_TIMEOUT_SECONDS, by service',
    ['service'],
    async () => (await countOverdue(infra.db, config.deployerAckTimeoutSeconds)).map(({ service, n }) => ({ labels: { service }, value: n })),
  )
  const activeCanaries = new ActiveCanaries(infra.db, state, feed)
  const analysis = new AnalysisThrottle((ids) => canaryAnalysis.analyseCanaries(ids), canariesLog)
  app.decorate('canaryAnalysis', analysis)
  const outcomes = new OutcomeIngest(
    infra.db,
    activeCanaries,
    chaos.recordInjections,
    analysis,
    canaryEstimates,
    { writes: { deadlineMs: config.writeDeadlineMs, guard: infra.database.commitGuard, statementDeadline: infra.database.statementDeadline } },
  )
  app.addHook('onClose', async () => {
    await outcomes.drained()
    await analysis.stop()
    activeCanaries.stop()
  })
  jobs.register('canary-steps', () => promotion.tick())
  jobs.register('canary-outcome-log', () => foldOutcomes(infra.db))
  jobs.register('canary-windows', () => pruneWindows(infra.db), { everyMs: 60_000 })
  jobs.register('outcome-batch-keys', async () => void (await pruneBatchKeys(infra.db)), { everyMs: 10 * 60_000 })
  jobs.register('webhooks', () => webhooks.deliverDue())
  if (infra.database.kind === 'pglite') {
    jobs.register('embedded-vacuum', () => vacuumEmbedded(infra.db), { everyMs: EMBEDDED_VACUUM_EVERY_MS })
    jobs.register('embedded-analyze', () => analyzeEmbedded(infra.db), { everyMs: EMBEDDED_ANALYZE_EVERY_MS })
  }

  const hub = new StreamHub(infra.db, feed, state, metrics, logOf('stream'), {
    ...DEFAULT_STREAM_OPTIONS,
    maxConnectionsPerToken: config.streamMaxPerToken,
    maxConnections: config.streamMaxPerReplica,
    ...options.stream,
  })
  // Open streams never end by themselves; end them first so close() can finish in-flight work.
  app.addHook('preClose', async () => hub.close())
  const streamOptions = { ...DEFAULT_STREAM_OPTIONS, ...options.stream }
  const clientHub = new ClientStreamHub(feed, state, { ...streamOptions, maxConnections: config.streamMaxPerReplica }, () => hub.size)
  app.addHook('preClose', async () => clientHub.close())
  tokenCache.onRevoked((tokenId) => {
    hub.endStreamsOf(tokenId)
    clientHub.endStreamsOf(tokenId)
  })
  const client = { index: new EvaluationIndex(state), hub: clientHub, limiter: new ClientRateLimiter(config.clientRateLimit) }

  return { metrics, tokens, environments, flags, segments, imports, transfer, chaos, canaries, manualRollback, outcomes, rollbacks, deployments, deploymentRollbacks, feed, state, hub, client }
}

/** What every request goes through: ids, content types, errors, metrics and authentication. */
function registerHttp(app: FastifyInstance, tokens: TokenService, metrics: Metrics, requestDeadlineMs: number, corsOrigins: string[]): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  endKeepAliveOnClose(app)
  registerContentTypes(app)
  enforcePathParamBounds(app)
  registerMergePatch(app)
  rejectNulCharacters(app)
  registerErrorHandling(app)
  registerHttpMetrics(app, metrics)
  // Before authentication, whose token lookup may wait on the database.
  registerRequestDeadline(app, requestDeadlineMs)
  // Before authentication, so a page can read a 401 or 429 as well as an answer.
  registerCors(app, corsOrigins)
  registerAuth(app, tokens)
}

async function registerRoutes(app: FastifyInstance, infra: Infrastructure, s: Services): Promise<void> {
  await app.register(opsRoutes, { db: infra.db, redis: infra.redis, metrics: s.metrics })
  await app.register(
    async (api) => {
      await api.register(environmentRoutes, { environments: s.environments })
      await api.register(flagRoutes, { flags: s.flags, metrics: s.metrics })
      await api.register(segmentRoutes, { segments: s.segments })
      await api.register(importRoutes, { imports: s.imports })
      await api.register(canaryRoutes, { canaries: s.canaries, manualRollback: s.manualRollback })
      await api.register(rollbackRoutes, { rollbacks: s.rollbacks })
      await api.register(deploymentRoutes, { deployments: s.deployments, rollbacks: s.deploymentRollbacks })
      await api.register(deployerRoutes, { deployments: s.deployments })
      await api.register(chaosRoutes, { chaos: s.chaos })
      await api.register(transferRoutes, { transfer: s.transfer })
      await api.register(sdkRoutes, { db: infra.db, hub: s.hub, feed: s.feed, state: s.state, outcomes: s.outcomes, metrics: s.metrics })
      await api.register(clientRoutes, { hub: s.client.hub, outcomes: s.outcomes, metrics: s.metrics, limiter: s.client.limiter })
      await api.register(tokenRoutes, { tokens: s.tokens })
      await api.register(auditRoutes, { db: infra.db })
    },
    { prefix: '/api/v1' },
  )
  await app.register(ofrepRoutes, { index: s.client.index, limiter: s.client.limiter })
  await consoleRoutes(app)
}
