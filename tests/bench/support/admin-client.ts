/** The few admin API calls the benches make: flags, sdk tokens, rollbacks, canaries. */
import { request } from 'undici'
import { BENCH_ADMIN_TOKEN } from './services.js'

export interface FlagBody {
  key: string
  name: string
  type: 'boolean' | 'percentage' | 'user_targeting' | 'ip_targeting'
  enabled: boolean
  percentage?: number
  [field: string]: unknown
}

export async function call<T>(baseUrl: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, token = BENCH_ADMIN_TOKEN): Promise<T> {
  const res = await request(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.body.text()
  if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${text}`)
  return JSON.parse(text) as T
}

export function createFlag(baseUrl: string, body: FlagBody): Promise<{ key: string; version: number }> {
  return call(baseUrl, 'POST', '/admin/feature-flags', body)
}

export function updateFlag(baseUrl: string, key: string, patch: Record<string, unknown>): Promise<{ key: string; version: number }> {
  return call(baseUrl, 'PUT', `/admin/feature-flags/${key}`, patch)
}

export async function createSdkToken(baseUrl: string, name: string): Promise<string> {
  const created = await call<{ token: string }>(baseUrl, 'POST', '/admin/api-tokens', { name, role: 'sdk' })
  return created.token
}

export function checkFlag(baseUrl: string, key: string, userId: string, token: string): Promise<{ enabled: boolean; reason: string; version: number }> {
  return call(baseUrl, 'GET', `/admin/feature-flags/${key}/check?userId=${encodeURIComponent(userId)}`, undefined, token)
}

export interface RollbackRecord {
  id: string
  type: string
  targetKey: string
  reason: string
  actor: string
  automatic: boolean
  createdAt: string
  durationMs: number
}

export function rollbackFlag(baseUrl: string, featureKey: string, reason: string): Promise<RollbackRecord> {
  return call(baseUrl, 'POST', '/admin/rollbacks/feature-flag', { featureKey, reason })
}

export function listRollbacks(baseUrl: string, targetKey: string): Promise<RollbackRecord[]> {
  return call(baseUrl, 'GET', `/admin/rollbacks?targetKey=${encodeURIComponent(targetKey)}`)
}

export interface CanarySideMetrics {
  requests: number
  errors: number
  avgLatencyMs: number | null
  p95LatencyMs: number | null
  p99LatencyMs: number | null
}

export interface CanaryDetail {
  id: string
  featureKey: string
  status: string
  percentage: number
  metrics: { canary: CanarySideMetrics; baseline: CanarySideMetrics }
}

export function startCanary(baseUrl: string, body: { featureKey: string; version: string; [field: string]: unknown }): Promise<{ id: string; status: string; percentage: number }> {
  return call(baseUrl, 'POST', '/admin/canary-deployments', body)
}

export function getCanary(baseUrl: string, featureKey: string): Promise<CanaryDetail> {
  return call(baseUrl, 'GET', `/admin/canary-deployments/${featureKey}`)
}
