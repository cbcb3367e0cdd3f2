import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { resolveSession, SESSION_COOKIE } from './sessions'

/**
 * Requires a signed-in user (session cookie), with or without a shop: for account routes such as
 * /api/auth/me or accepting an invite. API tokens act for a shop, not a person, so they are refused.
 */
export const requireUser = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE)
    const principal = token ? await resolveSession(c.var.db, token) : null
    if (!principal?.userId) throw new AppError('unauthorized', 'sign in to continue')
    c.set('principal', principal)
    await next()
  })

export const userIdOf = (c: { get: (k: 'principal') => { userId: string | null } | undefined }) => {
  const id = c.get('principal')?.userId
  if (!id) throw new AppError('unauthorized', 'sign in to continue')
  return id
}
