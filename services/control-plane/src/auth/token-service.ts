/**
 * API tokens: creation (shown once), listing, revocation and the per-request lookup.
 *
 * Lookups are answered from this replica's TokenCache (every active token, kept current by
 * the change log). The writer's own cache is updated at commit, so a token works, or stops
 * working, on this replica the moment its creation or revocation is answered.
 */
import type { Db } from '../db/database.js'
import { ConflictError, NotFoundError } from '../errors.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../changes/mutator.js'
import type { Principal, Role } from './roles.js'
import type { TokenSource } from './token-store.js'
import type { TokenScope } from './token-scope.js'
import { TOKEN_CREATED, TOKEN_REVOKED, type TokenCache } from './token-cache.js'
import { generateToken, hashToken } from './token-secret.js'
import {
  activeEnvTokens,
  countActiveAdmins,
  findToken,
  findTokenByHash,
  insertToken,
  listTokens,
  lockTokenSeeding,
  revokeToken,
  type TokenRow,
} from './token-store.js'

export interface TokenView {
  id: string
  name: string
  role: Role
  environment: string | null
  environments: string[] | null
  source: TokenSource
  createdBy: string
  createdAt: string
  revokedAt: string | null
}

export function tokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    environment: row.environment,
    environments: row.environments,
    source: row.source as TokenSource,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }
}

export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    private readonly cache: TokenCache,
  ) {}

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined
    return this.cache.authenticate(token)
  }

  async list(includeRevoked: boolean): Promise<TokenView[]> {
    return (await listTokens(this.db, includeRevoked)).map(tokenView)
  }

  async create(actor: Actor, input: { name: string; role: Role } & TokenScope): Promise<TokenView & { token: string }> {
    const token = generateToken(input.role)
    const row = await this.mutator.run(actor, async (mutation) => {
      const created = await insertToken(mutation.tx, { ...input, secretHash: hashToken(token), source: 'api', createdBy: actor.name })
      await this.recordCreation(mutation, created)
      return created
    })
    return { ...tokenView(row), token }
  }

  async revoke(actor: Actor, id: string): Promise<TokenView> {
    return this.mutator.run(actor, async (mutation) => {
      const existing = await findToken(mutation.tx, id)
      if (!existing || existing.revokedAt) throw new NotFoundError(`no active API token with id ${id}`, 'SLUICE_TOKEN_NOT_FOUND')
      if (existing.role === 'admin' && (await countActiveAdmins(mutation.tx)) <= 1) {
        throw new ConflictError('this is the last active admin token; create another admin token before revoking it', 'SLUICE_LAST_ADMIN')
      }
      const revoked = (await revokeToken(mutation.tx, id))!
      await this.recordRevocation(mutation, existing, revoked)
      return tokenView(revoked)
    })
  }

  /**
   * Makes sure an admin can get in. With ADMIN_TOKEN set, that token is (or becomes) the env
   * admin token and a previous env token is revoked, so rotating the variable rotates the
   * token. Without it, and with no active admin at all, a token is generated and returned
   * for the caller to print once. A token an admin revoked stays revoked.
   */
  async seedAdmin(adminToken: string | undefined): Promise<{ generated?: string; revokedEnvToken?: boolean }> {
    const actor: Actor = { name: 'system' }
    return this.mutator.run(actor, async (mutation) => {
      const { tx } = mutation
      await lockTokenSeeding(tx)
      if (adminToken === undefined) {
        if ((await countActiveAdmins(tx)) > 0) return {}
        const generated = generateToken('admin')
        await this.insertSeed(mutation, 'generated', generated)
        return { generated }
      }
      const hash = hashToken(adminToken)
      const existing = await findTokenByHash(tx, hash)
      if (existing) return { revokedEnvToken: existing.revokedAt !== null }
      for (const stale of await activeEnvTokens(tx)) {
        await this.recordRevocation(mutation, stale, (await revokeToken(tx, stale.id))!)
      }
      await this.insertSeed(mutation, 'env', adminToken)
      return {}
    })
  }

  private async insertSeed(mutation: Mutation, source: 'env' | 'generated', token: string): Promise<void> {
    const name = source === 'env' ? 'admin (ADMIN_TOKEN)' : 'admin (generated at first start)'
    const row = await insertToken(mutation.tx, { name, role: 'admin', secretHash: hashToken(token), source, createdBy: 'system' })
    await this.recordCreation(mutation, row)
  }

  /** Every replica's cache fetches the new token when the log delivers this. */
  private async recordCreation(mutation: Mutation, row: TokenRow): Promise<void> {
    await mutation.audit({ action: 'token.created', entityType: 'api_token', entityKey: row.id, after: tokenView(row) })
    await mutation.emit({ type: TOKEN_CREATED, entityKey: row.id, payload: { id: row.id } })
    mutation.afterCommit(() => this.cache.add(row))
  }

  private async recordRevocation(
    mutation: Mutation,
    before: TokenRow,
    after: TokenRow,
  ): Promise<void> {
    await mutation.audit({ action: 'token.revoked', entityType: 'api_token', entityKey: before.id, before: tokenView(before), after: tokenView(after) })
    await mutation.emit({ type: TOKEN_REVOKED, entityKey: before.id, payload: { id: before.id } })
    mutation.afterCommit(() => this.cache.forget(before.id))
  }
}
