import { unwrap, type Segment } from '@sluice/api-client'
import type { CommandGroup } from '../command.js'
import { formatTime, renderFields, renderTable } from '../table.js'

const path = (key: string) => ({ params: { path: { key } } })

/** `plan IN pro, team`: one constraint as a person reads it. */
export function describeConstraint(constraint: Segment['constraints'][number]): string {
  const operand = constraint.values ? constraint.values.join(', ') : (constraint.value ?? '')
  return `${constraint.inverted ? 'NOT ' : ''}${constraint.attribute} ${constraint.operator} ${operand}${constraint.caseInsensitive ? ' (any case)' : ''}`
}

function describeSegment(segment: Segment): string {
  return renderFields([
    ['key', segment.key],
    ['name', segment.name],
    ['description', segment.description],
    ['constraints', segment.constraints.map(describeConstraint).join('\n' + ' '.repeat('constraints:'.length + 2)) || '(none: everyone)'],
    ['version', String(segment.version)],
    ['updated', formatTime(segment.updatedAt)],
  ])
}

export const segmentsGroup: CommandGroup = {
  name: 'segments',
  summary: 'reusable audiences for rules flags',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List segments',
      async run(api) {
        const segments = await unwrap(api.GET('/api/v1/admin/segments'))
        if (segments.length === 0) return { data: segments, text: 'no segments' }
        const rows = segments.map((s) => [s.key, s.name, String(s.constraints.length), String(s.version), formatTime(s.updatedAt)])
        const columns = [{ header: 'KEY' }, { header: 'NAME' }, { header: 'CONSTRAINTS', align: 'right' as const }, { header: 'VERSION', align: 'right' as const }, { header: 'UPDATED' }]
        return { data: segments, text: renderTable(columns, rows) }
      },
    },
    {
      name: 'get',
      args: ['<key>'],
      summary: 'Show one segment',
      async run(api, { args: [key] }) {
        const segment = await unwrap(api.GET('/api/v1/admin/segments/{key}', path(key!)))
        return { data: segment, text: describeSegment(segment) }
      },
    },
    {
      name: 'rm',
      args: ['<key>'],
      summary: 'Delete a segment',
      description: 'Refused (409) while a flag that is not archived names the segment; the message lists those flags.',
      async run(api, { args: [key] }) {
        await unwrap(api.DELETE('/api/v1/admin/segments/{key}', path(key!)))
        return { data: { key, deleted: true }, text: `deleted segment ${key}` }
      },
    },
  ],
}
