import { Type, type Static } from '@sinclair/typebox'
import { Reason } from '../canaries/canary-schemas.js'
import { EnvironmentKey, EnvironmentQuery } from '../environments/environment-schemas.js'
import { environmentKey } from '../schemas/environment-key.js'
import { FLAG_KEY_PATTERN, FlagKey } from '../flags/flag-schemas.js'
import { pathParams } from '../http/path-params.js'
import { RollbackSchema } from '../rollbacks/rollback-schemas.js'
import { AUTH_ERRORS, described, errors, Limit, ref, StringEnum, Timestamp } from '../schemas/common.js'
import { ACKNOWLEDGED_OUTCOMES } from '../audit/rollback-phase-schemas.js'

export const DEPLOYMENT_STATUSES = ['deployed', 'rolling_back', 'rolled_back', 'rollback_failed'] as const
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number]

export const ServiceName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$',
  maxLength: 128,
  description: 'The deployed service: letters, digits, `_`, `.` and `-`, at most 128',
  examples: ['checkout-api'],
})
const Version = (description: string) => Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', description, examples: ['2026.12.03-2'] })
const Migration = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'A migration as your tool names it', examples: ['0042_add_ledger_index'] })
const Migrations = (description: string, minItems = 0) => Type.Array(Migration, { minItems, maxItems: 100, uniqueItems: true, description })
const HttpUrl = Type.String({
  format: 'uri',
  // The scheme is case-insensitive (RFC 3986 §3.1); JSON Schema patterns take no flags.
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  maxLength: 2000,
  description: 'An http:// or https:// URL',
  examples: ['https://deployer.internal.example.com/sluice'],
})

const DEPLOYMENT_EXAMPLE = {
  id: '8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d',
  environment: 'production',
  service: 'checkout-api',
  version: '2026.12.03-2',
  previousVersion: '2026.12.02-1',
  commit: '4f2a9c1e7b3d',
  migrations: ['0042_add_ledger_index', '0043_split_payments'],
  canaryFlag: 'new_payment_flow',
  canaryId: '0b7e2c44-5d1a-4f0e-9a63-3c2d8e1f4a70',
  rollbackOnCanaryFailure: true,
  status: 'deployed',
  revertedMigrations: [],
  createdBy: 'github-actions',
  createdAt: '2026-12-03T14:30:00.000Z',
  updatedAt: '2026-12-03T14:31:00.000Z',
}

export const DeploymentSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    environment: EnvironmentKey,
    service: ServiceName,
    version: Type.String(),
    previousVersion: Type.Union([Type.String(), Type.Null()], { description: 'What a deployment rollback redeploys' }),
    commit: Type.Union([Type.String(), Type.Null()]),
    migrations: Type.Array(Type.String(), { description: 'The migrations this deployment applied' }),
    canaryFlag: Type.Union([FlagKey, Type.Null()], { description: 'The flag whose canary guards this deployment' }),
    canaryId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The canary on canaryFlag started with this version' }),
    rollbackOnCanaryFailure: Type.Union([Type.Boolean(), Type.Null()], {
      description: "Whether an automatic rollback of the linked canary rolls this deployment back too; null: the service's deployer setting decides",
    }),
    status: StringEnum(DEPLOYMENT_STATUSES),
    revertedMigrations: Type.Array(Type.String(), { description: 'Migrations the deployer reported reverted' }),
    createdBy: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Deployment', title: 'Deployment', examples: [DEPLOYMENT_EXAMPLE] },
)
export type DeploymentView = Static<typeof DeploymentSchema>

export const DeploymentDetailSchema = Type.Object(
  { ...DeploymentSchema.properties, rollbacks: Type.Array(ref(RollbackSchema), { description: "This deployment's rollbacks with their phases, newest first" }) },
  { $id: 'DeploymentDetail', title: 'DeploymentDetail', examples: [{ ...DEPLOYMENT_EXAMPLE, rollbacks: [] }] },
)
export type DeploymentDetail = Static<typeof DeploymentDetailSchema>

