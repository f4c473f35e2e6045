import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useMemo, useRef, useState } from 'react'
import { can, unwrap, type FeatureFlag } from '../api'
import { Confirm, ErrorText } from '../components'
import { useSession } from '../context'
import { environmentLabel } from '../environment'
import { navigate, useQueryParam } from '../router'
import { FlagEditor } from './FlagEditor'

const TYPES = ['boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'] as const

export function useFlags() {
  const { api } = useSession()
  return useQuery({ queryKey: ['flags'], queryFn: () => unwrap(api.GET('/api/v1/admin/feature-flags')) })
}

/** Turning a flag on or off in the environment its configuration belongs to. */
export function useToggle() {
  const { api } = useSession()
  const queries = useQueryClient()
  return useMutation({
    mutationFn: (flag: FeatureFlag) =>
      unwrap(
        api.PUT('/api/v1/admin/feature-flags/{key}', {
          params: { path: { key: flag.key }, query: { environment: flag.environment } },
          body: { enabled: !flag.enabled },
        }),
      ),
    onSettled: (_data, _error, flag) => queries.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'flags' || (q.queryKey[0] === 'flag' && q.queryKey[1] === flag.key) }),
  })
}

/** On or off in the flag's own environment; in a production environment it asks first. */
export function ToggleButton({ flag }: { flag: FeatureFlag }) {
  const { role, environments } = useSession()
  const environment = environments.find((e) => e.key === flag.environment)
  const toggle = useToggle()
  const [asking, setAsking] = useState(false)
  if (!can(role, 'write') || !environment) return null
  const verb = flag.enabled ? 'Turn off' : 'Turn on'
  return (
    <>
      <button type="button" aria-label={`${verb} ${flag.key} in ${environment.name}`} onClick={() => (environment.production ? setAsking(true) : toggle.mutate(flag))}>
        {verb}
      </button>
      {asking ? (
        <Confirm
          title={`${verb} ${flag.key} in ${environmentLabel(environment)}?`}
          confirmLabel={verb}
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

/** A flag's tags, as short labels; empty but present without any, so a list row keeps its columns. */
export function Tags({ tags }: { tags: string[] }) {
  return (
    <span className="tags" data-testid="tags">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
        </span>
      ))}
    </span>
  )
}

/** Every tag the flags carry, sorted; a tag chosen in the URL stays choosable even when no flag has it. */
function tagsOf(flags: FeatureFlag[], chosen: string): string[] {
  const all = new Set(flags.flatMap((flag) => flag.tags))
  if (chosen) all.add(chosen)
  return [...all].sort()
}

export function FlagsPage() {
  const { role, environment } = useSession()
  const flags = useFlags()
  // In the URL, not in component state: the page remounts when the environment changes.
  const [search, setSearch] = useQueryParam('q')
  const [type, setType] = useQueryParam('type')
  const [state, setState] = useQueryParam('state')
  const [tag, setTag] = useQueryParam('tag')
  const [creating, setCreating] = useState(false)
  const query = useDeferredValue(search.trim().toLowerCase())
  const tags = useMemo(() => tagsOf(flags.data ?? [], tag), [flags.data, tag])
  const shown = useMemo(
    () =>
      (flags.data ?? []).filter(
        (f) =>
          (!query || f.key.toLowerCase().includes(query) || f.name.toLowerCase().includes(query)) &&
          (!type || f.type === type) &&
          (!state || (state === 'on') === f.enabled) &&
          (!tag || f.tags.includes(tag)),
      ),
    [flags.data, query, type, state, tag],
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
        <label>
          Tag
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">all</option>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <span aria-live="polite" data-testid="flag-count">
          {shown.length} flags in {environment.name}
        </span>
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
                <Tags tags={flag.tags} />
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
