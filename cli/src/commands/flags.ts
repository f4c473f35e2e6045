import { unwrap, type ApiClient, type FeatureFlag, type FlagCheck, type paths } from '@sluice/api-client'
import { optionalBoolean, optionalNumber, optionalString, optionalStrings, OptionError } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatPercent, formatTime, renderFields, renderTable } from '../table.js'

type FlagUpdate = paths['/api/v1/admin/feature-flags/{key}']['put']['requestBody']['content']['application/json']
type CheckQuery = NonNullable<paths['/api/v1/admin/feature-flags/{key}/check']['get']['parameters']['query']>

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
    case 'rules':
      return `${flag.rules?.length ?? 0} rules`
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
    ['tags', flag.tags.length > 0 ? flag.tags.join(', ') : undefined],
    ['type', flag.type],
    ['state', state(flag)],
    ['rollout', rollout(flag)],
    ['group id', flag.groupId],
    ['stickiness', flag.stickiness],
    ['user ids', preview(flag.userIds)],
    ['ips', preview(flag.ips)],
    ['variants', flag.variants?.map((v) => `${v.key} (weight ${v.weight})`).join(', ')],
    ['rules', flag.rules?.map((rule) => `${rule.id}${rule.name ? ` (${rule.name})` : ''}: ${rule.rollout ?? 100}%`).join(', ')],
    ['depends on', flag.dependencies?.map((d) => `${d.flag}${d.enabled === false ? ' off' : ''}`).join(', ')],
    ['version', String(flag.version)],
    ['created', formatTime(flag.createdAt)],
    ['updated', formatTime(flag.updatedAt)],
  ])
}

/** `--tags "payments, team:checkout"` → its tags; an empty value is no tags. */
function parseTags(value: string): string[] {
  return value.split(/[\s,]+/).filter((tag) => tag !== '')
}

/** `--attr plan=pro` → `attr.plan=pro`, the check route's parameter for an attribute. */
function attributeParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new OptionError(`--attr must be name=value, got "${pair}"`)
    params[`attr.${pair.slice(0, at)}`] = pair.slice(at + 1)
  }
  return params
}

function describeFailure(failed: NonNullable<NonNullable<FlagCheck['rules']>[number]['failed']>): string {
  switch (failed.kind) {
    case 'rollout':
      return `outside the ${failed.rollout ?? 0}% rollout`
    case 'segment':
      return `segment ${failed.segment}${failed.attribute ? `: ${failed.attribute} ${failed.operator} (constraint ${failed.index})` : ''}`
    default:
      return `${failed.attribute} ${failed.operator} (constraint ${failed.index})`
  }
}

export function describeCheck(check: FlagCheck): string {
  const headline = `${check.key}: ${check.enabled ? 'on' : 'off'} (${check.reason}${check.ruleId ? `, rule ${check.ruleId}` : ''})${check.variant ? `, variant ${check.variant.key}` : ''}`
  const lines = [headline]
  for (const dependency of check.dependencies ?? []) lines.push(`  depends on ${dependency.flag}: ${dependency.held ? 'held' : 'did not hold'}`)
  for (const rule of check.rules ?? []) {
    const name = rule.name ? `${rule.id} (${rule.name})` : rule.id
    lines.push(`  rule ${name}: ${rule.matched ? 'matched' : rule.failed ? `failed on ${describeFailure(rule.failed)}` : 'did not match'}`)
  }
  return lines.join('\n')
}

export const flagsGroup: CommandGroup = {
  name: 'flags',
  summary: 'read and change feature flags',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List feature flags',
      options: {
        archived: { type: 'boolean', description: 'Include archived flags' },
        tag: { type: 'string', multiple: true, value: '<tag>', description: 'Only flags with this tag; repeat for flags with all of them (--tag payments --tag team:checkout)' },
      },
      async run(api: ApiClient, { options }) {
        const tags = optionalStrings(options, 'tag')
        const query = { includeArchived: options.archived === true, ...(tags.length > 0 ? { tag: tags } : {}) }
        const flags = await unwrap(api.GET('/api/v1/admin/feature-flags', { params: { query } }))
        if (flags.length === 0) return { data: flags, text: tags.length > 0 ? `no feature flags tagged ${tags.join(' and ')}` : 'no feature flags' }
        const rows = flags.map((f) => [f.key, f.type, state(f), rollout(f), String(f.version), formatTime(f.updatedAt), f.tags.join(',')])
        const columns = [
          { header: 'KEY' },
          { header: 'TYPE' },
          { header: 'STATE' },
          { header: 'ROLLOUT' },
          { header: 'VERSION', align: 'right' as const },
          { header: 'UPDATED' },
          { header: 'TAGS' },
        ]
        return { data: flags, text: renderTable(columns, rows) }
      },
    },
    {
      name: 'check',
      args: ['<key>'],
      summary: 'Evaluate a flag for a context, and say why',
      description: 'The control plane evaluates with the engine the SDKs run. For a rules flag the answer names the rule that decided, or for each rule the first constraint that failed.',
      options: {
        user: { type: 'string', value: '<id>', description: 'The userId' },
        session: { type: 'string', value: '<id>', description: 'The sessionId' },
        ip: { type: 'string', value: '<address>', description: 'The client address' },
        app: { type: 'string', value: '<name>', description: 'The appName' },
        environment: { type: 'string', value: '<name>', description: 'The environment' },
        time: { type: 'string', value: '<iso-8601>', description: 'The currentTime DATE_* constraints compare with (default now)' },
        attr: { type: 'string', multiple: true, value: '<name=value>', description: 'An attribute; repeat for more (--attr plan=pro --attr country=DE)' },
      },
      async run(api, { args: [key], options }) {
        const query: CheckQuery = {}
        const fields = { userId: 'user', sessionId: 'session', ip: 'ip', appName: 'app', environment: 'environment', currentTime: 'time' } as const
        for (const [field, option] of Object.entries(fields)) {
          const value = optionalString(options, option)
          if (value !== undefined) query[field as keyof typeof fields] = value
        }
        Object.assign(query, attributeParams(optionalStrings(options, 'attr')))
        const check = await unwrap(api.GET('/api/v1/admin/feature-flags/{key}/check', { params: { path: { key: key! }, query } }))
        return { data: check, text: describeCheck(check) }
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
      summary: 'Turn a flag on or off, or change its percentage, description or tags',
      description:
        'Only the fields given change. With --if-version the change is refused (412) when someone changed the flag since you read that version. A flag under an active canary keeps the percentage the canary gives it: use `sluice canary`.',
      options: {
        enabled: { type: 'string', value: 'true|false', description: 'On or off for everyone it targets' },
        percentage: { type: 'string', value: '<0-100>', description: 'Share of users, for percentage flags' },
        description: { type: 'string', value: '<text>', description: 'What the flag is for' },
        tags: { type: 'string', value: '<tag,...>', description: 'Replace its tags (in every environment), separated by commas or spaces; "" removes them all' },
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
        const tags = optionalString(options, 'tags')
        if (tags !== undefined) body.tags = parseTags(tags)
        if (Object.keys(body).length === 0) throw new OptionError('nothing to change: give --enabled, --percentage, --description or --tags')
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
