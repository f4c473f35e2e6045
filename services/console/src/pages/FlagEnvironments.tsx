import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { can, RequestError, unwrap, type FeatureFlag } from '../api'
import { Confirm, ErrorText, TableHead } from '../components'
import { useSession } from '../context'
import { environmentLabel } from '../environment'
import { ToggleButton } from './FlagsPage'

/** What decides evaluation, in a few words, for the side-by-side table. */
function summary(flag: FeatureFlag): string {
  const parts: string[] = [flag.type]
  if (flag.percentage !== undefined) parts.push(`${flag.percentage}%`)
  if (flag.userIds?.length) parts.push(`${flag.userIds.length} users`)
  if (flag.ips?.length) parts.push(`${flag.ips.length} addresses`)
  if (flag.rules?.length) parts.push(`${flag.rules.length} rules`)
  if (flag.variants?.length) parts.push(`${flag.variants.length} variants`)
  return parts.join(', ')
}

/** A 412 says the target changed since this page read it; say so in those words. */
function promoteError(error: unknown, to: string, seen: number | undefined): unknown {
  if (!(error instanceof RequestError) || error.statusCode !== 412) return error
  return new Error(`Not promoted: the flag changed in ${to} since this page showed it (version ${seen ?? '?'}). Look at its state there, then promote again. (${error.message})`)
}

function EnvironmentChoice(props: { label: string; flags: FeatureFlag[]; value: string; onChange: (key: string) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.flags.map((f) => (
          <option key={f.environment} value={f.environment}>
            {f.environment}
          </option>
        ))}
      </select>
    </label>
  )
}

function Promote({ flagKey, flags }: { flagKey: string; flags: FeatureFlag[] }) {
  const { api, environments } = useSession()
  const queries = useQueryClient()
  const [from, setFrom] = useState(flags[0]?.environment ?? '')
  const [to, setTo] = useState(flags[1]?.environment ?? '')
  const [reason, setReason] = useState('')
  const [asking, setAsking] = useState(false)
  const [seen, setSeen] = useState<number | undefined>()
  const target = environments.find((e) => e.key === to)
  const promote = useMutation({
    mutationFn: (version: number | undefined) =>
      unwrap(
        api.POST('/api/v1/admin/feature-flags/{key}/promote', {
          params: { path: { key: flagKey }, header: version === undefined ? {} : { 'if-match': String(version) } } as never,
          body: { from, to, reason },
        }),
      ),
    onSuccess: () => setReason(''),
    onSettled: () => queries.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'flags' || (q.queryKey[0] === 'flag' && q.queryKey[1] === flagKey) }),
  })
  const send = () => {
    // If-Match carries the target's version as this page shows it, so a change made there meanwhile is a 412, not lost.
    const version = flags.find((f) => f.environment === to)?.version
    setSeen(version)
    promote.mutate(version)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (target?.production) setAsking(true)
    else send()
  }
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label="Promote">
        <EnvironmentChoice label="From" flags={flags} value={from} onChange={setFrom} />
        <EnvironmentChoice label="To" flags={flags} value={to} onChange={setTo} />
        <label>
          Reason (required) <input required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={promote.isPending || from === to}>
          Promote
        </button>
        {promote.isSuccess ? (
          <span role="status">
            Promoted {from} to {to}: version {promote.data.version} there.
          </span>
        ) : null}
        <ErrorText error={promoteError(promote.error, to, seen)} />
      </form>
      {/* Outside the form: the dialog's own form must not submit this one too. */}
      {asking && target ? (
        <Confirm
          title={`Promote ${flagKey} from ${from} to ${environmentLabel(target)}?`}
          confirmLabel="Promote"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false)
            send()
          }}
        >
          <p>The configuration of {from} replaces the one in {to}.</p>
        </Confirm>
      ) : null}
    </>
  )
}

/** The flag in every environment the token may use, side by side, each with its own toggle. */
export function FlagEnvironments({ flagKey }: { flagKey: string }) {
  const { api, role, environments } = useSession()
  // Changes in other environments do not come over this environment's stream: poll them.
  const everywhere = useQuery({
    queryKey: ['flag', flagKey, 'environments'],
    refetchInterval: 1_000,
    queryFn: () => unwrap(api.GET('/api/v1/admin/feature-flags/{key}/environments', { params: { path: { key: flagKey } } })),
  })
  const flags = everywhere.data ?? []
  return (
    <section aria-labelledby="flag-environments-title" className="panel">
      <h2 id="flag-environments-title">In every environment</h2>
      <ErrorText error={everywhere.error} />
      <table>
        <TableHead columns={['Environment', 'State', 'Configuration', 'Version', 'Action']} />
        <tbody>
          {flags.map((f) => {
            const environment = environments.find((e) => e.key === f.environment)
            return (
              <tr key={f.environment} data-environment={f.environment}>
                <th scope="row">{environment ? environmentLabel(environment) : f.environment}</th>
                <td>
                  <span className={f.enabled ? 'state on' : 'state off'} data-testid="state">
                    {f.enabled ? 'on' : 'off'}
                  </span>
                </td>
                <td>{summary(f)}</td>
                <td>{f.version}</td>
                <td>
                  <ToggleButton flag={f} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {can(role, 'write') && flags.length > 1 ? (
        <>
          <h3>Promote</h3>
          <Promote flagKey={flagKey} flags={flags} />
        </>
      ) : null}
    </section>
  )
}
