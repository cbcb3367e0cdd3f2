import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { resolveApiToken, resolveSession, SESSION_COOKIE } from '../auth/sessions'
import type { AppEnv, Principal } from '../env'
import { AppError } from '../errors'

const RANK = { viewer: 0, staff: 1, owner: 2 } as const

/**
 * Requires a signed-in member of a shop (session cookie or API token) with at least `minRole`,
 * and sets `principal`. Every merchant-scoped query then filters on `principal.merchantId`.
 */
export const requireMember = (minRole: Principal['role'] = 'viewer') =>
  createMiddleware<AppEnv>(async (c, next) => {
    let principal = c.get('principal') ?? null
    if (!principal) {
      const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
      const cookie = getCookie(c, SESSION_COOKIE)
      if (bearer) principal = await resolveApiToken(c.var.db, bearer)
      else if (cookie) principal = await resolveSession(c.var.db, cookie)
      if (!principal) throw new AppError('unauthorized', 'sign in to continue')
      c.set('principal', principal)
    }
    if (!principal.merchantId) throw new AppError('forbidden', 'you are not a member of any shop yet')
    if (RANK[principal.role] < RANK[minRole]) throw new AppError('forbidden', `this needs the ${minRole} role`)
    await next()
  })

/** The caller's merchant id; only valid after `requireMember`. */
export const merchantIdOf = (c: { get: (k: 'principal') => Principal | undefined }) => {
  const p = c.get('principal')
  if (!p?.merchantId) throw new AppError('unauthorized', 'sign in to continue')
  return p.merchantId
}
