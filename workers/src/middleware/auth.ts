import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { resolveApiToken, resolveSession, SESSION_COOKIE } from '../auth/sessions'
import type { AppEnv, Principal } from '../env'
import { AppError } from '../errors'
import { clientIp } from '../lib/client-ip'

const RANK = { viewer: 0, staff: 1, owner: 2 } as const

/** The principal of a request: an API token (`Authorization: Bearer`) or the session cookie. */
async function resolvePrincipal(c: Context<AppEnv>, { allowApiToken }: { allowApiToken: boolean }): Promise<Principal | null> {
  const existing = c.get('principal')
  if (existing && (allowApiToken || existing.kind === 'session')) return existing
  const bearer = allowApiToken ? c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] : undefined
  const cookie = getCookie(c, SESSION_COOKIE)
  const request = { ip: clientIp(c.req), method: c.req.method, path: c.req.path }
  const principal = bearer
    ? await resolveApiToken(c.var.db, bearer, request)
    : cookie
      ? await resolveSession(c.var.db, cookie, c.var.config.SESSION_CACHE_SECONDS)
      : null
  if (principal) c.set('principal', principal)
  return principal
}

/**
 * Requires a signed-in member of a shop (session cookie or API token) with at least `minRole`,
 * and sets `principal`. Every merchant-scoped query then filters on `principal.merchantId`.
 */
export const requireMember = (minRole: Principal['role'] = 'viewer') =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await resolvePrincipal(c, { allowApiToken: true })
    if (!principal) throw new AppError('unauthorized', 'sign in to continue')
    if (!principal.merchantId) throw new AppError('forbidden', 'you are not a member of any shop yet')
    if (RANK[principal.role] < RANK[minRole]) throw new AppError('forbidden', `this needs the ${minRole} role`)
    if (principal.mustSetUpTwoFactor) {
      throw new AppError('forbidden', 'this shop requires owners to use two-factor sign-in: set it up in Settings first', {
        details: { reason: 'two_factor_required' },
      })
    }
    await next()
  })

/** The caller's merchant id; only valid after `requireMember`. */
export const merchantIdOf = (c: { get: (k: 'principal') => Principal | undefined }) => {
  const p = c.get('principal')
  if (!p?.merchantId) throw new AppError('unauthorized', 'sign in to continue')
  return p.merchantId
}

/**
 * Requires a signed-in user (session cookie), with or without a shop: for account routes such as
 * /api/auth/me or accepting an invite. API tokens act for a shop, not a person, so they are refused.
 */
export const requireUser = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = await resolvePrincipal(c, { allowApiToken: false })
    if (!principal?.userId) throw new AppError('unauthorized', 'sign in to continue')
    await next()
  })

/** The caller's user id; only valid after `requireUser` (or a member session). */
export const userIdOf = (c: { get: (k: 'principal') => { userId: string | null } | undefined }) => {
  const id = c.get('principal')?.userId
  if (!id) throw new AppError('unauthorized', 'sign in to continue')
  return id
}

/** The signed-in shop member of a public route's request (session cookie or API token), or null. */
export async function optionalMember(c: Context<AppEnv>): Promise<Principal | null> {
  const principal = await resolvePrincipal(c, { allowApiToken: true })
  return principal?.merchantId ? principal : null
}
