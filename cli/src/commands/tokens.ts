import { unwrap, type components } from '@sluice/api-client'
import { OptionError, requiredString } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatTime, renderFields, renderTable } from '../table.js'

type ApiToken = components['schemas']['ApiToken']
type Role = ApiToken['role']

const ROLES: readonly Role[] = ['admin', 'operator', 'viewer', 'sdk', 'deployer']

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export const tokensGroup: CommandGroup = {
  name: 'tokens',
  summary: 'API tokens (admin token needed)',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List API tokens, revoked ones included; secrets are never shown again',
      async run(api) {
        const tokens = await unwrap(api.GET('/api/v1/admin/api-tokens'))
        const rows = tokens.map((t) => [t.id, t.name, t.role, t.source, t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : 'active', formatTime(t.createdAt)])
        const table = renderTable([{ header: 'ID' }, { header: 'NAME' }, { header: 'ROLE' }, { header: 'SOURCE' }, { header: 'STATE' }, { header: 'CREATED' }], rows)
        return { data: tokens, text: tokens.length ? table : 'no API tokens' }
      },
    },
    {
      name: 'create',
      args: ['<name>'],
      summary: 'Create a token and print its secret, shown this once',
      description: 'A new admin token replaces a lost one: create it with an admin token you still have, then revoke the lost one.',
      options: { role: { type: 'string', value: '<role>', required: true, description: `One of ${ROLES.join(', ')}` } },
      async run(api, { args, options }) {
        const role = requiredString(options, 'role')
        if (!isRole(role)) throw new OptionError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`)
        // `--env` binds an sdk token to that environment (absent: the server's DEFAULT_ENVIRONMENT).
        const scope = role === 'sdk' && typeof options.env === 'string' ? { environment: options.env } : {}
        const created = await unwrap(api.POST('/api/v1/admin/api-tokens', { body: { name: args[0]!, role, ...scope } }))
        const fields = renderFields([
          ['token', created.token],
          ['id', created.id],
          ['name', created.name],
          ['role', created.role],
        ])
        return { data: created, text: `created; the token is shown only this once:\n\n${fields}` }
      },
    },
    {
      name: 'revoke',
      args: ['<id>'],
      summary: 'Revoke a token at once, on every replica',
      async run(api, { args }) {
        await unwrap(api.DELETE('/api/v1/admin/api-tokens/{id}', { params: { path: { id: args[0]! } } }))
        return { data: { id: args[0], revoked: true }, text: `revoked ${args[0]}` }
      },
    },
  ],
}
