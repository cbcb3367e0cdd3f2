import { markApiTokenUsed } from '../../../db/queries/accounts'
import { findLiveSession, insertSession, listActiveSessions, revokeSession, revokeSessionById, touchSession } from '../../../db/queries/sessions'
import type { Database } from '../../../db/types'
import type { Principal } from '../env'
import { AppError } from '../errors'
import { hashToken, randomToken } from './tokens'

export const SESSION_COOKIE = 'lh_session'
/** A session ends after this long without use… */
export const SESSION_IDLE_SECONDS = 7 * 24 * 3600
/** …and after this long whatever happens. */
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600

/** Where a sign-in comes from, stored with the session so the user can tell their devices apart. */
export type SessionOrigin = { ip?: string | null; userAgent?: string | null }

/** Creates a session and returns its token (the only time the token exists in clear). */
export async function createSession(db: Database, input: { userId: string; merchantId: string | null } & SessionOrigin) {
  const token = randomToken()
  const id = await hashToken(token)
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000)
  await insertSession(db, {
    id,
    userId: input.userId,
    merchantId: input.merchantId,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt,
  })
  return { token, id, expiresAt }
}

/**
 * Resolves a session token to the caller, for the session's active merchant. Returns null for
 * unknown, revoked, idle-expired or expired sessions, and touches `last_seen_at` at most once a minute.
 */
export async function resolveSession(db: Database, token: string): Promise<(Principal & { sessionId: string }) | null> {
  const id = await hashToken(token)
  const row = await findLiveSession(db, { id, idleSeconds: SESSION_IDLE_SECONDS })
  if (!row) return null
  if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) await touchSession(db, id)
  if (!row.session.merchantId || !row.role) {
    return { kind: 'session', userId: row.session.userId, merchantId: '', role: 'viewer', sessionId: id }
  }
  return { kind: 'session', userId: row.session.userId, merchantId: row.session.merchantId, role: row.role, sessionId: id }
}

/** Resolves an API token (`Authorization: Bearer lh_…`) to its merchant and role. */
export async function resolveApiToken(db: Database, token: string): Promise<Principal | null> {
  const row = await markApiTokenUsed(db, await hashToken(token))
  if (!row) return null
  return { kind: 'api_token', userId: row.createdBy, merchantId: row.merchantId, role: row.role }
}

/** Logs out: revokes the session of this cookie token (if any). */
export async function endSession(db: Database, token: string | undefined) {
  if (token) await revokeSessionById(db, await hashToken(token))
}

/** The user's live sessions; `current` marks the one making the request. */
export async function listOwnSessions(db: Database, params: { userId: string; currentSessionId?: string }) {
  const rows = await listActiveSessions(db, params.userId)
  return rows.map((s) => ({ ...s, current: s.id === params.currentSessionId }))
}

/** Revokes one of the user's own sessions (logging out a device); 404 for anyone else's. */
export async function revokeOwnSession(db: Database, params: { userId: string; sessionId: string }) {
  if (!(await revokeSession(db, params.userId, params.sessionId))) throw new AppError('not_found', 'no such session')
}
