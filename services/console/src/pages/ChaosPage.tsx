import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { can, unwrap } from '../api'
import { ErrorText, TableHead } from '../components'
import { useSession } from '../context'

export function useChaosRules() {
  const { api } = useSession()
  return useQuery({ queryKey: ['chaos'], queryFn: () => unwrap(api.GET('/api/v1/admin/chaos-rules')) })
}

/** In the header on every page while any rule is armed: stopping chaos is never a search away. */
export function HaltAll() {
  const { api, role } = useSession()
  const queries = useQueryClient()
  const rules = useChaosRules()
  const halt = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/admin/chaos-rules/halt', {} as never)),
    onSettled: () => queries.invalidateQueries({ queryKey: ['chaos'] }),
  })
  const armed = (rules.data ?? []).filter((r) => r.enabled).length
  if (armed === 0 || !can(role, 'operate')) return null
  return (
    <button type="button" className="halt" onClick={() => halt.mutate()} disabled={halt.isPending}>
      HALT ALL chaos ({armed} armed)
    </button>
  )
}

function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const left = Math.max(0, Math.round((Date.parse(until) - now) / 1000))
  return <span>{left > 0 ? `expires in ${Math.floor(left / 60)}m ${left % 60}s` : 'expired'}</span>
}

const TYPES = ['latency', 'error', 'timeout', 'database_failure', 'redis_failure', 'random_failure'] as const

function NewRule() {
  const { api } = useSession()
  const queries = useQueryClient()
  const [name, setName] = useState('')
  const [type, setType] = useState<(typeof TYPES)[number]>('latency')
  const [probability, setProbability] = useState('0.1')
  const [minutes, setMinutes] = useState('15')
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/chaos-rules', {
          body: {
            name,
            type,
            enabled: true,
            probability: Number(probability),
            // A latency rule needs a delay; the other types start from the server's defaults.
            ...(type === 'latency' ? { config: { latencyMs: 500 } } : {}),
            ...(minutes ? { expiresAt: new Date(Date.now() + Number(minutes) * 60_000).toISOString() } : {}),
          } as never,
        }),
      ),
    onSettled: () => queries.invalidateQueries({ queryKey: ['chaos'] }),
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate()
  }
  return (
    <form className="editor" onSubmit={submit} aria-label="New chaos rule">
      <h2>New rule</h2>
      <label htmlFor="chaos-name">Name</label>
      <input id="chaos-name" required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="chaos-type">Type</label>
      <select id="chaos-type" value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
        {TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <label htmlFor="chaos-probability">Probability (0–1)</label>
      <input id="chaos-probability" type="number" min={0} max={1} step={0.01} value={probability} onChange={(e) => setProbability(e.target.value)} />
      <label htmlFor="chaos-minutes">Expires after (minutes)</label>
      <input id="chaos-minutes" type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <button type="submit" className="primary">
        Arm rule
      </button>
      <ErrorText error={create.error} />
    </form>
  )
}

/** Why chaos may or may not be armed in each environment the token may use. */
function ChaosByEnvironment() {
  const { environment, environments } = useSession()
  return (
    <section aria-labelledby="chaos-where" className="panel">
      <h2 id="chaos-where">Where rules may be armed</h2>
      {environment.production ? (
        <p role="note" data-testid="chaos-refused">
          {environment.name} is a production environment: the service refuses to arm chaos rules here, whatever its own
          settings, so that no experiment reaches real traffic. Rules may exist here only disarmed. Arm them in a
          non-production environment.
        </p>
      ) : null}
      <ul>
        {environments.map((e) => (
          <li key={e.key}>
            <strong>{e.name}</strong>:{' '}
            {e.production ? 'refused — a production environment' : 'allowed while the server runs with CHAOS_TESTING_ENABLED=true outside NODE_ENV=production'}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ChaosPage() {
  const { api, role, environment } = useSession()
  const queries = useQueryClient()
  const rules = useChaosRules()
  const arm = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      unwrap(api.PUT('/api/v1/admin/chaos-rules/{id}', { params: { path: { id } }, body: { enabled } as never })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['chaos'] }),
  })
  return (
    <section aria-labelledby="chaos-title">
      <h1 id="chaos-title">Chaos rules</h1>
      <ErrorText error={rules.error} />
      <ErrorText error={arm.error} />
      <table>
        <TableHead columns={['Name', 'Type', 'Probability', 'State', 'Expiry', 'Action']} />
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id} data-testid="chaos-rule">
              <td>{r.name}</td>
              <td>{r.type}</td>
              <td>{r.probability}</td>
              <td data-testid="chaos-state">
                {r.enabled ? 'armed' : 'disarmed'}
                {r.disabledReason ? ` — ${r.disabledReason}` : ''}
              </td>
              <td>{r.expiresAt ? <Countdown until={r.expiresAt} /> : 'never'}</td>
              <td>
                {can(role, 'write') && (r.enabled || !environment.production) ? (
                  <button type="button" onClick={() => arm.mutate({ id: r.id, enabled: !r.enabled })}>
                    {r.enabled ? `Disarm ${r.name}` : `Arm ${r.name}`}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {can(role, 'write') && !environment.production ? <NewRule /> : null}
      <ChaosByEnvironment />
    </section>
  )
}
