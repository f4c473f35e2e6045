import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { can, unwrap, type Schemas } from '../api'
import { Confirm, ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { navigate } from '../router'
import { Chart, type Sample } from './Chart'

type Detail = Schemas['CanaryDeploymentDetail']
const WINDOW = 120

/** Keeps the last samples of a canary's numbers as they change, for the charts. */
function useSeries(detail: Detail | undefined) {
  const series = useRef<{ requests: Sample[]; errorRate: Sample[]; p95: Sample[]; key?: string }>({ requests: [], errorRate: [], p95: [] })
  if (detail) {
    const s = series.current
    if (s.key !== detail.featureKey) series.current = { requests: [], errorRate: [], p95: [], key: detail.featureKey }
    const m = detail.metrics
    const push = (list: Sample[], sample: Sample) => {
      const prev = list.at(-1)
      if (!prev || prev.canary !== sample.canary || prev.baseline !== sample.baseline || list.length < 2) list.push(sample)
      if (list.length > WINDOW) list.shift()
    }
    push(series.current.requests, { canary: m.canary.requests, baseline: m.baseline.requests })
    push(series.current.errorRate, { canary: m.canary.errorRate, baseline: m.baseline.errorRate })
    push(series.current.p95, { canary: m.canary.p95LatencyMs ?? 0, baseline: m.baseline.p95LatencyMs ?? 0 })
  }
  return series.current
}

function CanaryDetail({ featureKey }: { featureKey: string }) {
  const { api, role } = useSession()
  const queries = useQueryClient()
  // Outcomes change the numbers without a change event, so the detail polls every second.
  const detail = useQuery({
    queryKey: ['canary', featureKey],
    refetchInterval: 1_000,
    queryFn: () => unwrap(api.GET('/api/v1/admin/canary-deployments/{key}', { params: { path: { key: featureKey } } })),
  })
  const events = useQuery({
    queryKey: ['canary', featureKey, 'history'],
    refetchInterval: 1_000,
    queryFn: () => unwrap(api.GET('/api/v1/admin/canary-deployments/{key}/history', { params: { path: { key: featureKey } } })),
  })
  const series = useSeries(detail.data)
  const [asking, setAsking] = useState<'rollback' | 'complete' | null>(null)
  const [percentage, setPercentage] = useState('')
  const path = { params: { path: { key: featureKey } } }
  const act = useMutation({
    mutationFn: async (action: { kind: 'increase' | 'pause' | 'resume' | 'complete' | 'rollback'; reason?: string }) => {
      switch (action.kind) {
        case 'increase':
          return unwrap(api.PUT('/api/v1/admin/canary-deployments/{key}/increase', { ...path, body: { percentage: Number(percentage) } }))
        case 'pause':
          return unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/pause', path as never))
        case 'resume':
          return unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/resume', path as never))
        case 'complete':
          return unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/complete', path as never))
        case 'rollback':
          return unwrap(api.POST('/api/v1/admin/canary-deployments/{key}/rollback', { ...path, body: { reason: action.reason ?? '' } }))
      }
    },
    onSettled: () => queries.invalidateQueries(),
  })
  if (detail.error) return <ErrorText error={detail.error} />
  const c = detail.data
  if (!c) return <p className="loading">Loading…</p>
  const active = c.status === 'running' || c.status === 'paused'
  return (
    <section aria-labelledby="canary-title" className="panel">
      <h2 id="canary-title">
        Canary {c.featureKey} <code>{c.version}</code>
      </h2>
      <p>
        Status <strong data-testid="canary-status">{c.status}</strong> at <strong>{c.percentage}%</strong>
      </p>
      <p className={`verdict ${c.verdict.verdict}`} data-testid="verdict">
        Verdict: <strong>{c.verdict.verdict}</strong> — {c.verdict.message}
      </p>
      <div className="charts">
        <Chart title="Requests" unit="" samples={series.requests} />
        <Chart title="Error rate" unit="%" samples={series.errorRate} />
        <Chart title="p95 latency" unit=" ms" samples={series.p95} />
      </div>
      <p className="legend">
        <span className="swatch canary" /> canary <span className="swatch baseline" /> baseline
      </p>
      {active ? (
        <div className="actions">
          {can(role, 'write') ? (
            <>
              <label>
                New percentage{' '}
                <input type="number" min={0} max={100} value={percentage} onChange={(e) => setPercentage(e.target.value)} />
              </label>
              <button type="button" onClick={() => act.mutate({ kind: 'increase' })}>
                Increase
              </button>
              {c.status === 'running' ? (
                <button type="button" onClick={() => act.mutate({ kind: 'pause' })}>
                  Pause
                </button>
              ) : (
                <button type="button" onClick={() => act.mutate({ kind: 'resume' })}>
                  Resume
                </button>
              )}
            </>
          ) : null}
          {can(role, 'operate') ? (
            <>
              <button type="button" onClick={() => setAsking('complete')}>
                Complete
              </button>
              <button type="button" className="danger" onClick={() => setAsking('rollback')}>
                Roll back now
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      <ErrorText error={act.error} />
      {asking ? (
        <Confirm
          title={asking === 'rollback' ? `Roll back the canary of ${c.featureKey} to 0%?` : `Complete the canary of ${c.featureKey} (100%)?`}
          confirmLabel={asking === 'rollback' ? 'Roll back' : 'Complete'}
          reason={asking === 'rollback'}
          onCancel={() => setAsking(null)}
          onConfirm={(reason) => {
            act.mutate({ kind: asking, reason })
            setAsking(null)
          }}
        />
      ) : null}
      <h3>Timeline</h3>
      <p>Steps: {(c.steps ?? []).map((s, i) => (i === c.currentStep ? `[${s}%]` : `${s}%`)).join(' → ') || 'manual'}</p>
      <ol className="timeline" data-testid="timeline">
        {(events.data ?? []).map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> <strong>{e.kind}</strong> by {e.actor}
            {e.message ? <> — {e.message}</> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function CanariesPage({ selected }: { selected?: string }) {
  const { api } = useSession()
  const list = useQuery({
    queryKey: ['canaries'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/canary-deployments', { params: { query: { status: 'all' } } })),
  })
  const [first, setFirst] = useState<string | undefined>()
  useEffect(() => setFirst(list.data?.[0]?.featureKey), [list.data])
  const current = selected ?? first
  return (
    <section aria-labelledby="canaries-title">
      <h1 id="canaries-title">Canaries</h1>
      <ErrorText error={list.error} />
      <table>
        <TableHead columns={['Flag', 'Version', 'Status', 'Percentage']} />
        <tbody>
          {(list.data ?? []).map((c) => (
            <tr key={c.id} className={c.featureKey === current ? "selected" : undefined}>
              <td>
                <a
                  href={`/canaries/${encodeURIComponent(c.featureKey)}`}
                  onClick={(e) => {
                    e.preventDefault()
                    navigate(`/canaries/${encodeURIComponent(c.featureKey)}`)
                  }}
                >
                  {c.featureKey}
                </a>
              </td>
              <td>{c.version}</td>
              <td>{c.status}</td>
              <td>{c.percentage}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {current ? <CanaryDetail featureKey={current} /> : <p>No canaries yet.</p>}
    </section>
  )
}
