import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import { memberships, merchants, type SignInMethod, sessions, userTotp } from '../schema'
import type { Database } from '../types'

/** Stores a new login session (`id` is the SHA-256 of the cookie token). */
export async function insertSession(
  db: Database,
  values: {
    id: string
    userId: string
    merchantId: string | null
    ip: string | null
    userAgent: string | null
    expiresAt: Date
    method: SignInMethod
    secondFactor: boolean
  },
) {
  await db.insert(sessions).values(values)
}

/**
 * A session that is neither revoked, expired nor idle longer than `idleSeconds`, with the
 * caller's role in the session's active shop (null when they are no longer a member), whether
 * that shop requires owners to have a second factor, and whether the user has one.
 */
export async function findLiveSession(db: Database, params: { id: string; idleSeconds: number }) {
  const [row] = await db
    .select({
      session: sessions,
      role: memberships.role,
      shopRequiresTwoFactor: sql<boolean>`coalesce(${merchants.requireTwoFactor}, false)`,
      hasTwoFactor: sql<boolean>`${userTotp.enabledAt} is not null`,
    })
    .from(sessions)
    .leftJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.merchantId, sessions.merchantId)))
    .leftJoin(merchants, eq(merchants.id, sessions.merchantId))
    .leftJoin(userTotp, eq(userTotp.userId, sessions.userId))
    .where(
      and(
        eq(sessions.id, params.id),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${params.idleSeconds})`),
      ),
    )
  return row ?? null
}

/** Marks a session as used now. */
export async function touchSession(db: Database, id: string) {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id))
}

/** Revokes a session by id (logging out), whoever it belongs to. */
export async function revokeSessionById(db: Database, id: string) {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, id))
}

/** Revokes every live session of the user except `keepId` (after a password change). */
export async function revokeOtherSessions(db: Database, params: { userId: string; keepId: string }) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, params.userId), ne(sessions.id, params.keepId), sql`${sessions.revokedAt} is null`))
}

/** Revokes the user's sessions whose active shop is `merchantId` (after removing them from it). */
export async function revokeSessionsInShop(db: Database, params: { userId: string; merchantId: string }) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, params.userId), eq(sessions.merchantId, params.merchantId)))
}

/** Makes `merchantId` the session's active shop. */
export async function setSessionMerchant(db: Database, params: { sessionId: string; merchantId: string }) {
  await db.update(sessions).set({ merchantId: params.merchantId }).where(eq(sessions.id, params.sessionId))
}

/** The user's live sessions, most recently used first. */
export const listActiveSessions = (db: Database, userId: string) =>
  db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      method: sessions.method,
      secondFactor: sessions.secondFactor,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > now()`))
    .orderBy(desc(sessions.lastSeenAt))

/** Revokes one of the user's sessions; false when it is not theirs or already gone. */
export async function revokeSession(db: Database, userId: string, sessionId: string) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length > 0
}

/** Records that a second factor was given in this session (after turning two-factor on). */
export async function markSessionSecondFactor(db: Database, id: string) {
  await db.update(sessions).set({ secondFactor: true }).where(eq(sessions.id, id))
}
