/** Who did something: a token (by its name) or the service itself. Written to audit and history. */
export interface Actor {
  name: string
  tokenId?: string
  requestId?: string
}

export const SYSTEM_ACTOR: Actor = { name: 'system' }
