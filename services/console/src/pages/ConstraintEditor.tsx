/**
 * One constraint (attribute, operator, value) with the value input that fits the operator, and
 * the server's 400 shown next to the field it names. Flags' rules and segments both use it.
 */
import { RequestError, type Schemas } from '../api'

type Constraint = Schemas['Constraint']
type Operator = Constraint['operator']

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

export const splitList = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)

/** The path a 400 names (`rules[2].constraints[0].value`), to show it next to that field. */
export function errorPath(error: unknown): string | undefined {
  if (!(error instanceof RequestError) || error.statusCode !== 400) return undefined
  return /\b((?:rules|constraints|variants|dependencies|userIds|ips|percentage|key|name|tags)(?:\[\d+\])?(?:\.\w+(?:\[\d+\])?)*)/.exec(error.message)?.[1]
}

export function FieldError({ error, path, exact }: { error: unknown; path: string; exact?: boolean }) {
  const named = errorPath(error)
  if (!named) return null
  const hit = exact ? named === path : named === path || named.startsWith(`${path}.`) || named.startsWith(`${path}[`)
  return hit ? (
    <span role="alert" className="error field-error">
      {(error as Error).message}
    </span>
  ) : null
}

export function ConstraintRow(props: { value: Constraint; path: string; error: unknown; onChange: (c: Constraint) => void; onRemove: () => void }) {
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
