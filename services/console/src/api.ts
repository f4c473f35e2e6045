import { createApiClient, type ApiClient } from '@sluice/api-client'
import type { components } from '@sluice/api-client'

export type Schemas = components['schemas']
export type FeatureFlag = Schemas['FeatureFlag']
export type WhoAmI = Schemas['WhoAmI']
export type Role = 'admin' | 'operator' | 'viewer' | 'sdk' | 'client' | 'deployer'

/** A failed call, with the server's message (it names the field for a 400). */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

export function client(token: string): ApiClient {
  return createApiClient({ url: window.location.origin, token })
}

/** The data of an openapi-fetch answer, or a RequestError with the server's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call
  if (response.ok) return data as T
  const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : response.statusText
  throw new RequestError(response.status, message)
}

/** What each role may do (the service enforces it; the console only hides what would fail). */
export function can(role: Role, action: 'write' | 'operate'): boolean {
  return action === 'write' ? role === 'admin' : role === 'admin' || role === 'operator'
}
