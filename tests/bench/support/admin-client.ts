/** The few admin API calls the benches make: create and update a flag, mint an sdk token. */
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

async function call<T>(baseUrl: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, token = BENCH_ADMIN_TOKEN): Promise<T> {
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
