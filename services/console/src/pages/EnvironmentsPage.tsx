import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { can, unwrap } from '../api'
import { Confirm, ErrorText, TableHead } from '../components'
import { useSession } from '../context'

function NewEnvironment() {
  const { api } = useSession()
  const queries = useQueryClient()
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [production, setProduction] = useState(false)
  const [sortOrder, setSortOrder] = useState('')
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/admin/environments', { body: { key, name, production, ...(sortOrder ? { sortOrder: Number(sortOrder) } : {}) } })),
    onSuccess: () => {
      setKey('')
      setName('')
      setProduction(false)
      setSortOrder('')
      return queries.invalidateQueries({ queryKey: ['environments'] })
    },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }
  return (
    <form className="editor" onSubmit={submit} aria-label="New environment">
      <h2>New environment</h2>
      <p className="hint">Every flag appears in it, disabled. Keys are lowercase letters, digits, - and _.</p>
      <label htmlFor="environment-key">Key</label>
      <input id="environment-key" required pattern="[a-z0-9][a-z0-9_\-]{0,63}" value={key} onChange={(e) => setKey(e.target.value)} />
      <label htmlFor="environment-name">Name</label>
      <input id="environment-name" required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="environment-order">Sort order</label>
      <input id="environment-order" type="number" value={sortOrder} onChange={(e) => setSortOrder(e.target.value)} />
      <label className="check">
        <input type="checkbox" checked={production} onChange={(e) => setProduction(e.target.checked)} /> Production (asks before toggles, refuses chaos)
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create environment
      </button>
      <ErrorText error={create.error} />
    </form>
  )
}

export function EnvironmentsPage() {
  const { api, role, environments, whoami } = useSession()
  const queries = useQueryClient()
  const remove = useMutation({
    mutationFn: (key: string) => unwrap(api.DELETE('/api/v1/admin/environments/{key}', { params: { path: { key } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['environments'] }),
  })
  const [deleting, setDeleting] = useState<string | undefined>()
  // Creating and deleting environments is for admins who are not limited to some of them.
  const manage = can(role, 'write') && whoami.environments === null
  return (
    <section aria-labelledby="environments-title">
      <h1 id="environments-title">Environments</h1>
      <ErrorText error={remove.error} />
      <table>
        <TableHead columns={['Key', 'Name', 'Production', 'Sort order', 'Chaos', 'Action']} />
        <tbody>
          {environments.map((e) => (
            <tr key={e.key} data-testid="environment">
              <td>
                <code>{e.key}</code>
              </td>
              <td>{e.name}</td>
              <td>{e.production ? 'yes' : 'no'}</td>
              <td>{e.sortOrder}</td>
              <td>{e.production ? 'refused (production)' : 'allowed when the server allows chaos'}</td>
              <td>
                {manage && e.key !== whoami.defaultEnvironment ? (
                  <button type="button" onClick={() => setDeleting(e.key)}>
                    Delete {e.key}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting ? (
        <Confirm
          title={`Delete the environment ${deleting}?`}
          confirmLabel="Delete"
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            remove.mutate(deleting)
            setDeleting(undefined)
          }}
        >
          <p>The service refuses while it still holds flags changed there, canaries, rules, segments or tokens.</p>
        </Confirm>
      ) : null}
      {manage ? <NewEnvironment /> : null}
    </section>
  )
}
