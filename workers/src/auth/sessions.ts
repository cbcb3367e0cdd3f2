import { findLiveApiToken, markApiTokenUsed } from '../../../db/queries/accounts'
import { findLiveSession, insertSession, listActiveSessions, revokeSession, revokeSessionById, touchSession } from '../../../db/queries/sessions'
import type { SignInMethod } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Principal } from '../env'
import { AppError } from '../errors'
import { cachedSession, forgetSession, rememberSession } from './session-cache'
import { ipAllowed, scopesNeeded } from './token-access'
import { hashToken, randomToken } from './tokens'

export const SESSION_COOKIE = 'lh_session'
/** A session ends after this long without use… */
export const SESSION_IDLE_SECONDS = 7 * 24 * 3600
/** …and after this long whatever happens. */
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600

/** Where a sign-in comes from, stored with the session so the user can tell their devices apart. */
export type SessionOrigin = { ip?: string | null; userAgent?: string | null }

/** Creates a session and returns its token (the only time the token exists in clear). */
export async function createSession(
  db: Database,
  input: { userId: string; merchantId: string | null; method?: SignInMethod; secondFactor?: boolean } & SessionOrigin,
) {
  const token = randomToken()
  const id = await hashToken(token)
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000)
  await insertSession(db, {
    id,
    userId: input.userId,
    merchantId: input.merchantId,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    method: input.method ?? 'password',
    secondFactor: input.secondFactor ?? false,
    expiresAt,
  })
  return { token, id, expiresAt }
}

/**
 * Resolves a session token to the caller, for the session's active merchant. Returns null for
 * unknown, revoked, idle-expired or expired sessions, and touches `last_seen_at` at most once a minute.
 */
export async function resolveSession(db: Database, token: string, cacheSeconds = 0): Promise<(Principal & { sessionId: string }) | null> {
  const id = await hashToken(token)
  const cached = cacheSeconds > 0 ? cachedSession<Principal & { sessionId: string }>(id) : undefined
  if (cached) return cached
  const resolved = await lookUpSession(db, id)
  if (resolved && cacheSeconds > 0) rememberSession(id, resolved.userId ?? '', resolved, cacheSeconds * 1000)
  return resolved
}

async function lookUpSession(db: Database, id: string): Promise<(Principal & { sessionId: string }) | null> {
  const row = await findLiveSession(db, { id, idleSeconds: SESSION_IDLE_SECONDS })
  if (!row) return null
  if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) await touchSession(db, id)
  if (!row.session.merchantId || !row.role) {
    return { kind: 'session', userId: row.session.userId, merchantId: '', role: 'viewer', sessionId: id }
  }
  // An owner of a shop that requires two-factor, without one, may only set it up (requireMember refuses the rest).
  const mustSetUpTwoFactor = row.role === 'owner' && row.shopRequiresTwoFactor && !row.hasTwoFactor
  return { kind: 'session', userId: row.session.userId, merchantId: row.session.merchantId, role: row.role, sessionId: id, mustSetUpTwoFactor }
}

/** A token's use is recorded at most this often. */
export const TOKEN_USE_RECORD_SECONDS = 60

/**
 * Resolves an API token (`Authorization: Bearer lh_…`) to its merchant and role, for a request
 * from `ip` to `method path`: null for an unknown or revoked token; 403 from an address outside
 * its allowlist or for a route group outside its scopes. Records the use (time, address), at most
 * once a minute.
 */
export async function resolveApiToken(db: Database, token: string, request: { ip: string | null; method: string; path: string }): Promise<Principal | null> {
  const row = await findLiveApiToken(db, await hashToken(token))
  if (!row) return null
  if (!ipAllowed(request.ip, row.ipAllowlist)) {
    throw new AppError(
      'forbidden',
      `this API token may not be used from ${request.ip ?? 'an unknown address'}; its IP allowlist is ${row.ipAllowlist.join(', ')}`,
    )
  }
  const missing = scopesNeeded(request.method, request.path).filter((s) => !row.scopes.includes(s))
  if (missing.length) throw new AppError('forbidden', `this API token lacks the ${missing.join(', ')} scope${missing.length > 1 ? 's' : ''} this route needs`)
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOKEN_USE_RECORD_SECONDS * 1000) {
    await markApiTokenUsed(db, { id: row.id, ip: request.ip, everySeconds: TOKEN_USE_RECORD_SECONDS })
  }
  return { kind: 'api_token', userId: row.createdBy, merchantId: row.merchantId, role: row.role }
}

/** Logs out: revokes the session of this cookie token (if any). */
export async function endSession(db: Database, token: string | undefined) {
  if (!token) return
  const id = await hashToken(token)
  await revokeSessionById(db, id)
  forgetSession(id)
}

/** The user's live sessions; `current` marks the one making the request. */
export async function listOwnSessions(db: Database, params: { userId: string; currentSessionId?: string }) {
  const rows = await listActiveSessions(db, params.userId)
  return rows.map((s) => ({ ...s, current: s.id === params.currentSessionId }))
}

/** Revokes one of the user's own sessions (logging out a device); 404 for anyone else's. */
export async function revokeOwnSession(db: Database, params: { userId: string; sessionId: string }) {
  if (!(await revokeSession(db, params.userId, params.sessionId))) throw new AppError('not_found', 'no such session')
  forgetSession(params.sessionId)
}
