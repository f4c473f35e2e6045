import { unwrap, type ChaosRule } from '@sluice/api-client'
import { optionalString } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatPercent, formatTime, renderTable } from '../table.js'

function rulesTable(rules: ChaosRule[]): string {
  const rows = rules.map((r) => [r.id, r.name, r.type, r.enabled ? 'on' : 'off', formatPercent(r.probability), r.target ?? '(all routes)', formatTime(r.expiresAt)])
  return renderTable(
    [{ header: 'ID' }, { header: 'NAME' }, { header: 'TYPE' }, { header: 'STATE' }, { header: 'PROB', align: 'right' }, { header: 'TARGET' }, { header: 'EXPIRES' }],
    rows,
  )
}

export const chaosGroup: CommandGroup = {
  name: 'chaos',
  summary: 'see and stop fault injection',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List chaos rules',
      async run(api) {
        const rules = await unwrap(api.GET('/api/v1/admin/chaos-rules'))
        return { data: rules, text: rules.length ? rulesTable(rules) : 'no chaos rules' }
      },
    },
    {
      name: 'halt',
      args: [],
      summary: 'Disable every chaos rule at once',
      description: 'Works in every environment and for operator tokens; SDKs stop injecting within milliseconds.',
      options: { reason: { type: 'string', value: '<reason>', description: 'Recorded on each rule and in the audit log' } },
      async run(api, { options }) {
        const reason = optionalString(options, 'reason')
        const result = await unwrap(api.POST('/api/v1/admin/chaos-rules/halt', { body: reason !== undefined ? { reason } : {} }))
        const headline = result.halted === 0 ? 'no enabled chaos rules: nothing to halt' : `halted ${result.halted} chaos rule${result.halted === 1 ? '' : 's'}`
        return { data: result, text: result.halted ? `${headline}\n\n${rulesTable(result.rules)}` : headline }
      },
    },
  ],
}
