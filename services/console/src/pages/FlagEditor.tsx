import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { unwrap, type FeatureFlag, type Schemas } from '../api'
import { ConstraintRow, errorPath, FieldError, splitList } from './ConstraintEditor'
import { ErrorText } from '../components'
import { useSession } from '../context'

type Rule = Schemas['Rule']
type Variant = Schemas['Variant']

const TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const

interface Draft {
  key: string
  name: string
  description: string
  /** As typed: tags separated by commas or spaces. */
  tags: string
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
    tags: (flag?.tags ?? []).join(', '),
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
    tags: d.tags.split(/[\s,]+/).filter(Boolean),
    type: d.type,
    enabled: d.enabled,
    ...(d.type === 'percentage' ? { percentage: Number(d.percentage) } : {}),
    ...(d.type === 'user_targeting' ? { userIds: splitList(d.userIds) } : {}),
    ...(d.type === 'ip_targeting' ? { ips: splitList(d.ips) } : {}),
    ...(d.type === 'rules' ? { rules: d.rules } : {}),
    ...(d.variants.length > 0 ? { variants: d.variants } : {}),
  }
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
      <label htmlFor="flag-tags">Tags (separated by commas or spaces)</label>
      <input id="flag-tags" placeholder="payments, team:checkout" value={d.tags} onChange={(e) => setD({ ...d, tags: e.target.value })} />
      <FieldError error={save.error} path="tags" />
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
