import { expect } from 'vitest'

/** An admin API call to a running service that must succeed; its JSON answer. */
export async function adminCall<T = unknown>(url: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = (await res.json()) as T
  expect(res.status, JSON.stringify(json)).toBeLessThan(300)
  return json
}
