import { unwrap, type CanaryDeployment, type CanaryDeploymentDetail, type CanarySideMetrics, type paths } from '@sluice/api-client'
import { optionalList, optionalNumber, optionalString, parseNumber, requiredString } from '../args.js'
import type { CommandGroup } from '../command.js'
import { formatMs, formatPercent, formatTime, renderFields, renderTable } from '../table.js'

type StartBody = paths['/api/v1/admin/canary-deployments']['post']['requestBody']['content']['application/json']

const path = (key: string) => ({ params: { path: { key } } })

/**
 * The ramp with the canary's place on it: the step it is at in brackets, or, after a manual
 * increase between two steps, its percentage in brackets where it sits (`5 → 10 → [30] → 50`).
 * The percentage decides, not `currentStep`, which points at the last step reached.
 */
export function rampLine(steps: readonly number[], percentage: number): string | undefined {
  if (steps.length === 0) return undefined
  const marks = steps.includes(percentage) ? [...steps] : [...steps, percentage].sort((a, b) => a - b)
  return marks.map((s) => (s === percentage ? `[${s}]` : String(s))).join(' → ')
}

function describeCanary(canary: CanaryDeployment): string {
  return renderFields([
    ['flag', canary.featureKey],
    ['version', canary.version],
    ['status', canary.status],
    ['percentage', formatPercent(canary.percentage)],
    ['steps', rampLine(canary.steps, canary.percentage)],
    ['rollback at', `${formatPercent(canary.rollbackThreshold)} errors after ${canary.minSampleSize} requests`],
    ['started', formatTime(canary.startedAt)],
    ['ended', canary.endedAt ? formatTime(canary.endedAt) : undefined],
  ])
}

function metricsTable(detail: CanaryDeploymentDetail): string {
  const row = (side: string, m: CanarySideMetrics) => [
    side,
    String(m.requests),
    String(m.errors),
    formatPercent(Math.round(m.errorRate * 100) / 100),
    formatMs(m.avgLatencyMs),
    formatMs(m.p95LatencyMs),
    formatMs(m.p99LatencyMs),
  ]
  const right = 'right' as const
  return renderTable(
    [{ header: 'SIDE' }, { header: 'REQUESTS', align: right }, { header: 'ERRORS', align: right }, { header: 'ERROR RATE', align: right }, { header: 'AVG', align: right }, { header: 'P95', align: right }, { header: 'P99', align: right }],
    [row('canary', detail.metrics.canary), row('baseline', detail.metrics.baseline)],
  )
}

const changed = (headline: string, canary: CanaryDeployment) => ({ data: canary, text: `${headline}\n\n${describeCanary(canary)}` })