export const DeployerSchema = Type.Object(
  {
    service: ServiceName,
    url: Type.String(),
    rollbackOnCanaryFailure: Type.Boolean({ description: "An automatic rollback of a canary guarding one of this service's deployments rolls the deployment back too" }),
    updatedBy: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  {
    $id: 'Deployer',
    title: 'Deployer',
    description: 'The secret is never returned.',
    examples: [
      {
        service: 'checkout-api',
        url: 'https://deployer.internal.example.com/sluice',
        rollbackOnCanaryFailure: true,
        updatedBy: 'platform-admin',
        createdAt: '2026-12-01T09:00:00.000Z',
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
    ],
  },
)
export type DeployerView = Static<typeof DeployerSchema>

export const deploymentSchemas = [DeploymentSchema, DeploymentDetailSchema, DeployerSchema]

export const RecordDeploymentBody = Type.Object(
  {
    service: ServiceName,
    version: Version('The version now running'),
    environment: Type.Optional(environmentKey('Where it runs; default DEFAULT_ENVIRONMENT')),
    previousVersion: Type.Optional(Version("What ran before; default the service's last deployment in this environment that was not rolled back")),
    commit: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', examples: ['4f2a9c1e7b3d'] })),
    migrations: Type.Optional(Migrations('The migrations this deployment applied, oldest first')),
    canaryFlag: Type.Optional(Type.String({ pattern: FLAG_KEY_PATTERN, maxLength: 128, description: 'The flag whose canary guards this deployment (it must exist in the environment)' })),
    rollbackOnCanaryFailure: Type.Optional(
      Type.Boolean({ description: "An automatic rollback of the guarding canary rolls this deployment back too; absent: the service's deployer setting" }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        service: 'checkout-api',
        version: '2026.12.03-2',
        environment: 'production',
        commit: '4f2a9c1e7b3d',
        migrations: ['0042_add_ledger_index', '0043_split_payments'],
        canaryFlag: 'new_payment_flow',
        rollbackOnCanaryFailure: true,
      },
    ],
  },
)
export type RecordDeploymentInput = Static<typeof RecordDeploymentBody>

const DeploymentId = Type.String({ format: 'uuid', maxLength: 36, description: 'The deployment id', examples: ['8f14e45f-ceea-467f-a9d5-3c1b6a1e2f00'] })
const DeploymentParams = pathParams({ id: DeploymentId })
const ServiceParams = pathParams({ service: ServiceName })
const tags = ['deployments']

export const recordDeploymentRoute = {
  operationId: 'recordDeployment',
  summary: 'Record a deployment (from CI)',
  description:
    'A canary on `canaryFlag` already running this version, or started with it later, is linked to the deployment. The environment is the body\'s `environment`, else `?environment=`, else DEFAULT_ENVIRONMENT.',
  tags,
  querystring: EnvironmentQuery,
  body: RecordDeploymentBody,
  response: { 201: described(ref(DeploymentSchema), 'Recorded'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const listDeploymentsRoute = {
  operationId: 'listDeployments',
  summary: 'List deployments, newest first',
  tags,
  querystring: Type.Object({
    ...EnvironmentQuery.properties,
    service: Type.Optional(ServiceName),
    version: Type.Optional(Type.String({ maxLength: 128, examples: ['2026.12.03-2'] })),
    status: Type.Optional(StringEnum(DEPLOYMENT_STATUSES)),
    limit: Limit(100, 1000),
  }),
  response: { 200: Type.Array(ref(DeploymentSchema), { description: 'Deployments in the environment, newest first' }), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const getDeploymentRoute = {
  operationId: 'getDeployment',
  summary: 'A deployment with its rollbacks and their phases',
  tags,
  params: DeploymentParams,
  response: { 200: described(ref(DeploymentDetailSchema), 'The deployment'), ...errors(400, ...AUTH_ERRORS, 404) },
}

export const DeploymentStatusBody = Type.Object(
  {
    status: StringEnum(ACKNOWLEDGED_OUTCOMES, { description: 'rolled_back: done; failed: the deployer could not do it' }),
    detail: Type.Optional(Type.String({ maxLength: 2000, description: 'What happened, in the deployer\'s words' })),
    rollbackId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The x-sluice-delivery of the request being answered; default the pending rollback of this deployment' }),
    ),
  },
  { additionalProperties: false, examples: [{ status: 'rolled_back', detail: 'checkout-api 2026.12.02-1 running on 12/12 pods', rollbackId: '5f0c1d2e-8a7b-4c3d-9e6f-1a2b3c4d5e6f' }] },
)

export const reportDeploymentStatusRoute = {
  operationId: 'reportDeploymentStatus',
  summary: "The deployer's acknowledgement of a rollback",
  description: 'Needs a `deployer` (or admin) token. The same acknowledgement sent again changes nothing and answers 200.',
  tags,
  params: DeploymentParams,
  body: DeploymentStatusBody,
  response: { 200: described(ref(DeploymentDetailSchema), 'Recorded (or already recorded)'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const DeploymentRollbackBody = Type.Object(
  { deploymentId: DeploymentId, reason: Reason },
  { additionalProperties: false, examples: [{ deploymentId: '8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d', reason: 'Ledger totals drift after the 14:30 deploy' }] },
)

export const MigrationRollbackBody = Type.Object(
  { deploymentId: DeploymentId, migrations: Migrations("Which of the deployment's migrations to revert, in the order to revert them", 1), reason: Reason },
  {
    additionalProperties: false,
    examples: [{ deploymentId: '8d5c7a10-2f4e-4b1a-9c3d-6e7f8a9b0c1d', migrations: ['0043_split_payments', '0042_add_ledger_index'], reason: 'Split payments double-book refunds' }],
  },
)

const ROLLBACK_DESCRIPTION =
  "In one transaction the deployment's canary flag is turned off (its canary ends at 0%) and the request to the service's deployer is queued; the deployer is asked (signed, retried with backoff, x-sluice-delivery as idempotency key) and answers at POST /admin/deployments/{id}/status."

export const rollbackDeploymentRoute = {
  operationId: 'rollbackDeployment',
  summary: "Roll a deployment back: its flags now, then its code through the service's deployer",
  description: `${ROLLBACK_DESCRIPTION} The deployer redeploys previousVersion.`,
  tags: ['rollbacks'],
  body: DeploymentRollbackBody,
  response: { 201: described(ref(RollbackSchema), 'Flags off; the deployer request is queued'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const rollbackMigrationRoute = {
  operationId: 'rollbackDatabaseMigration',
  summary: "Revert a deployment's database migrations: its flags now, then the migrations through the service's deployer",
  description: `${ROLLBACK_DESCRIPTION} The deployer reverts the named migrations.`,
  tags: ['rollbacks'],
  body: MigrationRollbackBody,
  response: { 201: described(ref(RollbackSchema), 'Flags off; the deployer request is queued'), ...errors(400, ...AUTH_ERRORS, 404, 409) },
}

export const ConfigureDeployerBody = Type.Object(
  {
    url: HttpUrl,
    secret: Type.String({ minLength: 16, maxLength: 256, description: 'Signs every request (x-sluice-signature, HMAC-SHA256); never returned' }),
    rollbackOnCanaryFailure: Type.Boolean({ default: false, description: "An automatic rollback of a canary guarding one of this service's deployments rolls the deployment back too" }),
  },
  {
    additionalProperties: false,
    examples: [{ url: 'https://deployer.internal.example.com/sluice', secret: 'whsec_6f1d0c3b9a8e7d6c5b4a', rollbackOnCanaryFailure: true }],
  },
)
export type ConfigureDeployerInput = Static<typeof ConfigureDeployerBody>

export const configureDeployerRoute = {
  operationId: 'configureDeployer',
  summary: "Set a service's deployer (webhook URL and secret)",
  tags: ['deployers'],
  params: ServiceParams,
  body: ConfigureDeployerBody,
  response: { 200: described(ref(DeployerSchema), 'Saved; the secret is not returned'), ...errors(400, ...AUTH_ERRORS) },
}

export const listDeployersRoute = {
  operationId: 'listDeployers',
  summary: 'List deployers (without their secrets)',
  tags: ['deployers'],
  response: { 200: Type.Array(ref(DeployerSchema), { description: 'Deployers by service' }), ...errors(...AUTH_ERRORS) },
}

export const DeployerTestResult = Type.Object(
  {
    service: ServiceName,
    delivered: Type.Boolean({ description: 'The deployer answered 2xx' }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong, e.g. `HTTP 401` or a timeout' }),
    durationMs: Type.Number(),
  },
  { examples: [{ service: 'checkout-api', delivered: true, error: null, durationMs: 41.7 }] },
)

export const testDeployerRoute = {
  operationId: 'testDeployer',
  summary: 'Send a signed test request (`deployer.test`) to a deployer now',
  tags: ['deployers'],
  params: ServiceParams,
  response: { 200: described(DeployerTestResult, 'What the deployer answered'), ...errors(400, ...AUTH_ERRORS, 404) },
}
