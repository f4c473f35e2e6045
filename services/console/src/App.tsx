import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { client, unwrap, type Role } from './api'
import { SessionContext, type Session } from './context'
import { chooseEnvironment, EnvironmentSelect, rememberEnvironment, scopeToEnvironment, useEnvironments } from './environment'
import { startLive } from './live'
import { navigate, usePath } from './router'
import { clearToken, loadToken, saveToken } from './session'
import { FlagsPage } from './pages/FlagsPage'
import { FlagPage } from './pages/FlagPage'
import { CanariesPage } from './pages/CanariesPage'
import { ChaosPage, HaltAll } from './pages/ChaosPage'
import { RollbacksPage } from './pages/RollbacksPage'
import { DeploymentsPage } from './pages/DeploymentsPage'
import { AuditPage } from './pages/AuditPage'
import { TokensPage } from './pages/TokensPage'
import { SegmentsPage } from './pages/SegmentsPage'
import { EnvironmentsPage } from './pages/EnvironmentsPage'

const PAGES = [
  ['/flags', 'Flags'],
  ['/canaries', 'Canaries'],
  ['/rollbacks', 'Rollbacks'],
  ['/deployments', 'Deployments'],
  ['/chaos', 'Chaos'],
  ['/audit', 'Audit log'],
  ['/segments', 'Segments'],
  ['/tokens', 'Tokens'],
  ['/environments', 'Environments'],
] as const

function SignIn({ onToken, error }: { onToken: (token: string) => void; error?: string }) {
  const [value, setValue] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (value.trim()) onToken(value.trim())
  }
  return (
    <main className="sign-in">
      <h1>Sluice console</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit">Sign in</button>
        {error ? <p role="alert" className="error">{error}</p> : null}
      </form>
      <p className="hint">The token stays in this tab (sessionStorage) and is sent only as an Authorization header.</p>
    </main>
  )
}

function Page({ path }: { path: string }) {
  if (path.startsWith('/flags/')) return <FlagPage flagKey={decodeURIComponent(path.slice('/flags/'.length))} />
  if (path.startsWith('/canaries')) return <CanariesPage selected={path.startsWith('/canaries/') ? decodeURIComponent(path.slice('/canaries/'.length)) : undefined} />
  if (path === '/rollbacks') return <RollbacksPage />
  if (path.startsWith('/deployments')) return <DeploymentsPage selected={path.startsWith('/deployments/') ? decodeURIComponent(path.slice('/deployments/'.length)) : undefined} />
  if (path === '/chaos') return <ChaosPage />
  if (path === '/audit') return <AuditPage />
  if (path === '/segments') return <SegmentsPage />
  if (path === '/tokens') return <TokensPage />
  if (path === '/environments') return <EnvironmentsPage />
  return <FlagsPage />
}

export function App() {
  const [token, setToken] = useState<string | null>(loadToken)
  const [live, setLive] = useState(false)
  const path = usePath()
  const queries = useQueryClient()
  const api = useMemo(() => {
    if (!token) return null
    const created = client(token)
    scopeToEnvironment(created)
    return created
  }, [token])
  const whoami = useQuery({
    queryKey: ['whoami', token],
    enabled: api !== null,
    staleTime: Infinity,
    queryFn: () => unwrap(api!.GET('/api/v1/admin/whoami')),
  })
  const role = whoami.data?.role as Role | undefined
  const environments = useEnvironments(api!, whoami.data)
  const [chosen, setChosen] = useState<string | undefined>()
  const environment = environments.data && whoami.data ? (environments.data.find((e) => e.key === chosen) ?? chooseEnvironment(environments.data, whoami.data.defaultEnvironment)) : undefined
  if (environment) rememberEnvironment(environment.key)

  useEffect(() => {
    if (!token || !role || !environment) return
    return startLive(token, role, environment.key, queries, setLive)
  }, [token, role, environment?.key, queries])

  const switchTo = (key: string) => {
    rememberEnvironment(key)
    setChosen(key)
    // Another environment's flags must never show under this one's name, not even for a moment.
    queries.removeQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' && q.queryKey[0] !== 'environments' })
  }

  const signOut = () => {
    clearToken()
    queries.clear()
    setToken(null)
  }

  if (!token || !api || whoami.isError) {
    return (
      <SignIn
        error={whoami.isError ? `Sign-in failed: ${whoami.error.message}` : undefined}
        onToken={(value) => {
          saveToken(value)
          queries.removeQueries({ queryKey: ['whoami'] })
          setToken(value)
        }}
      />
    )
  }
  if (environments.error) return <p role="alert" className="error">Could not list environments: {environments.error.message}</p>
  if (!whoami.data || !role || !environments.data) return <p className="loading">Signing in…</p>
  if (!environment) return <p role="alert" className="error">The token may use no environment of this service.</p>
  const session: Session = { api, token, name: whoami.data.name, role, whoami: whoami.data, environment, environments: environments.data }
  const current = path === '/' ? '/flags' : path
  return (
    <SessionContext.Provider value={session}>
      <header className="top">
        <span className="brand">Sluice</span>
        <nav aria-label="Main">
          {PAGES.map(([href, label]) => (
            <a
              key={href}
              href={href}
              aria-current={current.startsWith(href) ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault()
                navigate(href)
              }}
            >
              {label}
            </a>
          ))}
        </nav>
        <EnvironmentSelect environments={environments.data} value={environment.key} onChange={switchTo} />
        <HaltAll />
        <span className="who" data-testid="who">
          {session.name} · {role} · <span className={live ? 'live on' : 'live'}>{live ? 'live' : 'offline'}</span>
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        <Page key={environment.key} path={current} />
      </main>
    </SessionContext.Provider>
  )
}
