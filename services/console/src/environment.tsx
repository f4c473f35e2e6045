/**
 * The environment selector, kept to this one module while environments land (issue 16): the
 * list comes from GET /admin/environments when the service has that route (the control is
 * hidden when it answers 404), and the choice is added as `?environment=` to every call on
 * environment state by one client middleware, so no page needs to know about it.
 */
import type { ApiClient } from '@sluice/api-client'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'

interface Environment {
  key: string
  name: string
  production: boolean
}

const KEY = 'sluice.environment'
const SCOPED = /^\/api\/v1\/admin\/(feature-flags|canary-deployments|chaos-rules|segments|rollbacks)(\/|$)/

export function selectedEnvironment(): string | null {
  return sessionStorage.getItem(KEY)
}

/** Adds the selected environment to the calls that read or change environment state. */
export function scopeToEnvironment(api: ApiClient): void {
  api.use({
    onRequest({ request }) {
      const environment = selectedEnvironment()
      const url = new URL(request.url)
      if (!environment || !SCOPED.test(url.pathname) || url.searchParams.has('environment')) return undefined
      url.searchParams.set('environment', environment)
      return new Request(url, request)
    },
  })
}

function useEnvironments(api: ApiClient) {
  return useQuery({
    queryKey: ['environments'],
    staleTime: 60_000,
    queryFn: async (): Promise<Environment[]> => {
      // Not in the typed client until the environments route exists in openapi.json.
      const { data, response } = await api.GET('/api/v1/admin/environments' as never)
      return response.ok && Array.isArray(data) ? (data as Environment[]) : []
    },
  })
}

/** Whether the selected environment (the service's default when none is) is a production one. */
export function useIsProduction(api: ApiClient): boolean {
  const environments = useEnvironments(api).data ?? []
  const selected = selectedEnvironment()
  const current = environments.find((e) => e.key === selected) ?? environments.find((e) => e.key === 'production')
  // Without environments the service has one, and it is production: ask before every toggle.
  return current ? current.production : true
}

export function EnvironmentSelect({ api }: { api: ApiClient }) {
  const environments = useEnvironments(api).data ?? []
  const queries = useQueryClient()
  const [value, setValue] = useState(selectedEnvironment() ?? '')
  if (environments.length === 0) return null
  return (
    <label className="environment">
      Environment{' '}
      <select
        value={value}
        onChange={(e) => {
          setValue(e.target.value)
          if (e.target.value) sessionStorage.setItem(KEY, e.target.value)
          else sessionStorage.removeItem(KEY)
          void queries.invalidateQueries()
        }}
      >
        <option value="">default</option>
        {environments.map((e) => (
          <option key={e.key} value={e.key}>
            {e.name}
            {e.production ? ' (production)' : ''}
          </option>
        ))}
      </select>
    </label>
  )
}
