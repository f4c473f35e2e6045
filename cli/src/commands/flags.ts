import { unwrap, type ApiClient, type FeatureFlag, type paths } from '@sluice/api-client'
import { optionalBoolean, optionalNumber, optionalString, OptionError } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatPercent, formatTime, renderFields, renderTable } from '../table.js'

type FlagUpdate = paths['/api/v1/admin/feature-flags/{key}']['put']['requestBody']['content']['application/json']

const path = (key: string) => ({ params: { path: { key } } })

function state(flag: FeatureFlag): string {
  if (flag.archived) return 'archived'
  return flag.enabled ? 'on' : 'off'
}

/** Who the flag is on for, in a word or two. */
function rollout(flag: FeatureFlag): string {
  switch (flag.type) {
    case 'percentage':
      return formatPercent(flag.percentage ?? 0)
    case 'user_targeting':
      return `${flag.userIds?.length ?? 0} users`
    case 'ip_targeting':
      return `${flag.ips?.length ?? 0} addresses`
    default:
      return 'everyone'
  }
}

const preview = (items: string[] | undefined) =>
  items === undefined ? undefined : items.length <= 5 ? items.join(', ') || '(none)' : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`

export function describeFlag(flag: FeatureFlag): string {
  return renderFields([
    ['key', flag.key],
    ['name', flag.name],
    ['description', flag.description],
    ['type', flag.type],
    ['state', state(flag)],
    ['rollout', rollout(flag)],
    ['group id', flag.groupId],
    ['stickiness', flag.stickiness],
    ['user ids', preview(flag.userIds)],
    ['ips', preview(flag.ips)],
    ['variants', flag.variants?.map((v) => `${v.key} (weight ${v.weight})`).join(', ')],
    ['version', String(flag.version)],
    ['created', formatTime(flag.createdAt)],
    ['updated', formatTime(flag.updatedAt)],
  ])
}

export const flagsGroup: CommandGroup = {
  name: 'flags',
  summary: 'read and change feature flags',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List feature flags',
      options: { archived: { type: 'boolean', description: 'Include archived flags' } },
      async run(api: ApiClient, { options }) {
        const flags = await unwrap(api.GET('/api/v1/admin/feature-flags', { params: { query: { includeArchived: options.archived === true } } }))
        if (flags.length === 0) return { data: flags, text: 'no feature flags' }
        const rows = flags.map((f) => [f.key, f.type, state(f), rollout(f), String(f.version), formatTime(f.updatedAt)])
        const columns = [{ header: 'KEY' }, { header: 'TYPE' }, { header: 'STATE' }, { header: 'ROLLOUT' }, { header: 'VERSION', align: 'right' as const }, { header: 'UPDATED' }]
        return { data: flags, text: renderTable(columns, rows) }
      },
    },
    {
      name: 'get',
      args: ['<key>'],
      summary: 'Show one flag',
      async run(api, { args: [key] }) {
        const flag = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}', path(key!)))
        return { data: flag, text: describeFlag(flag) }
      },
    },
    {
      name: 'set',
      args: ['<key>'],
      summary: 'Turn a flag on or off, or change its percentage or description',
      description:
        'Only the fields given change. With --if-version the change is refused (412) when someone changed the flag since you read that version. A flag under an active canary keeps the percentage the canary gives it: use `sluice canary`.',
      options: {
        enabled: { type: 'string', value: 'true|false', description: 'On or off for everyone it targets' },
        percentage: { type: 'string', value: '<0-100>', description: 'Share of users, for percentage flags' },
        description: { type: 'string', value: '<text>', description: 'What the flag is for' },
        'if-version': { type: 'string', value: '<version>', description: 'Only if the flag is still at this version' },
      },
      async run(api, { args: [key], options }) {
        const body: FlagUpdate = {}
        const enabled = optionalBoolean(options, 'enabled')
        const percentage = optionalNumber(options, 'percentage')
        const description = optionalString(options, 'description')
        if (enabled !== undefined) body.enabled = enabled
        if (percentage !== undefined) body.percentage = percentage
        if (description !== undefined) body.description = description
        if (Object.keys(body).length === 0) throw new OptionError('nothing to change: give --enabled, --percentage or --description')
        const ifVersion = optionalNumber(options, 'if-version')
        const flag = await unwrap(
          api.PUT('/api/v1/admin/feature-flags/{key}', {
            params: { path: { key: key! }, ...(ifVersion !== undefined ? { header: { 'if-match': String(ifVersion) } } : {}) },
            body,
          }),
        )
        return { data: flag, text: `updated ${flag.key} to version ${flag.version}\n\n${describeFlag(flag)}` }
      },
    },
  ],
}
