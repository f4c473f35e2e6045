import { unwrap, type components } from '@sluice/api-client'
import { given, OptionError, optionalBoolean, optionalNumber, optionalString, optionalStrings, requiredString } from '../args.js'
import type { CommandGroup, OptionSpec } from '../command.js'
import { formatTime, renderFields, renderTable } from '../table.js'

type Deployment = components['schemas']['Deployment']
type Rollback = components['schemas']['Rollback']
type Deployer = components['schemas']['Deployer']

const reason: Record<string, OptionSpec> = {
  reason: { type: 'string', value: '<reason>', required: true, description: 'Why, for the rollback record' },
}
const idPath = (id: string) => ({ params: { path: { id } } })

function describeDeployment(d: Deployment): string {
  return renderFields([
    ['deployment', d.id],
    ['service', d.service],
    ['version', d.version],
    ['previous', d.previousVersion ?? '–'],
    ['environment', d.environment],
    ['status', d.status],
    ['commit', d.commit ?? undefined],
    ['migrations', d.migrations.join(', ') || undefined],
    ['canary flag', d.canaryFlag ?? undefined],
    ['at', formatTime(d.createdAt)],
  ])
}

function describePhases(rollback: Rollback): string {
  const p = rollback.phases
  if (!p) return ''
  const seconds = (s: number | null) => (s === null ? '–' : `${s} s`)
  return renderFields([
    ['rollback', rollback.id],
    ['type', rollback.type],
    ['asks', p.action === 'redeploy' ? `redeploy ${p.version}` : `revert ${p.migrations.join(', ')}`],
    ['flags off', `${p.flagsOffMs} ms`],
    ['deployer asked', p.askedAt ? `after ${seconds(p.askedAfterSeconds)} (${p.deliveryAttempts} attempt(s))` : `not yet (${p.deliveryAttempts} attempt(s)${p.lastDeliveryError ? `, last: ${p.lastDeliveryError}` : ''})`],
    ['acknowledged', p.acknowledgedAt ? `${p.outcome} after ${seconds(p.acknowledgedAfterSeconds)}${p.detail ? `: ${p.detail}` : ''}` : p.overdue ? 'OVERDUE' : 'not yet'],
  ])
}

export const deployGroup: CommandGroup = {
  name: 'deploy',
  summary: 'deployments recorded from CI, and their rollbacks',
  commands: [
    {
      name: 'record',
      args: ['<service>', '<version>'],
      summary: 'Record a deployment (run it from CI after deploying)',
      options: {
        previous: { type: 'string', value: '<version>', description: "What ran before (default: the service's last deployment not rolled back)" },
        commit: { type: 'string', value: '<sha>', description: 'The commit deployed' },
        migration: { type: 'string', multiple: true, value: '<name>', description: 'A migration it applied; repeat for more, oldest first' },
        'canary-flag': { type: 'string', value: '<key>', description: 'The flag whose canary guards this deployment' },
        'rollback-on-canary-failure': { type: 'string', value: 'true|false', description: "Roll the deployment back when its canary rolls back automatically (default: the service's deployer setting)" },
      },
      async run(api, { args: [service, version], options }) {
        const body = {
          service: service!,
          version: version!,
          migrations: optionalStrings(options, 'migration'),
          ...given({
            previousVersion: optionalString(options, 'previous'),
            commit: optionalString(options, 'commit'),
            canaryFlag: optionalString(options, 'canary-flag'),
            rollbackOnCanaryFailure: optionalBoolean(options, 'rollback-on-canary-failure'),
          }),
        }
        const deployment = await unwrap(api.POST('/api/v1/admin/deployments', { body }))
        return { data: deployment, text: `recorded ${service} ${version}\n\n${describeDeployment(deployment)}` }
      },
    },
    {
      name: 'ls',
      args: [],
      summary: 'List deployments, newest first',
      options: {
        service: { type: 'string', value: '<service>', description: 'Only this service' },
        limit: { type: 'string', value: '<n>', description: 'At most this many (default 100)' },
      },
      async run(api, { options }) {
        const query = given({ service: optionalString(options, 'service'), limit: optionalNumber(options, 'limit') })
        const deployments = await unwrap(api.GET('/api/v1/admin/deployments', { params: { query } }))
        if (deployments.length === 0) return { data: deployments, text: 'no deployments' }
        const rows = deployments.map((d) => [d.id, formatTime(d.createdAt), d.service, d.version, d.previousVersion ?? '–', d.status])
        return { data: deployments, text: renderTable([{ header: 'ID' }, { header: 'AT' }, { header: 'SERVICE' }, { header: 'VERSION' }, { header: 'PREVIOUS' }, { header: 'STATUS' }], rows) }
      },
    },
    {
      name: 'show',
      args: ['<id>'],
      summary: 'A deployment with its rollbacks and their phases',
      async run(api, { args: [id] }) {
        const detail = await unwrap(api.GET('/api/v1/admin/deployments/{id}', idPath(id!)))
        return { data: detail, text: [describeDeployment(detail), ...detail.rollbacks.map(describePhases)].join('\n\n') }
      },
    },
    {
      name: 'rollback',
      args: ['<id>'],
      summary: "Turn its canary flag off now and ask the service's deployer to redeploy the previous version",
      options: reason,
      async run(api, { args: [id], options }) {
        const body = { deploymentId: id!, reason: requiredString(options, 'reason') }
        const rollback = await unwrap(api.POST('/api/v1/admin/rollbacks/deployment', { body }))
        return { data: rollback, text: `rolling back ${rollback.targetKey}\n\n${describePhases(rollback)}` }
      },
    },
    {
      name: 'revert-migrations',
      args: ['<id>'],
      summary: "Turn its canary flag off now and ask the service's deployer to revert migrations",
      options: { ...reason, migration: { type: 'string', multiple: true, value: '<name>', description: 'A migration to revert (at least one); repeat for more, in the order to revert them' } },
      async run(api, { args: [id], options }) {
        const migrations = optionalStrings(options, 'migration')
        if (migrations.length === 0) throw new OptionError('--migration is required: name each migration to revert')
        const body = { deploymentId: id!, migrations, reason: requiredString(options, 'reason') }
        const rollback = await unwrap(api.POST('/api/v1/admin/rollbacks/database-migration', { body }))
        return { data: rollback, text: `reverting ${body.migrations.join(', ')} of ${rollback.targetKey}\n\n${describePhases(rollback)}` }
      },
    },
    {
      name: 'status',
      args: ['<id>', '<rolled_back|failed>'],
      summary: "Report a rollback's outcome (the deployer's acknowledgement; a deployer token may do this)",
      options: {
        detail: { type: 'string', value: '<text>', description: 'What happened' },
        rollback: { type: 'string', value: '<rollback-id>', description: 'The x-sluice-delivery of the request answered (default: the pending one)' },
      },
      async run(api, { args: [id, status], options }) {
        if (status !== 'rolled_back' && status !== 'failed') throw new OptionError(`<status> must be rolled_back or failed, got "${status}"`)
        const body = { status, ...given({ detail: optionalString(options, 'detail'), rollbackId: optionalString(options, 'rollback') }) } as const
        const deployment = await unwrap(api.POST('/api/v1/admin/deployments/{id}/status', { ...idPath(id!), body }))
        return { data: deployment, text: `recorded ${status} for ${deployment.service} ${deployment.version}` }
      },
    },
  ],
}

