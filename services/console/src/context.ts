import { createContext, useContext } from 'react'
import type { ApiClient } from '@sluice/api-client'
import type { Role } from './api'

export interface Session {
  api: ApiClient
  token: string
  name: string
  role: Role
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in console')
  return session
}
