import { useQuery } from '@tanstack/react-query'
import { unwrap } from '../api'
import { ErrorText, TableHead } from '../components'
import { useSession } from '../context'

export function SegmentsPage() {
  const { api } = useSession()
  const list = useQuery({ queryKey: ['segments'], queryFn: () => unwrap(api.GET('/api/v1/admin/segments')) })
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title">Segments</h1>
      <ErrorText error={list.error} />
      <table>
        <TableHead columns={['Key', 'Name', 'Constraints']} />
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.key}>
              <td>{s.key}</td>
              <td>{s.name}</td>
              <td>
                {s.constraints.map((c, i) => (
                  <div key={i}>
                    <code>
                      {c.attribute} {c.inverted ? 'NOT ' : ''}
                      {c.operator} {c.values ? c.values.join(', ') : (c.value ?? '')}
                    </code>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
