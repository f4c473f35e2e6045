import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { can, unwrap, type Schemas } from '../api'
import { Confirm, ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { navigate } from '../router'

type Deployment = Schemas['Deployment']
type Phases = NonNullable<Schemas['Rollback']['phases']>

function when(at: string | null): string {
  return at ? new Date(at).toLocaleString() : '—'
}

function seconds(value: number | null): string {
  return value === null ? '' : ` (after ${value} s)`
}

/** Where the deployer's side of a rollback stands: its outcome once reported, else its state, overdue said loudly. */
function Outcome({ phases }: { phases: Phases }) {
  return (
    <>
      {phases.outcome ?? phases.state}
      {phases.detail ? <> — {phases.detail}</> : null}
      {phases.overdue ? (
        <strong className="overdue" data-testid="overdue">
          {' '}
          overdue: no acknowledgement yet
        </strong>
      ) : null}
    </>
  )
}

function RollbackRows({ rollbacks }: { rollbacks: Schemas['DeploymentDetail']['rollbacks'] }) {
  if (rollbacks.length === 0) return <p>Never rolled back.</p>
  return (
    <table>
      <TableHead columns={['Requested', 'Action', 'Reason', 'By', 'Flags off', 'Deployer asked', 'Acknowledged', 'Attempts', 'Last delivery error', 'Outcome']} />
      <tbody>
        {rollbacks.map((r) => {
          const p = r.phases
          return (
            <tr key={r.id} data-testid="deployment-rollback">
              <td>{when(r.createdAt)}</td>
              <td>{p ? (p.action === 'redeploy' ? `redeploy ${p.version ?? ''}` : `revert ${p.migrations.join(', ')}`) : r.type}</td>
              <td>{r.reason}</td>
              <td>
                {r.actor}
                {r.automatic ? ' (automatic)' : ''}
              </td>
              <td>{p ? p.flagsOffMs.toFixed(1) : r.durationMs} ms</td>
              <td data-testid="asked">{p?.askedAt ? `${when(p.askedAt)}${seconds(p.askedAfterSeconds)}` : 'not yet'}</td>
              <td data-testid="acknowledged">{p?.acknowledgedAt ? `${when(p.acknowledgedAt)}${seconds(p.acknowledgedAfterSeconds)}` : 'not yet'}</td>
              <td>{p?.deliveryAttempts ?? 0}</td>
              <td>{p?.lastDeliveryError ?? '—'}</td>
              <td data-testid="outcome">{p ? <Outcome phases={p} /> : null}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

type Asking = 'deployment' | 'migrations' | null

function DeploymentDetail({ id }: { id: string }) {
  const { api, role } = useSession()
  const queries = useQueryClient()
  // Delivery attempts and acknowledgements change the phases without a change event, so the detail polls every second.
  const detail = useQuery({
    queryKey: ['deployment', id],
    refetchInterval: 1_000,
    queryFn: () => unwrap(api.GET('/api/v1/admin/deployments/{id}', { params: { path: { id } } })),
  })
  const [asking, setAsking] = useState<Asking>(null)
  const [picked, setPicked] = useState<string[]>([])
  const rollBack = useMutation({
    mutationFn: ({ kind, reason }: { kind: 'deployment' | 'migrations'; reason: string }) =>
      kind === 'deployment'
        ? unwrap(api.POST('/api/v1/admin/rollbacks/deployment', { body: { deploymentId: id, reason } }))
        : unwrap(api.POST('/api/v1/admin/rollbacks/database-migration', { body: { deploymentId: id, migrations: picked, reason } })),
    onSettled: () => queries.invalidateQueries(),
  })
  if (detail.error) return <ErrorText error={detail.error} />
  const d = detail.data
  if (!d) return <p className="loading">Loading…</p>
  // Migrations are applied oldest first, so they are reverted newest first.
  const newestFirst = [...d.migrations].reverse()
  return (
    <section aria-labelledby="deployment-title" className="panel">
      <h2 id="deployment-title">
        {d.service} <code>{d.version}</code>
      </h2>
      <p>
        Status <strong data-testid="deployment-status">{d.status}</strong>; before it: <code>{d.previousVersion ?? 'none recorded'}</code>
      </p>
      <p>Migrations applied: {d.migrations.length > 0 ? d.migrations.join(', ') : 'none'}</p>
      {d.revertedMigrations.length > 0 ? <p>Migrations reverted: {d.revertedMigrations.join(', ')}</p> : null}
      {can(role, 'operate') ? (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setAsking('deployment')}>
            Roll back deployment
          </button>
          {d.migrations.length > 0 ? (
            <button type="button" onClick={() => setAsking('migrations')}>
              Revert migrations
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorText error={rollBack.error} />
      {asking ? (
        <Confirm
          title={asking === 'deployment' ? `Roll ${d.service} back to ${d.previousVersion ?? 'its previous version'}?` : `Revert migrations of ${d.service} ${d.version}?`}
          confirmLabel={asking === 'deployment' ? 'Roll back' : 'Revert'}
          reason
          onCancel={() => setAsking(null)}
          onConfirm={(reason) => {
            rollBack.mutate({ kind: asking, reason })
            setAsking(null)
          }}
        >
          <p>The canary flag goes off at once; then the deployer is asked to {asking === 'deployment' ? 'redeploy' : 'revert the ticked migrations, newest first'}.</p>
          {asking === 'migrations' ? (
            <fieldset>
              <legend>Migrations to revert</legend>
              {newestFirst.map((m) => (
                <label key={m} className="check">
                  <input type="checkbox" checked={picked.includes(m)} onChange={(e) => setPicked(e.target.checked ? newestFirst.filter((k) => k === m || picked.includes(k)) : picked.filter((k) => k !== m))} />{' '}
                  {m}
                </label>
              ))}
            </fieldset>
          ) : null}
        </Confirm>
      ) : null}
      <h3>Rollbacks</h3>
      <RollbackRows rollbacks={d.rollbacks} />
    </section>
  )
}

function DeploymentRow({ d, selected }: { d: Deployment; selected: boolean }) {
  const href = `/deployments/${d.id}`
  return (
    <tr data-testid="deployment" className={selected ? 'selected' : undefined}>
      <td>{d.service}</td>
      <td>
        <a
          href={href}
          onClick={(e) => {
            e.preventDefault()
            navigate(href)
          }}
        >
          {d.version}
        </a>
      </td>
      <td>{d.previousVersion ?? '—'}</td>
      <td>{d.commit ? <code>{d.commit}</code> : '—'}</td>
      <td>{d.status}</td>
      <td>{when(d.createdAt)}</td>
      <td>{d.canaryFlag ?? '—'}</td>
    </tr>
  )
}

export function DeploymentsPage({ selected }: { selected?: string }) {
  const { api } = useSession()
  const [service, setService] = useState('')
  const list = (filter: string) => ({
    queryKey: ['deployments', filter],
    queryFn: () => unwrap(api.GET('/api/v1/admin/deployments', { params: { query: { limit: 200, ...(filter ? { service: filter } : {}) } } })),
  })
  const all = useQuery(list(''))
  const shown = useQuery(list(service))
  const services = [...new Set((all.data ?? []).map((d) => d.service))].sort()
  const current = selected ?? shown.data?.[0]?.id
  return (
    <section aria-labelledby="deployments-title">
      <h1 id="deployments-title">Deployments</h1>
      <div className="filters">
        <label>
          Service{' '}
          <select value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">every service</option>
            {services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorText error={shown.error} />
      <table>
        <TableHead columns={['Service', 'Version', 'Previous version', 'Commit', 'Status', 'When', 'Canary flag']} />
        <tbody>
          {(shown.data ?? []).map((d) => (
            <DeploymentRow key={d.id} d={d} selected={d.id === current} />
          ))}
        </tbody>
      </table>
      {current ? <DeploymentDetail key={current} id={current} /> : <p>No deployments recorded in this environment yet.</p>}
    </section>
  )
}
