/**
 * The environment the console works in. The choice lives in sessionStorage (it survives a
 * reload of this tab, as the token does) and is added as `?environment=` to every call on
 * environment state by one client middleware, so no page builds that query by hand. A call
 * that names its environment itself (the side-by-side toggles, the audit filter) is left alone.
 */
import type { ApiClient } from '@sluice/api-client'
import { useQuery } from '@tanstack/react-query'
import { unwrap, type Schemas, type WhoAmI } from './api'

export type Environment = Schemas['Environment']

const KEY = 'sluice.environment'
const SCOPED = /^\/api\/v1\/admin\/(feature-flags|canary-deployments|chaos-rules|segments|rollbacks|export|import)(\/|$)/

export function rememberEnvironment(key: string): void {
  sessionStorage.setItem(KEY, key)
}

/** Adds the remembered environment to the calls that read or change environment state. */
export function scopeToEnvironment(api: ApiClient): void {
  api.use({
    async onRequest({ request }) {
      const environment = sessionStorage.getItem(KEY)
      const url = new URL(request.url)
      if (!environment || !SCOPED.test(url.pathname) || url.searchParams.has('environment')) return undefined
      url.searchParams.set('environment', environment)
      // A body handed over as a stream would make Chrome attempt a streaming upload, which needs HTTP/2; hand it over whole.
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer()
      return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal })
    },
  })
}

/** Whether a token may read and change an environment (the service answers 403 otherwise). */
export function mayUse(whoami: WhoAmI, key: string): boolean {
  if (whoami.environment) return whoami.environment === key
  return !whoami.environments || whoami.environments.includes(key)
}

/** The environments the token may use, in the service's order. */
export function useEnvironments(api: ApiClient, whoami: WhoAmI | undefined) {
  return useQuery({
    queryKey: ['environments'],
    enabled: whoami !== undefined,
    queryFn: () => unwrap(api.GET('/api/v1/admin/environments')),
    select: (all: Environment[]) => all.filter((e) => whoami !== undefined && mayUse(whoami, e.key)),
  })
}

/** The remembered environment while the token may use it; else the server's default; else the first it may use. */
export function chooseEnvironment(environments: Environment[], defaultKey: string): Environment | undefined {
  const remembered = sessionStorage.getItem(KEY)
  return environments.find((e) => e.key === remembered) ?? environments.find((e) => e.key === defaultKey) ?? environments[0]
}

export function EnvironmentSelect(props: { environments: Environment[]; value: string; onChange: (key: string) => void }) {
  return (
    <span className="environment">
      <label htmlFor="environment-select">Environment</label>{' '}
      <select id="environment-select" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.environments.map((e) => (
          <option key={e.key} value={e.key}>
            {environmentLabel(e)}
          </option>
        ))}
      </select>
    </span>
  )
}

export function environmentLabel(environment: Environment): string {
  return environment.production ? `${environment.name} (production)` : environment.name
}
