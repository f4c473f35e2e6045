import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { RequestError, unwrap, type FeatureFlag, type Schemas } from '../api'
import { ErrorText } from '../components'
import { useSession } from '../context'

type Constraint = Schemas['Constraint']
type Rule = Schemas['Rule']
type Variant = Schemas['Variant']
type Operator = Constraint['operator']

const TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const
const OPERATORS: Operator[] = ['IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH', 'NUM_EQ', 'NUM_GT', 'NUM_GTE', 'NUM_LT', 'NUM_LTE', 'DATE_AFTER', 'DATE_BEFORE', 'SEMVER_EQ', 'SEMVER_GT', 'SEMVER_GTE', 'SEMVER_LT', 'SEMVER_LTE', 'REGEX', 'IN_CIDR']
const LIST_OPERATORS = new Set<Operator>(['IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH', 'IN_CIDR'])

/** The input that fits an operator: a number, a date-time, a version, a list or a pattern. */
function valueInput(operator: Operator): { type: string; placeholder: string } {
  if (operator.startsWith('NUM_')) return { type: 'number', placeholder: '42' }
  if (operator.startsWith('DATE_')) return { type: 'datetime-local', placeholder: '' }
  if (operator.startsWith('SEMVER_')) return { type: 'text', placeholder: '1.2.3' }
  if (operator === 'IN_CIDR') return { type: 'text', placeholder: '10.0.0.0/8, 2001:db8::/32' }
  if (operator === 'REGEX') return { type: 'text', placeholder: '^beta-' }
  return { type: 'text', placeholder: 'comma-separated values' }
}

const splitList = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)

/** The path a 400 names (`rules[2].constraints[0].value`), to show it next to that field. */
export function errorPath(error: unknown): string | undefined {
  if (!(error instanceof RequestError) || error.statusCode !== 400) return undefined
  return /\b((?:rules|variants|dependencies|userIds|ips|percentage|key|name)(?:\[\d+\])?(?:\.\w+(?:\[\d+\])?)*)/.exec(error.message)?.[1]
}

function FieldError({ error, path, exact }: { error: unknown; path: string; exact?: boolean }) {
  const named = errorPath(error)
  if (!named) return null
  const hit = exact ? named === path : named === path || named.startsWith(`${path}.`) || named.startsWith(`${path}[`)
  return hit ? (
    <span role="alert" className="error field-error">
      {(error as Error).message}
    </span>
  ) : null
}

interface Draft {
  key: string
  name: string
  description: string
  type: (typeof TYPES)[number]
  enabled: boolean
  percentage: string
  userIds: string
  ips: string
  rules: Rule[]
  variants: Variant[]
}

function draftOf(flag?: FeatureFlag): Draft {
  return {
    key: flag?.key ?? '',
    name: flag?.name ?? '',
    description: flag?.description ?? '',
    type: (flag?.type as Draft['type']) ?? 'boolean',
    enabled: flag?.enabled ?? false,
    percentage: flag?.percentage !== undefined ? String(flag.percentage) : '0',
    userIds: (flag?.userIds ?? []).join(', '),
    ips: (flag?.ips ?? []).join(', '),
    rules: flag?.rules ?? [],
    variants: flag?.variants ?? [],
  }
}

function bodyOf(d: Draft) {
  return {
    name: d.name,
    description: d.description || undefined,
    type: d.type,
    enabled: d.enabled,
    ...(d.type === 'percentage' ? { percentage: Number(d.percentage) } : {}),
    ...(d.type === 'user_targeting' ? { userIds: splitList(d.userIds) } : {}),
    ...(d.type === 'ip_targeting' ? { ips: splitList(d.ips) } : {}),
    ...(d.type === 'rules' ? { rules: d.rules } : {}),
    ...(d.variants.length > 0 ? { variants: d.variants } : {}),
  }
}