function describeDeployer(d: Deployer): string {
  return renderFields([
    ['service', d.service],
    ['url', d.url],
    ['rollback on canary failure', String(d.rollbackOnCanaryFailure)],
    ['updated', `${formatTime(d.updatedAt)} by ${d.updatedBy}`],
  ])
}

export const deployersGroup: CommandGroup = {
  name: 'deployers',
  summary: "each service's deployer webhook (admin token needed to change)",
  commands: [
    {
      name: 'set',
      args: ['<service>'],
      summary: "Set a service's deployer URL and signing secret",
      options: {
        url: { type: 'string', value: '<url>', required: true, description: 'Where Sluice POSTs rollback requests' },
        secret: { type: 'string', value: '<secret>', required: true, description: 'Signs every request (HMAC-SHA256); at least 16 characters, never shown again' },
        'rollback-on-canary-failure': { type: 'string', value: 'true|false', description: "Roll a deployment back when its canary rolls back automatically (default false)" },
      },
      async run(api, { args: [service], options }) {
        const rollbackOnCanaryFailure = optionalBoolean(options, 'rollback-on-canary-failure') ?? false
        const body = { url: requiredString(options, 'url'), secret: requiredString(options, 'secret'), rollbackOnCanaryFailure }
        const deployer = await unwrap(api.PUT('/api/v1/admin/deployers/{service}', { params: { path: { service: service! } }, body }))
        return { data: deployer, text: `saved the deployer of ${service}\n\n${describeDeployer(deployer)}` }
      },
    },
    {
      name: 'ls',
      args: [],
      summary: 'List deployers',
      async run(api) {
        const deployers = await unwrap(api.GET('/api/v1/admin/deployers'))
        if (deployers.length === 0) return { data: deployers, text: 'no deployers' }
        const rows = deployers.map((d) => [d.service, d.url, String(d.rollbackOnCanaryFailure), formatTime(d.updatedAt)])
        return { data: deployers, text: renderTable([{ header: 'SERVICE' }, { header: 'URL' }, { header: 'ON CANARY FAILURE' }, { header: 'UPDATED' }], rows) }
      },
    },
    {
      name: 'test',
      args: ['<service>'],
      summary: 'Send a signed test request to the deployer now',
      async run(api, { args: [service] }) {
        const result = await unwrap(api.POST('/api/v1/admin/deployers/{service}/test', { params: { path: { service: service! } } }))
        return { data: result, text: result.delivered ? `the deployer of ${service} answered 2xx in ${result.durationMs} ms` : `the deployer of ${service} failed: ${result.error}` }
      },
    },
  ],
}
