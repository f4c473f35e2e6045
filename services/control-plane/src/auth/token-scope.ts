/**
 * The environments a new token is limited to. An sdk or client token sees exactly one environment
 * (`environment`, default DEFAULT_ENVIRONMENT); an admin/operator/viewer token may be limited
 * to a list (`environments`, absent = every environment). A token never gets more than its
 * creator may touch, so a staging-limited admin cannot mint a production token.
 */
import { BadRequestError } from '../errors.js'
import { ENVIRONMENT_BOUND_ROLES, type Principal, type Role } from './roles.js'

/** How a scope's environments are checked (EnvironmentService): an unknown one, or one the creator may not touch, throws. */
export interface EnvironmentCheck {
  readonly defaultEnvironment: string
  resolve(key: string, creator: Principal): Promise<unknown>
}

export interface TokenScope {
  environment: string | null
  environments: string[] | null
}

export async function tokenScope(
  environments: EnvironmentCheck,
  creator: Principal,
  input: { role: Role; environment?: string; environments?: string[] },
): Promise<TokenScope> {
  if (ENVIRONMENT_BOUND_ROLES.includes(input.role)) {
    if (input.environments !== undefined) {
      throw new BadRequestError(`a ${input.role} token is bound to one environment: give \`environment\`, not \`environments\``, 'SLUICE_TOKEN_SCOPE_INVALID')
    }
    const key = input.environment ?? environments.defaultEnvironment
    await environments.resolve(key, creator)
    return { environment: key, environments: null }
  }
  if (input.environment !== undefined) {
    throw new BadRequestError(`a ${input.role} token may be limited with \`environments\` (a list); \`environment\` is for sdk tokens`, 'SLUICE_TOKEN_SCOPE_INVALID')
  }
  if (input.environments === undefined) {
    // Unlimited: only a creator who is unlimited too.
    if (creator.environments !== null) {
      throw new BadRequestError(
        `the token "${creator.name}" is limited to ${creator.environments.join(', ')}; give \`environments\` within that list`,
        'SLUICE_TOKEN_SCOPE_INVALID',
      )
    }
    return { environment: null, environments: null }
  }
  const keys = [...new Set(input.environments)]
  for (const key of keys) await environments.resolve(key, creator)
  return { environment: null, environments: keys }
}
