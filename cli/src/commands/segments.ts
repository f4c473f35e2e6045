import { unwrap, type Segment } from '@sluice/api-client'
import { optionalNumber, optionalString, OptionError, requiredString } from '../args.js'
import type { CommandGroup, OptionSpec } from '../command.js'
import { readJson } from '../json-file.js'
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

const constraintsOption: OptionSpec = {
  type: 'string',
  value: '<file>',
  description: 'A JSON file holding the constraints, e.g. [{"attribute":"country","operator":"IN","values":["DE","FR"]}]',
}

async function constraintsFrom(file: string): Promise<Segment['constraints']> {
  // The service checks every constraint and answers 400 naming the field.
  return (await readJson(file)) as Segment['constraints']
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
      name: 'create',
      args: ['<key>'],
      summary: 'Create a segment',
      options: {
        name: { type: 'string', value: '<name>', required: true, description: 'For people' },
        constraints: { ...constraintsOption, required: true },
        description: { type: 'string', value: '<text>', description: 'What the audience is' },
      },
      async run(api, { args: [key], options }) {
        const description = optionalString(options, 'description')
        const body = { key: key!, name: requiredString(options, 'name'), constraints: await constraintsFrom(requiredString(options, 'constraints')), ...(description !== undefined ? { description } : {}) }
        const segment = await unwrap(api.POST('/api/v1/admin/segments', { body }))
        return { data: segment, text: `created segment ${segment.key}\n\n${describeSegment(segment)}` }
      },
    },
    {
      name: 'set',
      args: ['<key>'],
      summary: "Replace a segment's constraints, or rename it",
      description: 'Every flag that names the segment sees the change at once. With --if-version the change is refused (409) when someone changed the segment since you read that version.',
      options: {
        constraints: constraintsOption,
        name: { type: 'string', value: '<name>', description: 'A new name' },
        'if-version': { type: 'string', value: '<version>', description: 'Only if the segment is still at this version' },
      },
      async run(api, { args: [key], options }) {
        const file = optionalString(options, 'constraints')
        const name = optionalString(options, 'name')
        const body = { ...(file !== undefined ? { constraints: await constraintsFrom(file) } : {}), ...(name !== undefined ? { name } : {}) }
        if (Object.keys(body).length === 0) throw new OptionError('nothing to change: give --constraints or --name')
        const ifVersion = optionalNumber(options, 'if-version')
        const segment = await unwrap(
          api.PUT('/api/v1/admin/segments/{key}', { params: { path: { key: key! }, ...(ifVersion !== undefined ? { header: { 'if-match': String(ifVersion) } } : {}) }, body }),
        )
        return { data: segment, text: `updated ${segment.key} to version ${segment.version}\n\n${describeSegment(segment)}` }
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
