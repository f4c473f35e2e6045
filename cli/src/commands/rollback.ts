import { unwrap, type Rollback } from '@sluice/api-client'
import { given, optionalNumber, optionalString, parseNumber, requiredString } from '../args.js'
import type { CommandGroup, OptionSpec } from '../command.js'
import { formatTime, renderFields, renderTable } from '../table.js'

const reason: Record<string, OptionSpec> = {
  reason: { type: 'string', value: '<reason>', required: true, description: 'Why, for the rollback record' },
}

function describeRollback(rollback: Rollback): string {
  return renderFields([
    ['rollback', rollback.id],
    ['type', rollback.type],
    ['flag', rollback.targetKey],
    ['reason', rollback.reason],
    ['actor', rollback.actor],
    ['at', formatTime(rollback.createdAt)],
    ['took', `${Math.round(rollback.durationMs * 10) / 10} ms`],
  ])
}

const done = (headline: string, rollback: Rollback) => ({ data: rollback, text: `${headline}\n\n${describeRollback(rollback)}` })

export const rollbackGroup: CommandGroup = {
  name: 'rollback',
  summary: 'instant, recorded rollbacks',
  commands: [
    {
      name: 'flag',
      args: ['<key>'],
      summary: 'Disable a flag now (and end its canary)',
      options: reason,
      async run(api, { args: [key], options }) {
        const body = { featureKey: key!, reason: requiredString(options, 'reason') }
        return done(`disabled ${key}`, await unwrap(api.POST('/api/v1/admin/rollbacks/feature-flag', { body })))
      },
    },
    {
      name: 'canary',
      args: ['<key>'],
      summary: "Drop a flag's canary to 0% now",
      options: reason,
      async run(api, { args: [key], options }) {
        const body = { featureKey: key!, reason: requiredString(options, 'reason') }
        return done(`rolled back the canary on ${key} to 0%`, await unwrap(api.POST('/api/v1/admin/rollbacks/canary', { body })))
      },
    },
    {
      name: 'version',
      args: ['<key>', '<version>'],
      summary: 'Put a flag back as it was at an earlier version',
      options: reason,
      async run(api, { args: [key, version], options }) {
        const body = { featureKey: key!, version: parseNumber('<version>', version!), reason: requiredString(options, 'reason') }
        return done(`reverted ${key} to version ${version}`, await unwrap(api.POST('/api/v1/admin/rollbacks/flag-version', { body })))
      },
    },
    {
      name: 'ls',
      args: [],
      summary: 'List rollbacks, newest first',
      options: {
        key: { type: 'string', value: '<key>', description: 'Only this flag' },
        limit: { type: 'string', value: '<n>', description: 'At most this many (default 100)' },
      },
      async run(api, { options }) {
        const query = given({ targetKey: optionalString(options, 'key'), limit: optionalNumber(options, 'limit') })
        const rollbacks = await unwrap(api.GET('/api/v1/admin/rollbacks', { params: { query } }))
        if (rollbacks.length === 0) return { data: rollbacks, text: 'no rollbacks' }
        const rows = rollbacks.map((r) => [formatTime(r.createdAt), r.type, r.targetKey, r.automatic ? `${r.actor} (auto)` : r.actor, r.reason])
        return { data: rollbacks, text: renderTable([{ header: 'AT' }, { header: 'TYPE' }, { header: 'FLAG' }, { header: 'ACTOR' }, { header: 'REASON' }], rows) }
      },
    },
  ],
}
