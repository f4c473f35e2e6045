import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { can, unwrap, type Role } from '../api'
import { ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { environmentLabel } from '../environment'

const ROLES: Role[] = ['admin', 'operator', 'viewer', 'sdk', 'client', 'deployer']
/** Roles whose tokens ship inside an application, so each is bound to exactly one environment. */
const BOUND_ROLES: Role[] = ['sdk', 'client']

/** Where a new token may act: one environment for an sdk or client token, a list (or every one) for the others. */
function Scope(props: { role: Role; environment: string; limits: string[]; onEnvironment: (key: string) => void; onLimits: (keys: string[]) => void }) {
  const { environments } = useSession()
  if (BOUND_ROLES.includes(props.role)) {
    return (
      <>
        <label htmlFor="token-environment">Environment (this {props.role} token sees only this one)</label>
        <select id="token-environment" value={props.environment} onChange={(e) => props.onEnvironment(e.target.value)}>
          {environments.map((e) => (
            <option key={e.key} value={e.key}>
              {environmentLabel(e)}
            </option>
          ))}
        </select>
      </>
    )
  }
  return (
    <fieldset>
      <legend>Limit to environments (none ticked: every environment)</legend>
      {environments.map((e) => (
        <label key={e.key} className="check">
          <input
            type="checkbox"
            checked={props.limits.includes(e.key)}
            onChange={(event) => props.onLimits(event.target.checked ? [...props.limits, e.key] : props.limits.filter((k) => k !== e.key))}
          />{' '}
          {environmentLabel(e)}
        </label>
      ))}
    </fieldset>
  )
}

function scopeOf(token: { environment: string | null; environments: string[] | null }): string {
  if (token.environment) return token.environment
  return token.environments ? token.environments.join(', ') : 'every environment'
}

export function TokensPage() {
  const { api, role, environment, whoami } = useSession()
  const queries = useQueryClient()
  const admin = can(role, 'write')
  const list = useQuery({ queryKey: ['tokens'], enabled: admin, queryFn: () => unwrap(api.GET('/api/v1/admin/api-tokens')) })
  const [name, setName] = useState('')
  const [newRole, setNewRole] = useState<Role>('sdk')
  const [bound, setBound] = useState(environment.key)
  // A limited admin can only mint tokens within its own limits, so those start ticked.
  const [limits, setLimits] = useState<string[]>(whoami.environments ?? [])
  const [copied, setCopied] = useState(false)
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/api-tokens', {
          body: { name, role: newRole, ...(BOUND_ROLES.includes(newRole) ? { environment: bound } : limits.length > 0 ? { environments: limits } : {}) },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['tokens'] }),
  })
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/admin/api-tokens/{id}', { params: { path: { id } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['tokens'] }),
  })
  if (!admin) {
    return (
      <section aria-labelledby="tokens-title">
        <h1 id="tokens-title">Tokens</h1>
        <p>Only an admin token can see and manage tokens.</p>
      </section>
    )
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setCopied(false)
    create.mutate()
  }
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">Tokens</h1>
      <form className="editor" onSubmit={submit} aria-label="New token">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="token-role">Role</label>
        <select id="token-role" value={newRole} onChange={(e) => setNewRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <Scope role={newRole} environment={bound} limits={limits} onEnvironment={setBound} onLimits={setLimits} />
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      <ErrorText error={create.error} />
      {create.data ? (
        <div className="secret" role="status">
          <p>This is the only time the token is shown. Store it now.</p>
          <code data-testid="secret">{create.data.token}</code>{' '}
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(create.data.token).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
      <ErrorText error={list.error ?? revoke.error} />
      <table>
        <TableHead columns={['Name', 'Role', 'Environments', 'Created', 'Action']} />
        <tbody>
          {(list.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>{scopeOf(t)}</td>
              <td>
                {new Date(t.createdAt).toLocaleString()} by {t.createdBy}
              </td>
              <td>
                <button type="button" onClick={() => revoke.mutate(t.id)}>
                  Revoke {t.name}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
