import { useQuery } from '@tanstack/react-query'
import { Fragment, useState } from 'react'
import { unwrap } from '../api'
import { Diff, ErrorText, TableHead } from '../components'
import { useSession } from '../context'

export function AuditPage() {
  const { api, environment } = useSession()
  const [everywhere, setEverywhere] = useState(false)
  const [entityType, setEntityType] = useState('')
  const [entityKey, setEntityKey] = useState('')
  const [open, setOpen] = useState<number | undefined>()
  // Without `environment` the service answers every environment the token may see, and global entries (tokens, environments).
  const query = { ...(everywhere ? {} : { environment: environment.key }), ...(entityType ? { entityType } : {}), ...(entityKey ? { entityKey } : {}), limit: 200 }
  const log = useQuery({ queryKey: ['audit', query], queryFn: () => unwrap(api.GET('/api/v1/admin/audit-log', { params: { query } as never })) })
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div className="filters">
        <label className="check">
          <input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} /> Every environment, and tokens and environments
        </label>
        <label>
          Entity type <input value={entityType} onChange={(e) => setEntityType(e.target.value)} placeholder="flag" />
        </label>
        <label>
          Entity key <input value={entityKey} onChange={(e) => setEntityKey(e.target.value)} />
        </label>
      </div>
      <ErrorText error={log.error} />
      <table>
        <TableHead columns={['When', 'Actor', 'Action', 'Environment', 'Entity', 'Change']} />
        <tbody>
          {(log.data ?? []).map((entry) => (
            <Fragment key={entry.id}>
              <tr>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.environment ?? '—'}</td>
                <td>
                  {entry.entityType} {entry.entityKey}
                </td>
                <td>
                  <button type="button" aria-expanded={open === entry.id} onClick={() => setOpen(open === entry.id ? undefined : entry.id)}>
                    {open === entry.id ? 'Hide diff' : 'Show diff'}
                  </button>
                </td>
              </tr>
              {open === entry.id ? (
                <tr>
                  <td colSpan={6}>
                    <Diff before={entry.before} after={entry.after} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  )
}
