import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { apiTokens, memberships, sessions } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Principal } from '../env'
import { hashToken, randomToken } from './tokens'

export const SESSION_COOKIE = 'lh_session'
/** A session ends after this long without use… */
export const SESSION_IDLE_SECONDS = 7 * 24 * 3600
/** …and after this long whatever happens. */
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600

/** Creates a session and returns its token (the only time the token exists in clear). */
export async function createSession(db: Database, input: { userId: string; merchantId: string | null; ip?: string | null; userAgent?: string | null }) {
  const token = randomToken()
  const id = await hashToken(token)
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000)
  await db
    .insert(sessions)
    .values({ id, userId: input.userId, merchantId: input.merchantId, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null, expiresAt })
  return { token, id, expiresAt }
}

/**
 * Resolves a session token to the caller, for the session's active merchant. Returns null for
 * unknown, revoked, idle-expired or expired sessions, and touches `last_seen_at` at most once a minute.
 */
export async function resolveSession(db: Database, token: string): Promise<(Principal & { sessionId: string }) | null> {
  const id = await hashToken(token)
  const [row] = await db
    .select({ session: sessions, role: memberships.role })
    .from(sessions)
    .leftJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.merchantId, sessions.merchantId)))
    .where(
      and(
        eq(sessions.id, id),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${SESSION_IDLE_SECONDS})`),
      ),
    )
  if (!row) return null
  if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id))
  }
  if (!row.session.merchantId || !row.role) {
    return { kind: 'session', userId: row.session.userId, merchantId: '', role: 'viewer', sessionId: id }
  }
  return { kind: 'session', userId: row.session.userId, merchantId: row.session.merchantId, role: row.role, sessionId: id }
}

/** Resolves an API token (`Authorization: Bearer lh_…`) to its merchant and role. */
export async function resolveApiToken(db: Database, token: string): Promise<Principal | null> {
  const tokenHash = await hashToken(token)
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning()
  if (!row) return null
  return { kind: 'api_token', userId: row.createdBy, merchantId: row.merchantId, role: row.role }
}
