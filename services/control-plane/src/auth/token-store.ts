import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../db/database.js'
import { apiTokens } from '../db/schema/index.js'
import type { Role } from './roles.js'

export type TokenRow = typeof apiTokens.$inferSelect
export type TokenSource = 'api' | 'env' | 'generated'

export async function findTokenByHash(db: Db, secretHash: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.secretHash, secretHash)).limit(1)
  return row
}

export async function findToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1)
  return row
}

export async function listTokens(db: Db, includeRevoked: boolean): Promise<TokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(includeRevoked ? undefined : isNull(apiTokens.revokedAt))
    .orderBy(asc(apiTokens.createdAt))
}

export async function insertToken(
  tx: Db,
  token: { name: string; role: Role; secretHash: string; source: TokenSource; createdBy: string; environment?: string | null; environments?: string[] | null },
): Promise<TokenRow> {
  const [row] = await tx.insert(apiTokens).values(token).returning()
  return row!
}

export async function revokeToken(tx: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning()
  return row
}

export async function countActiveAdmins(tx: Db): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, 'admin'), isNull(apiTokens.revokedAt)))
  return row?.n ?? 0
}

export async function activeEnvTokens(tx: Db): Promise<TokenRow[]> {
  return tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.source, 'env'), isNull(apiTokens.revokedAt)))
}

/** Serialises the start-up seeding of several replicas, so only one of them creates the first admin token. */
export async function lockTokenSeeding(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7301003)`)
}