export const canaryGroup: CommandGroup = {
  name: 'canary',
  summary: 'start, ramp, roll back and complete canary deployments',
  commands: [
    {
      name: 'ls',
      args: [],
      summary: 'List active canaries (--all: every canary)',
      options: { all: { type: 'boolean', description: 'Include finished canaries' } },
      async run(api, { options }) {
        const canaries = await unwrap(api.GET('/api/v1/admin/canary-deployments', { params: { query: { status: options.all ? 'all' : 'active' } } }))
        if (canaries.length === 0) return { data: canaries, text: options.all ? 'no canaries' : 'no active canaries' }
        const rows = canaries.map((c) => [c.featureKey, c.version, c.status, formatPercent(c.percentage), formatTime(c.startedAt)])
        return {
          data: canaries,
          text: renderTable([{ header: 'FLAG' }, { header: 'VERSION' }, { header: 'STATUS' }, { header: 'PERCENT', align: 'right' }, { header: 'STARTED' }], rows),
        }
      },
    },
    {
      name: 'start',
      args: ['<key>'],
      summary: 'Start a canary on a percentage flag, or on one rule of a rules flag',
      description:
        'The flag is enabled at the initial percentage at once. With --steps the service promotes the canary step by step while the analysis passes. On a rules flag, --rule names the rule whose rollout the canary drives.',
      options: {
        version: { type: 'string', value: '<version>', required: true, description: 'The release under test (build, tag or commit)' },
        initial: { type: 'string', value: '<percent>', description: 'Starting percentage (default 5, or the first step)' },
        threshold: { type: 'string', value: '<percent>', description: 'Error rate that rolls the canary back (default 5)' },
        'min-sample': { type: 'string', value: '<requests>', description: 'Canary requests before the threshold applies (default 100)' },
        steps: { type: 'string', value: '<p1,p2,...>', description: 'Automatic ramp ending at 100, e.g. 5,10,25,50,100' },
        hold: { type: 'string', value: '<seconds>', description: 'Minimum time at each step (default 300)' },
        rule: { type: 'string', value: '<rule-id>', description: 'Rules flags: the rule whose rollout the canary drives' },
      },
      async run(api, { args: [key], options }) {
        const body: StartBody = { featureKey: key!, version: requiredString(options, 'version') }
        const initial = optionalNumber(options, 'initial')
        const threshold = optionalNumber(options, 'threshold')
        const minSample = optionalNumber(options, 'min-sample')
        const steps = optionalList(options, 'steps')
        const hold = optionalNumber(options, 'hold')
        if (initial !== undefined) body.initialPercentage = initial
        if (threshold !== undefined) body.rollbackThreshold = threshold
        if (minSample !== undefined) body.minSampleSize = minSample
        if (steps !== undefined) body.steps = steps
        if (hold !== undefined) body.holdSeconds = hold
        const rule = optionalString(options, 'rule')
        if (rule !== undefined) body.ruleId = rule
        const canary = await unwrap(api.POST('/api/v1/admin/canary-deployments', { body }))
        return changed(`started canary ${canary.version} on ${canary.featureKey} at ${formatPercent(canary.percentage)}`, canary)
      },
    },
    {
      name: 'status',
      args: ['<key>'],
      summary: "A flag's canary with live metrics and the analysis verdict",
      async run(api, { args: [key] }) {
        const detail = await unwrap(api.GET('/api/v1/admin/canary-deployments/{key}', path(key!)))
        const verdict = `verdict: ${detail.verdict.verdict}${detail.verdict.rule ? ` (${detail.verdict.rule})` : ''}: ${detail.verdict.message}`
        return { data: detail, text: `${describeCanary(detail)}\n\n${metricsTable(detail)}\n\n${verdict}` }
      },
    },
    {
      name: 'increase',
      args: ['<key>', '<percentage>'],
      summary: 'Raise the canary percentage',
      async run(api, { args: [key, percentage] }) {
        const body = { percentage: parseNumber('<percentage>', percentage!) }
        const canary = await unwrap(api.PUT('/api/v1/admin/canary-deployments/{key}/increase', { ...path(key!), body }))
        return changed(`raised ${canary.featureKey} to ${formatPercent(canary.percentage)}`, canary)
      },
    },
    {
      name: 'rollback',
      args: ['<key>'],
      summary: 'Roll the canary back to 0% now',
      description: 'Every SDK stops sending traffic to the canary within milliseconds. The reason is kept with the rollback record.',
      options: { reason: { type: 'string', value: '<reason>', required: true, description: 'Why, for the rollback record' } },
      async run(api, { args: [key], options }) {
        const canary = await unwrap(
          api.POST('/api/v1/admin/canary-deployments/{key}/rollback', { ...path(key!), body: { reason: requiredString(options, 'reason') } }),
        )
        return changed(`rolled back ${canary.featureKey} (${canary.version}) to 0%`, canary)
      },
    },
    {
      name: 'complete',
      args: ['<key>'],
      summary: 'Complete the canary at 100%',
      async run(api, { args: [key] }) {
        const canary = await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/complete', path(key!)))
        return changed(`completed ${canary.featureKey} (${canary.version}) at 100%`, canary)
      },
    },
    {
      name: 'pause',
      args: ['<key>'],
      summary: 'Stop automatic promotion (automatic rollback stays armed)',
      async run(api, { args: [key] }) {
        const canary = await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/pause', path(key!)))
        return changed(`paused ${canary.featureKey} at ${formatPercent(canary.percentage)}`, canary)
      },
    },
    {
      name: 'resume',
      args: ['<key>'],
      summary: 'Resume automatic promotion',
      async run(api, { args: [key] }) {
        const canary = await unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/resume', path(key!)))
        return changed(`resumed ${canary.featureKey} at ${formatPercent(canary.percentage)}`, canary)
      },
    },
  ],
}
