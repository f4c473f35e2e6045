import { createContext, useContext } from 'react'
import type { ApiClient } from '@sluice/api-client'
import type { Role, WhoAmI } from './api'
import type { Environment } from './environment'

export interface Session {
  api: ApiClient
  token: string
  name: string
  role: Role
  whoami: WhoAmI
  /** The environment every page works in. */
  environment: Environment
  /** The environments the token may use. */
  environments: Environment[]
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in console')
  return session
}
