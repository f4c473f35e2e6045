import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { can, unwrap } from '../api'
import { Confirm, Diff, ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { Tags, ToggleButton } from './FlagsPage'
import { FlagEditor } from './FlagEditor'
import { FlagEnvironments } from './FlagEnvironments'

function WhoGetsIt({ flagKey }: { flagKey: string }) {
  const { api } = useSession()
  const [userId, setUserId] = useState('')
  const [ip, setIp] = useState('')
  const [attributes, setAttributes] = useState('')
  const check = useMutation({
    mutationFn: () =>
      unwrap(
        api.GET('/api/v1/admin/feature-flags/{key}/check', {
          params: {
            path: { key: flagKey },
            query: { ...(userId ? { userId } : {}), ...(ip ? { ip } : {}), ...(attributes.trim() ? { attributes: attributes.trim() } : {}) },
          },
        }),
      ),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    check.mutate()
  }
  return (
    <section aria-labelledby="who-title" className="panel">
      <h2 id="who-title">Who gets it?</h2>
      <form onSubmit={submit}>
        <label htmlFor="who-user">User id</label>
        <input id="who-user" value={userId} onChange={(e) => setUserId(e.target.value)} />
        <label htmlFor="who-ip">IP</label>
        <input id="who-ip" value={ip} onChange={(e) => setIp(e.target.value)} />
        <label htmlFor="who-attributes">Attributes (JSON)</label>
        <input id="who-attributes" placeholder='{"plan":"pro"}' value={attributes} onChange={(e) => setAttributes(e.target.value)} />
        <button type="submit">Check</button>
      </form>
      <ErrorText error={check.error} />
      {check.data ? (
        <div className="answer" data-testid="check-answer">
          <p>
            <strong>{check.data.enabled ? 'ON' : 'OFF'}</strong> — reason <code>{check.data.reason}</code>
            {check.data.ruleId ? (
              <>
                {' '}
                by rule <code>{check.data.ruleId}</code>
              </>
            ) : null}
            {check.data.variant ? (
              <>
                {' '}
                variant <code>{check.data.variant.key}</code>
              </>
            ) : null}
          </p>
          <pre>{JSON.stringify(check.data, null, 2)}</pre>
        </div>
      ) : null}
    </section>
  )
}

function VersionSelect(props: { label: string; versions: number[]; value: number | undefined; onChange: (version: number) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(Number(e.target.value))}>
        {props.versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  )
}

function History({ flagKey }: { flagKey: string }) {
  const { api, role } = useSession()
  const queries = useQueryClient()
  const history = useQuery({
    queryKey: ['flag', flagKey, 'history'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/feature-flags/{key}/history', { params: { path: { key: flagKey } } })),
  })
  const versions = history.data ?? []
  const [from, setFrom] = useState<number | undefined>()
  const [to, setTo] = useState<number | undefined>()
  const [reverting, setReverting] = useState<number | undefined>()
  const revert = useMutation({
    mutationFn: ({ version, reason }: { version: number; reason: string }) =>
      unwrap(api.POST('/api/v1/admin/rollbacks/flag-version', { body: { featureKey: flagKey, version, reason } })),
    onSuccess: () => queries.invalidateQueries(),
  })
  const newest = versions.reduce((max, v) => Math.max(max, v.version), 0)
  const a = versions.find((v) => v.version === (from ?? newest - 1))
  const b = versions.find((v) => v.version === (to ?? newest))
  return (
    <section aria-labelledby="history-title" className="panel">
      <h2 id="history-title">History</h2>
      <ErrorText error={history.error} />
      <div className="filters">
        <VersionSelect label="From version" versions={versions.map((v) => v.version)} value={a?.version} onChange={setFrom} />
        <VersionSelect label="To version" versions={versions.map((v) => v.version)} value={b?.version} onChange={setTo} />
      </div>
      {a || b ? <Diff before={a?.flag} after={b?.flag} /> : null}
      <table>
        <TableHead columns={['Version', 'By', 'At', 'Action']} />
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{v.actor}</td>
              <td>{new Date(v.at).toLocaleString()}</td>
              <td>
                {can(role, 'write') && v.version !== newest ? (
                  <button type="button" onClick={() => setReverting(v.version)}>
                    Revert to version {v.version}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText error={revert.error} />
      {reverting !== undefined ? (
        <Confirm
          title={`Revert ${flagKey} to version ${reverting}?`}
          confirmLabel="Revert"
          reason
          onCancel={() => setReverting(undefined)}
          onConfirm={(reason) => {
            revert.mutate({ version: reverting, reason })
            setReverting(undefined)
          }}
        />
      ) : null}
    </section>
  )
}

export function FlagPage({ flagKey }: { flagKey: string }) {
  const { api, role, environment } = useSession()
  const queries = useQueryClient()
  const [editing, setEditing] = useState(false)
  const [rollingBack, setRollingBack] = useState(false)
  const flag = useQuery({
    queryKey: ['flag', flagKey],
    queryFn: () => unwrap(api.GET('/api/v1/admin/feature-flags/{key}', { params: { path: { key: flagKey } } })),
  })
  const rollback = useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/v1/admin/rollbacks/feature-flag', { body: { featureKey: flagKey, reason } })),
    onSuccess: () => queries.invalidateQueries(),
  })
  if (flag.error) return <ErrorText error={flag.error} />
  if (!flag.data) return <p className="loading">Loading…</p>
  const f = flag.data
  return (
    <section aria-labelledby="flag-title">
      <div className="page-head">
        <h1 id="flag-title">{f.name}</h1>
        <code>{f.key}</code>
        <span className={f.enabled ? 'state on' : 'state off'} data-testid="state">
          {f.enabled ? 'on' : 'off'}
        </span>
        <span>
          version {f.version} in {environment.name}
        </span>
        <ToggleButton flag={f} />
        {can(role, 'write') ? (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
        {can(role, 'operate') && f.enabled ? (
          <button type="button" className="danger" onClick={() => setRollingBack(true)}>
            Roll back now
          </button>
        ) : null}
      </div>
      {f.description ? <p>{f.description}</p> : null}
      {f.tags.length > 0 ? (
        <p className="flag-tags">
          Tags <Tags tags={f.tags} />
        </p>
      ) : null}
      <ErrorText error={rollback.error} />
      {rollingBack ? (
        <Confirm
          title={`Roll back ${f.key} (turn it off in ${environment.name} now)?`}
          confirmLabel="Roll back"
          reason
          onCancel={() => setRollingBack(false)}
          onConfirm={(reason) => {
            setRollingBack(false)
            rollback.mutate(reason)
          }}
        />
      ) : null}
      {editing ? <FlagEditor key={f.version} flag={f} onDone={() => setEditing(false)} /> : <pre className="flag-json">{JSON.stringify(f, null, 2)}</pre>}
      <FlagEnvironments flagKey={f.key} />
      <WhoGetsIt flagKey={f.key} />
      <History flagKey={f.key} />
    </section>
  )
}
