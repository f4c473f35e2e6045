import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useMemo, useRef, useState } from 'react'
import { can, unwrap, type FeatureFlag } from '../api'
import { Confirm, ErrorText } from '../components'
import { useSession } from '../context'
import { useIsProduction } from '../environment'
import { navigate } from '../router'
import { FlagEditor } from './FlagEditor'

const TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const

export function useFlags() {
  const { api } = useSession()
  return useQuery({ queryKey: ['flags'], queryFn: () => unwrap(api.GET('/api/v1/admin/feature-flags')) })
}

/** Turning a flag on or off; in a production environment (the default) it asks first. */
export function useToggle() {
  const { api } = useSession()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (flag: FeatureFlag) =>
      unwrap(api.PUT('/api/v1/admin/feature-flags/{key}', { params: { path: { key: flag.key } }, body: { enabled: !flag.enabled } })),
    onSettled: () => queries.invalidateQueries({ queryKey: ['flags'] }),
  })
}

export function ToggleButton({ flag }: { flag: FeatureFlag }) {
  const { api, role } = useSession()
  const production = useIsProduction(api)
  const toggle = useToggle()
  const [asking, setAsking] = useState(false)
  if (!can(role, 'write')) return null
  return (
    <>
      <button type="button" aria-label={`${flag.enabled ? 'Turn off' : 'Turn on'} ${flag.key}`} onClick={() => (production ? setAsking(true) : toggle.mutate(flag))}>
        {flag.enabled ? 'Turn off' : 'Turn on'}
      </button>
      {asking ? (
        <Confirm
          title={`${flag.enabled ? 'Turn off' : 'Turn on'} ${flag.key} in production?`}
          confirmLabel={flag.enabled ? 'Turn off' : 'Turn on'}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false)
            toggle.mutate(flag)
          }}
        />
      ) : null}
      <ErrorText error={toggle.error} />
    </>
  )
}

export function FlagsPage() {
  const { role } = useSession()
  const flags = useFlags()
  const [search, setSearch] = useState('')
  const [type, setType] = useState('')
  const [state, setState] = useState('')
  const [creating, setCreating] = useState(false)
  const query = useDeferredValue(search.trim().toLowerCase())
  const shown = useMemo(
    () =>
      (flags.data ?? []).filter(
        (f) =>
          (!query || f.key.toLowerCase().includes(query) || f.name.toLowerCase().includes(query)) &&
          (!type || f.type === type) &&
          (!state || (state === 'on') === f.enabled),
      ),
    [flags.data, query, type, state],
  )
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 10 })

  return (
    <section aria-labelledby="flags-title">
      <div className="page-head">
        <h1 id="flags-title">Feature flags</h1>
        {can(role, 'write') ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New flag
          </button>
        ) : null}
      </div>
      {creating ? <FlagEditor onDone={(key) => (setCreating(false), key ? navigate(`/flags/${encodeURIComponent(key)}`) : undefined)} /> : null}
      <div className="filters">
        <label>
          Search <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">all</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">all</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        <span aria-live="polite">{shown.length} flags</span>
      </div>
      <ErrorText error={flags.error} />
      <div ref={scroller} className="flag-list" role="list" aria-label="Flags">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((row) => {
            const flag = shown[row.index]!
            return (
              <div key={flag.key} role="listitem" className="flag-row" data-key={flag.key} style={{ transform: `translateY(${row.start}px)` }}>
                <a
                  href={`/flags/${encodeURIComponent(flag.key)}`}
                  onClick={(e) => {
                    e.preventDefault()
                    navigate(`/flags/${encodeURIComponent(flag.key)}`)
                  }}
                >
                  <span className="key">{flag.key}</span> <span className="name">{flag.name}</span>
                </a>
                <span className="type">{flag.type}</span>
                <span className={flag.enabled ? 'state on' : 'state off'} data-testid="state">
                  {flag.enabled ? 'on' : 'off'}
                </span>
                <ToggleButton flag={flag} />
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
