/**
 * Every active token of the deployment, by hash, in this replica's memory: authentication
 * needs no database round trip in steady state, and keeps working while the database is
 * unreachable.
 *
 * Loaded at start (at a change-log seq) and kept current by the change feed: `token.revoked`
 * removes a token everywhere as fast as a flag change travels (milliseconds through Redis, at
 * most the feed's poll interval without it), and ends the streams it holds open (onRevoked); `token.created` fetches the new row so the token
 * works here even before its first use, and even during a later outage.
 *
 * A token not held (created a moment ago on another replica, or not a token at all) is looked
 * up in the database, and only a valid one is kept: unknown tokens cost a query each, never
 * memory. Revocations are remembered (by id, and by hash when the token was held), so a lookup
 * that read a row before its revocation committed cannot put it back, and a revoked token is
 * refused without a query. Both grow only with revocations, which are admin actions.
 */
import type { Db } from '../db/database.js'
import { SluiceError } from '../errors.js'
import { withDeadline } from '../platform/deadline.js'
import type { FeedConsumer } from '../changes/change-feed.js'
import { latestSeq, type ChangeRecord } from '../changes/change-log.js'
import type { Principal, Role } from './roles.js'
import { hashToken, sameHash } from './token-secret.js'
import { findToken, findTokenByHash, listTokens, type TokenRow } from './token-store.js'

export const TOKEN_CREATED = 'token.created'
export const TOKEN_REVOKED = 'token.revoked'

/** Raw token → principal, so a repeat caller skips the SHA-256; bounded, oldest entry first out. */
const RECENT_MAX = 10_000
/** A token lookup the database does not answer within this is refused with 503, not left hanging. */
const LOOKUP_DEADLINE_MS = 2_000
const RETRY_AFTER_S = 2

export class TokenLookupUnavailableError extends SluiceError {
  constructor() {
    super('SLUICE_AUTH_UNAVAILABLE', 503, 'this token is not known to this replica and the database cannot be reached to check it; retry shortly', {
      'retry-after': String(RETRY_AFTER_S),
    })
  }
}

function principalOf(row: TokenRow): Principal {
  return { tokenId: row.id, name: row.name, role: row.role as Role, environment: row.environment, environments: row.environments }
}

export class TokenCache implements FeedConsumer {
  private readonly byHash = new Map<string, Principal>()
  private readonly hashById = new Map<string, string>()
  private readonly recent = new Map<string, Principal>()
  private readonly revoked = new Set<string>()
  /** Hashes of tokens revoked while held: refused with no lookup, even while the database is down. */
  private readonly revokedHashes = new Set<string>()
  private position = 0
  private readonly revokedListeners = new Set<(tokenId: string) => void>()

  constructor(private readonly db: Db) {}

  /** Told of each revocation as this replica learns it, so what a token opened (streams) ends with it. */
  onRevoked(listener: (tokenId: string) => void): void {
    this.revokedListeners.add(listener)
  }

  /** Active tokens held, and raw tokens remembered: what memory auth uses. */
  get size(): { tokens: number; recent: number } {
    return { tokens: this.byHash.size, recent: this.recent.size }
  }

  async load(): Promise<number> {
    const { seq, rows } = await this.db.transaction(
      async (tx) => ({ seq: await latestSeq(tx), rows: await listTokens(tx, false) }),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    this.byHash.clear()
    this.hashById.clear()
    this.recent.clear()
    for (const row of rows) this.add(row)
    this.position = seq
    return seq
  }

  apply(change: ChangeRecord): void {
    if (change.seq <= this.position) return
    this.position = change.seq
    const { id } = change.payload as { id: string }
    if (change.type === TOKEN_REVOKED) this.forget(id)
    else if (change.type === TOKEN_CREATED && !this.hashById.has(id)) {
      findToken(this.db, id)
        .then((row) => row && this.add(row))
        // Best effort: a token not fetched now is looked up on its first use.
        .catch(() => {})
    }
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const remembered = this.recent.get(token)
    if (remembered) return remembered
    const hash = hashToken(token)
    const held = this.byHash.get(hash)
    if (held) return this.remember(token, held)
    if (this.revokedHashes.has(hash)) return undefined
    let row: TokenRow | undefined
    try {
      row = await withDeadline(findTokenByHash(this.db, hash), LOOKUP_DEADLINE_MS, 'the token lookup')
    } catch {
      throw new TokenLookupUnavailableError()
    }
    if (!row || !sameHash(row.secretHash, hash)) return undefined
    const principal = this.add(row)
    return principal && this.remember(token, principal)
  }

  /** Holds an active token; returns its principal, or undefined when it is revoked. */
  add(row: TokenRow): Principal | undefined {
    if (row.revokedAt || this.revoked.has(row.id)) return undefined
    const principal = principalOf(row)
    this.byHash.set(row.secretHash, principal)
    this.hashById.set(row.id, row.secretHash)
    return principal
  }

  forget(id: string): void {
    // The revoking replica hears of it twice (its commit, then the feed); nothing can be added back in between.
    if (this.revoked.has(id)) return
    this.revoked.add(id)
    const hash = this.hashById.get(id)
    if (hash !== undefined) {
      this.byHash.delete(hash)
      this.revokedHashes.add(hash)
    }
    this.hashById.delete(id)
    for (const [token, principal] of this.recent) if (principal.tokenId === id) this.recent.delete(token)
    for (const listener of this.revokedListeners) listener(id)
  }

  private remember(token: string, principal: Principal): Principal {
    if (this.recent.size >= RECENT_MAX) this.recent.delete(this.recent.keys().next().value!)
    this.recent.set(token, principal)
    return principal
  }
}
