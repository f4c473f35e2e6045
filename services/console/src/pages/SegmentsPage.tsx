import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Fragment, useState, type FormEvent } from 'react'
import { can, RequestError, unwrap, type Schemas } from '../api'
import { Confirm, ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { navigate } from '../router'
import { ConstraintRow, errorPath, FieldError } from './ConstraintEditor'
import { useFlags } from './FlagsPage'

type Segment = Schemas['Segment']
type Constraint = Schemas['Constraint']

/** Creates a segment (no `segment`) or edits one; a 400 shows next to the field it names. */
function SegmentEditor({ segment, onDone }: { segment?: Segment; onDone: () => void }) {
  const { api } = useSession()
  const queries = useQueryClient()
  const [key, setKey] = useState(segment?.key ?? '')
  const [name, setName] = useState(segment?.name ?? '')
  const [description, setDescription] = useState(segment?.description ?? '')
  const [constraints, setConstraints] = useState<Constraint[]>(segment?.constraints ?? [])
  const save = useMutation({
    mutationFn: () =>
      segment
        ? unwrap(
            api.PUT('/api/v1/admin/segments/{key}', {
              params: { path: { key: segment.key }, header: { 'if-match': String(segment.version) } } as never,
              body: { name, description: description || null, constraints },
            }),
          )
        : unwrap(api.POST('/api/v1/admin/segments', { body: { key, name, ...(description ? { description } : {}), constraints } })),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['segments'] })
      onDone()
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    save.mutate()
  }
  const set = (i: number, next: Constraint) => setConstraints(constraints.map((c, j) => (j === i ? next : c)))
  return (
    <form className="editor" onSubmit={submit} aria-label={segment ? `Edit segment ${segment.key}` : 'New segment'}>
      <h2>{segment ? `Edit segment ${segment.key}` : 'New segment'}</h2>
      {segment ? null : (
        <>
          <label htmlFor="segment-key">Key</label>
          <input id="segment-key" required value={key} onChange={(e) => setKey(e.target.value)} />
          <FieldError error={save.error} path="key" />
        </>
      )}
      <label htmlFor="segment-name">Name</label>
      <input id="segment-name" required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="segment-description">Description</label>
      <input id="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <h3>Constraints (all must hold)</h3>
      {constraints.map((c, i) => (
        <ConstraintRow
          key={i}
          value={c}
          path={`constraints[${i}]`}
          error={save.error}
          onChange={(next) => set(i, next)}
          onRemove={() => setConstraints(constraints.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" onClick={() => setConstraints([...constraints, { attribute: '', operator: 'IN', values: [] }])}>
        Add constraint
      </button>
      <FieldError error={save.error} path="constraints" exact />
      {save.error && !errorPath(save.error) ? <ErrorText error={save.error} /> : null}
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          {segment ? 'Save segment' : 'Create segment'}
        </button>
      </div>
    </form>
  )
}

/** A refused delete: the service's message, and links to the flags whose rules name the segment. */
function InUse({ error, segmentKey }: { error: unknown; segmentKey: string }) {
  const flags = useFlags()
  if (!(error instanceof RequestError) || error.statusCode !== 409) return <ErrorText error={error} />
  const users = (flags.data ?? []).filter((f) => f.rules?.some((r) => r.segments?.includes(segmentKey)))
  return (
    <div role="alert" className="error" data-testid="segment-in-use">
      <p>{error.message}</p>
      <ul>
        {users.map((f) => (
          <li key={f.key}>
            <a
              href={`/flags/${encodeURIComponent(f.key)}`}
              onClick={(e) => {
                e.preventDefault()
                navigate(`/flags/${encodeURIComponent(f.key)}`)
              }}
            >
              {f.name} ({f.key})
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function SegmentsPage() {
  const { api, role } = useSession()
  const queries = useQueryClient()
  const write = can(role, 'write')
  const list = useQuery({ queryKey: ['segments'], queryFn: () => unwrap(api.GET('/api/v1/admin/segments')) })
  const [editing, setEditing] = useState<Segment | 'new' | undefined>()
  const [deleting, setDeleting] = useState<Segment | undefined>()
  const remove = useMutation({
    mutationFn: (segment: Segment) =>
      unwrap(api.DELETE('/api/v1/admin/segments/{key}', { params: { path: { key: segment.key }, header: { 'if-match': String(segment.version) } } as never })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['segments'] }),
  })
  return (
    <section aria-labelledby="segments-title">
      <div className="page-head">
        <h1 id="segments-title">Segments</h1>
        {write ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New segment
          </button>
        ) : null}
      </div>
      {editing ? <SegmentEditor key={editing === 'new' ? 'new' : editing.key} segment={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} /> : null}
      <ErrorText error={list.error} />
      {remove.error && remove.variables ? <InUse error={remove.error} segmentKey={remove.variables.key} /> : null}
      <table>
        <TableHead columns={['Key', 'Name', 'Constraints', 'Version', 'Action']} />
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.key} data-segment={s.key}>
              <td>{s.key}</td>
              <td>{s.name}</td>
              <td>
                {s.constraints.map((c, i) => (
                  <Fragment key={i}>
                    <code>
                      {c.attribute} {c.inverted ? 'NOT ' : ''}
                      {c.operator} {c.values ? c.values.join(', ') : (c.value ?? '')}
                    </code>
                    <br />
                  </Fragment>
                ))}
              </td>
              <td>{s.version}</td>
              <td>
                {write ? (
                  <div className="actions">
                    <button type="button" onClick={() => setEditing(s)}>
                      Edit {s.key}
                    </button>
                    <button type="button" className="danger" onClick={() => setDeleting(s)}>
                      Delete {s.key}
                    </button>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting ? (
        <Confirm
          title={`Delete the segment ${deleting.key}?`}
          confirmLabel="Delete"
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            remove.mutate(deleting)
            setDeleting(undefined)
          }}
        />
      ) : null}
    </section>
  )
}
