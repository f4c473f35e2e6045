export const ROLES = ['admin', 'operator', 'viewer', 'sdk', 'client', 'deployer'] as const
export type Role = (typeof ROLES)[number]

/** Roles bound to exactly one environment (DESIGN §14): the tokens applications and pages hold. */
export const ENVIRONMENT_BOUND_ROLES: readonly Role[] = ['sdk', 'client']

/**
 * What a route needs, by name (docs/api.md, "Tokens and roles"). A route declares one of these in
 * `config.access`; a route that declares nothing needs `admin`, so forgetting is safe.
 */
export const ACCESS = {
  /** Read the admin API. */
  read: ['admin', 'operator', 'viewer'],
  /** Stop things: rollbacks, canary rollback/complete, chaos halt. */
  operate: ['admin', 'operator'],
  /** Create and change things, manage tokens. */
  admin: ['admin'],
  /** The SDK's stream, state and outcome reports. */
  sdk: ['admin', 'sdk'],
  /** Evaluate a flag (`/check`): everyone who may read, and SDKs. */
  evaluate: ['admin', 'operator', 'viewer', 'sdk'],
  /** A deployer's acknowledgement of a rollback it was asked for: the one thing a `deployer` token may do. */
  deployerStatus: ['admin', 'deployer'],
  /**
   * Answers for one context, never rules (DESIGN §15): OFREP and the client routes. The only
   * access a `client` token has, since it ships inside web pages and apps anyone can read.
   */
  client: ['admin', 'sdk', 'client'],
} as const satisfies Record<string, readonly Role[]>

export type Access = keyof typeof ACCESS | 'public'

export interface Principal {
  tokenId: string
  name: string
  role: Role
  /** An sdk or client token's one environment; null for the other roles. */
  environment: string | null
  /** The environments an admin/operator/viewer token is limited to; null = every environment. */
  environments: readonly string[] | null
}

export function allows(access: Access, role: Role): boolean {
  return access === 'public' || (ACCESS[access] as readonly Role[]).includes(role)
}
