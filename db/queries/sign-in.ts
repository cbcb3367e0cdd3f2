import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import { memberships, merchants, oidcIdentities, recoveryCodes, users, userTotp } from '../schema'
import type { Database } from '../types'

// ---- identities at OpenID Connect providers

/** The user linked to this provider account, or null. Touches `last_used_at`. */
export async function findUserByIdentity(db: Database, params: { provider: string; subject: string }) {
  const [row] = await db
    .update(oidcIdentities)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(oidcIdentities.provider, params.provider), eq(oidcIdentities.subject, params.subject)))
    .returning({ userId: oidcIdentities.userId })
  return row?.userId ?? null
}

/** Links a provider account to a user (a second link of the same account is ignored). */
export async function insertIdentity(db: Database, values: { provider: string; subject: string; userId: string; email: string }) {
  await db.insert(oidcIdentities).values(values).onConflictDoNothing()
}

export const listIdentitiesOfUser = (db: Database, userId: string) =>
  db
    .select({ provider: oidcIdentities.provider, email: oidcIdentities.email, createdAt: oidcIdentities.createdAt })
    .from(oidcIdentities)
    .where(eq(oidcIdentities.userId, userId))

// ---- TOTP

export const getTotp = async (db: Database, userId: string) => (await db.select().from(userTotp).where(eq(userTotp.userId, userId)))[0] ?? null

/** Stores a new, not yet confirmed secret, replacing an unconfirmed one; null when one is already enabled. */
export async function upsertPendingTotp(db: Database, params: { userId: string; secretEnc: string }) {
  const rows = await db
    .insert(userTotp)
    .values({ userId: params.userId, secretEnc: params.secretEnc })
    .onConflictDoUpdate({
      target: userTotp.userId,
      set: { secretEnc: params.secretEnc, lastCounter: 0, createdAt: sql`now()` },
      where: isNull(userTotp.enabledAt),
    })
    .returning({ userId: userTotp.userId })
  return rows.length > 0
}

/**
 * Accepts the code of time step `counter`: records it as the last one used, only when it is newer
 * than the last accepted one (so one code works once). With `enable`, also confirms the secret.
 */
export async function acceptTotpCounter(db: Database, params: { userId: string; counter: number; enable?: boolean }) {
  const rows = await db
    .update(userTotp)
    .set({ lastCounter: params.counter, ...(params.enable ? { enabledAt: sql`now()` } : {}) })
    .where(and(eq(userTotp.userId, params.userId), lt(userTotp.lastCounter, params.counter)))
    .returning({ userId: userTotp.userId })
  return rows.length > 0
}

/** Turns the second factor off: the secret and every recovery code go. */
export async function deleteTotp(db: Database, userId: string) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await db.delete(userTotp).where(eq(userTotp.userId, userId))
}

/** Replaces the user's recovery codes with these hashes. */
export async function replaceRecoveryCodes(db: Database, params: { userId: string; hashes: string[] }) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, params.userId))
  await db.insert(recoveryCodes).values(params.hashes.map((codeHash) => ({ userId: params.userId, codeHash })))
}

/** Uses up one unused recovery code, in one statement so it works once; false when there is none. */
export async function consumeRecoveryCode(db: Database, params: { userId: string; codeHash: string }) {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, params.userId), eq(recoveryCodes.codeHash, params.codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
  return rows.length > 0
}

export const countUnusedRecoveryCodes = async (db: Database, userId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  )[0]?.n ?? 0

/** Whether the user owns a shop that requires a second factor of its owners. */
export async function ownsShopRequiringTwoFactor(db: Database, userId: string) {
  const [row] = await db
    .select({ yes: sql<boolean>`true` })
    .from(memberships)
    .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'owner'), eq(merchants.requireTwoFactor, true)))
    .limit(1)
  return !!row
}

/** Whether the user has a confirmed second factor. */
export async function hasTwoFactor(db: Database, userId: string) {
  const [row] = await db
    .select({ enabledAt: userTotp.enabledAt })
    .from(userTotp)
    .innerJoin(users, eq(users.id, userTotp.userId))
    .where(eq(userTotp.userId, userId))
  return !!row?.enabledAt
}
