import { unwrap, type components } from '@sluice/api-client'
import { OptionError } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatTime, renderTable } from '../table.js'

type Environment = components['schemas']['Environment']

function table(environments: Environment[]): string {
  const rows = environments.map((e) => [e.key, e.name, e.production ? 'yes' : 'no', String(e.sortOrder), formatTime(e.createdAt)])
  return renderTable([{ header: 'KEY' }, { header: 'NAME' }, { header: 'PRODUCTION' }, { header: 'ORDER' }, { header: 'CREATED' }], rows)
}

export const environmentsGroup: CommandGroup = {
  name: 'env',
  summary: 'Environments: each holds its own flag configuration, canaries, chaos rules and segments',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List environments',
      async run(api) {
        const environments = await unwrap(api.GET('/api/v1/admin/environments'))
        return { data: environments, text: environments.length ? table(environments) : 'no environments' }
      },
    },
    {
      name: 'create',
      args: ['<key>'],
      summary: 'Create an environment; every flag is copied into it, disabled',
      options: {
        name: { type: 'string', value: '<name>', description: 'Display name (default: the key)' },
        production: { type: 'boolean', description: 'A production environment: chaos rules are refused in it' },
        order: { type: 'string', value: '<n>', description: 'Sort order in lists' },
      },
      async run(api, { args, options }) {
        const key = args[0]!
        const order = typeof options.order === 'string' ? Number(options.order) : undefined
        if (order !== undefined && !Number.isInteger(order)) throw new OptionError(`--order must be an integer, got "${String(options.order)}"`)
        const body = {
          key,
          name: typeof options.name === 'string' ? options.name : key,
          ...(options.production === true ? { production: true } : {}),
          ...(order === undefined ? {} : { sortOrder: order }),
        }
        const created = await unwrap(api.POST('/api/v1/admin/environments', { body }))
        return { data: created, text: `created environment ${created.key}${created.production ? ' (production)' : ''}\n${table([created])}` }
      },
    },
  ],
}
