import { useQuery } from '@tanstack/react-query'
import { unwrap } from '../api'
import { ErrorText, TableHead } from '../components'
import { useSession } from '../context'

export function RollbacksPage() {
  const { api } = useSession()
  const list = useQuery({ queryKey: ['rollbacks'], queryFn: () => unwrap(api.GET('/api/v1/admin/rollbacks', { params: { query: { limit: 200 } } })) })
  return (
    <section aria-labelledby="rollbacks-title">
      <h1 id="rollbacks-title">Rollbacks</h1>
      <ErrorText error={list.error} />
      <table>
        <TableHead columns={['When', 'Type', 'Target', 'Reason', 'By', 'Took']} />
        <tbody>
          {(list.data ?? []).map((r) => (
            <tr key={r.id} data-testid="rollback">
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.type}</td>
              <td>{r.targetKey}</td>
              <td>{r.reason}</td>
              <td>
                {r.actor}
                {r.automatic ? ' (automatic)' : ''}
              </td>
              <td>{r.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