function ConstraintRow(props: { value: Constraint; path: string; error: unknown; onChange: (c: Constraint) => void; onRemove: () => void }) {
  const c = props.value
  const list = LIST_OPERATORS.has(c.operator)
  const input = valueInput(c.operator)
  const id = props.path.replace(/[^\w]/g, '-')
  return (
    <fieldset className="constraint">
      <legend>Constraint {props.path}</legend>
      <label htmlFor={`${id}-attr`}>Attribute</label>
      <input id={`${id}-attr`} value={c.attribute} onChange={(e) => props.onChange({ ...c, attribute: e.target.value })} />
      <label htmlFor={`${id}-op`}>Operator</label>
      <select
        id={`${id}-op`}
        value={c.operator}
        onChange={(e) => {
          const operator = e.target.value as Operator
          const values = LIST_OPERATORS.has(operator) ? (c.values ?? (c.value ? [c.value] : [])) : undefined
          const value = LIST_OPERATORS.has(operator) ? undefined : (c.value ?? c.values?.[0] ?? '')
          props.onChange({ attribute: c.attribute, operator, ...(values ? { values } : { value }), inverted: c.inverted })
        }}
      >
        {OPERATORS.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      <label htmlFor={`${id}-value`}>{list ? 'Values' : 'Value'}</label>
      <input
        id={`${id}-value`}
        type={input.type}
        placeholder={input.placeholder}
        value={list ? (c.values ?? []).join(', ') : c.operator.startsWith('DATE_') ? (c.value ?? '').slice(0, 16) : (c.value ?? '')}
        onChange={(e) => {
          const text = e.target.value
          if (list) props.onChange({ ...c, values: splitList(text), value: undefined })
          else if (c.operator.startsWith('DATE_')) props.onChange({ ...c, value: text ? new Date(text).toISOString() : '' })
          else props.onChange({ ...c, value: text })
        }}
      />
      <label className="check">
        <input type="checkbox" checked={c.inverted ?? false} onChange={(e) => props.onChange({ ...c, inverted: e.target.checked })} /> Inverted
      </label>
      <button type="button" onClick={props.onRemove}>
        Remove constraint
      </button>
      <FieldError error={props.error} path={props.path} />
    </fieldset>
  )
}

function RulesEditor({ rules, error, onChange }: { rules: Rule[]; error: unknown; onChange: (rules: Rule[]) => void }) {
  const set = (i: number, rule: Rule) => onChange(rules.map((r, j) => (j === i ? rule : r)))
  return (
    <div className="rules">
      <h3>Rules</h3>
      {rules.map((rule, i) => (
        <fieldset key={i} className="rule">
          <legend>Rule {i + 1}</legend>
          <label htmlFor={`rule-${i}-name`}>Rule name</label>
          <input id={`rule-${i}-name`} value={rule.name ?? ''} onChange={(e) => set(i, { ...rule, name: e.target.value || undefined })} />
          <label htmlFor={`rule-${i}-rollout`}>Rollout %</label>
          <input
            id={`rule-${i}-rollout`}
            type="number"
            min={0}
            max={100}
            step={0.01}
            value={rule.rollout ?? 100}
            onChange={(e) => set(i, { ...rule, rollout: Number(e.target.value) })}
          />
          {(rule.constraints ?? []).map((c, j) => (
            <ConstraintRow
              key={j}
              value={c}
              path={`rules[${i}].constraints[${j}]`}
              error={error}
              onChange={(next) => set(i, { ...rule, constraints: (rule.constraints ?? []).map((x, k) => (k === j ? next : x)) })}
              onRemove={() => set(i, { ...rule, constraints: (rule.constraints ?? []).filter((_, k) => k !== j) })}
            />
          ))}
          <button type="button" onClick={() => set(i, { ...rule, constraints: [...(rule.constraints ?? []), { attribute: '', operator: 'IN', values: [] }] })}>
            Add constraint
          </button>
          <button type="button" onClick={() => onChange(rules.filter((_, j) => j !== i))}>
            Remove rule
          </button>
          <FieldError error={error} path={`rules[${i}]`} exact />
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...rules, { constraints: [], rollout: 100 } as unknown as Rule])}>
        Add rule
      </button>
      <FieldError error={error} path="rules" exact />
    </div>
  )
}

function VariantsEditor({ variants, error, onChange }: { variants: Variant[]; error: unknown; onChange: (v: Variant[]) => void }) {
  return (
    <div className="variants">
      <h3>Variants</h3>
      {variants.map((v, i) => (
        <div key={i} className="variant">
          <label htmlFor={`variant-${i}-key`}>Variant key</label>
          <input id={`variant-${i}-key`} value={v.key} onChange={(e) => onChange(variants.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
          <label htmlFor={`variant-${i}-weight`}>Weight</label>
          <input
            id={`variant-${i}-weight`}
            type="number"
            min={0}
            value={v.weight}
            onChange={(e) => onChange(variants.map((x, j) => (j === i ? { ...x, weight: Number(e.target.value) } : x)))}
          />
          <button type="button" onClick={() => onChange(variants.filter((_, j) => j !== i))}>
            Remove variant
          </button>
          <FieldError error={error} path={`variants[${i}]`} />
        </div>
      ))}
      <button type="button" onClick={() => onChange([...variants, { key: `variant-${variants.length + 1}`, weight: 1 } as Variant])}>
        Add variant
      </button>
    </div>
  )
}

/** Creates a flag (no `flag`) or edits one, every type. */
export function FlagEditor({ flag, onDone }: { flag?: FeatureFlag; onDone: (key?: string) => void }) {
  const { api } = useSession()
  const queries = useQueryClient()
  const [d, setD] = useState<Draft>(() => draftOf(flag))
  const save = useMutation({
    mutationFn: async (draft: Draft) =>
      flag
        ? unwrap(
            api.PUT('/api/v1/admin/feature-flags/{key}', {
              params: { path: { key: flag.key }, header: { 'if-match': String(flag.version) } } as never,
              body: bodyOf(draft) as never,
            }),
          )
        : unwrap(api.POST('/api/v1/admin/feature-flags', { body: { key: draft.key, ...bodyOf(draft) } as never })),
    onSuccess: (saved) => {
      void queries.invalidateQueries({ queryKey: ['flags'] })
      void queries.invalidateQueries({ queryKey: ['flag', saved.key] })
      onDone(saved.key)
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    save.mutate(d)
  }
  const unplaced = save.error && !errorPath(save.error)
  return (
    <form className="editor" onSubmit={submit} aria-label={flag ? `Edit ${flag.key}` : 'New flag'}>
      <h2>{flag ? `Edit ${flag.key}` : 'New flag'}</h2>
      {flag ? null : (
        <>
          <label htmlFor="flag-key">Key</label>
          <input id="flag-key" required pattern="[a-z0-9][a-z0-9_.\-]{0,127}" value={d.key} onChange={(e) => setD({ ...d, key: e.target.value })} />
          <FieldError error={save.error} path="key" />
        </>
      )}
      <label htmlFor="flag-name">Name</label>
      <input id="flag-name" required value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} />
      <label htmlFor="flag-description">Description</label>
      <input id="flag-description" value={d.description} onChange={(e) => setD({ ...d, description: e.target.value })} />
      <label htmlFor="flag-type">Type</label>
      <select id="flag-type" value={d.type} onChange={(e) => setD({ ...d, type: e.target.value as Draft['type'] })}>
        {TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} /> Enabled
      </label>
      {d.type === 'percentage' ? (
        <>
          <label htmlFor="flag-percentage">Percentage</label>
          <input id="flag-percentage" type="number" min={0} max={100} step={0.01} value={d.percentage} onChange={(e) => setD({ ...d, percentage: e.target.value })} />
          <FieldError error={save.error} path="percentage" />
        </>
      ) : null}
      {d.type === 'user_targeting' ? (
        <>
          <label htmlFor="flag-users">User ids</label>
          <textarea id="flag-users" value={d.userIds} onChange={(e) => setD({ ...d, userIds: e.target.value })} />
          <FieldError error={save.error} path="userIds" />
        </>
      ) : null}
      {d.type === 'ip_targeting' ? (
        <>
          <label htmlFor="flag-ips">Addresses and CIDR ranges</label>
          <textarea id="flag-ips" value={d.ips} onChange={(e) => setD({ ...d, ips: e.target.value })} />
          <FieldError error={save.error} path="ips" />
        </>
      ) : null}
      {d.type === 'rules' ? <RulesEditor rules={d.rules} error={save.error} onChange={(rules) => setD({ ...d, rules })} /> : null}
      <VariantsEditor variants={d.variants} error={save.error} onChange={(variants) => setD({ ...d, variants })} />
      {unplaced ? <ErrorText error={save.error} /> : null}
      <div className="actions">
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {flag ? 'Save' : 'Create flag'}
        </button>
      </div>
    </form>
  )
}
