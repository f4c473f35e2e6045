/**
 * API tokens: creation (shown once), listing, revocation and the per-request lookup.
 *
 * Lookups are cached per replica for a short time because every request needs one. A
 * revocation clears this replica's cache at commit and every other replica's when the
 * change log delivers `token.revoked` (milliseconds through Redis, at most the feed's poll
 * interval without it); the TTL is only the last line of defence.
 */
import type { Db } from '../db/database.js'
import { ConflictError, NotFoundError } from '../errors.js'
import type { Actor } from '../platform/actor.js'
import type { Mutation, Mutator } from '../platform/mutator.js'
import type { ChangeFeed } from '../stream/change-feed.js'
import type { Principal, Role } from './roles.js'
import type { TokenSource } from './token-store.js'
import { generateToken, hashToken, sameHash } from './token-secret.js'
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

const CACHE_TTL_MS = 30_000
const CACHE_MAX = 10_000
export const TOKEN_CREATED = 'token.created'
export const TOKEN_REVOKED = 'token.revoked'

export interface TokenView {
  id: string
  name: string
  role: Role
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
    source: row.source as TokenSource,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }
}

export class TokenService {
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number }>()

  constructor(
    private readonly db: Db,
    private readonly mutator: Mutator,
    feed: ChangeFeed,
  ) {
    feed.onChange((change) => {
      if (change.type === TOKEN_REVOKED) this.cache.clear()
    })
  }

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined
    // Keyed by the token itself: hashing every request cost more than anything else auth did.
    // Only valid tokens are cached, so unknown ones cannot grow it.
    const cached = this.cache.get(token)
    if (cached && cached.expiresAt > Date.now()) return cached.principal
    const hash = hashToken(token)
    const row = await findTokenByHash(this.db, hash)
    if (!row || row.revokedAt || !sameHash(row.secretHash, hash)) return undefined
    const principal: Principal = { tokenId: row.id, name: row.name, role: row.role as Role }
    if (this.cache.size >= CACHE_MAX) this.cache.clear()
    this.cache.set(token, { principal, expiresAt: Date.now() + CACHE_TTL_MS })
    return principal
  }

  async list(includeRevoked: boolean): Promise<TokenView[]> {
    return (await listTokens(this.db, includeRevoked)).map(tokenView)
  }

  async create(actor: Actor, input: { name: string; role: Role }): Promise<TokenView & { token: string }> {
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

  /** Nothing listens for it (a new token needs no cache cleared); the log holds every mutation. */
  private async recordCreation(mutation: Mutation, row: TokenRow): Promise<void> {
    await mutation.audit({ action: 'token.created', entityType: 'api_token', entityKey: row.id, after: tokenView(row) })
    await mutation.emit({ type: TOKEN_CREATED, entityKey: row.id, payload: { id: row.id } })
  }

  private async recordRevocation(
    mutation: Mutation,
    before: TokenRow,
    after: TokenRow,
  ): Promise<void> {
    await mutation.audit({ action: 'token.revoked', entityType: 'api_token', entityKey: before.id, before: tokenView(before), after: tokenView(after) })
    await mutation.emit({ type: TOKEN_REVOKED, entityKey: before.id, payload: { id: before.id } })
    mutation.afterCommit(() => this.cache.clear())
  }
}
