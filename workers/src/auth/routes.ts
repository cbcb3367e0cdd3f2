// /api/auth – sign up, log in, log out, who am I, change password, list/revoke sessions, switch shop
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../env'
import { clientIp } from '../lib/client-ip'
import { createRouter, errors, json, jsonBody, publicRoute, userRoute } from '../lib/openapi'
import { userIdOf } from '../middleware/auth'
import { changePassword } from './change-password'
import { logIn } from './log-in'
import { loadMe } from './me'
import { changePasswordSchema, loginSchema, meResponseSchema, sessionIdParam, sessionListSchema, signupSchema, switchShopSchema } from './schemas'
import { endSession, listOwnSessions, revokeOwnSession, SESSION_ABSOLUTE_SECONDS, SESSION_COOKIE, type SessionOrigin } from './sessions'
import { signUp } from './sign-up'
import { switchShop } from './switch-shop'

const tags: ['Auth'] = ['Auth']
/** A required JSON request body. */

const originOf = (c: Context<AppEnv>): SessionOrigin => ({ ip: clientIp(c.req), userAgent: c.req.header('user-agent') ?? null })
const setSessionCookie = (c: Context<AppEnv>, token: string) =>
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: SESSION_ABSOLUTE_SECONDS })
const sessionIdOf = (c: Context<AppEnv>) => c.get('principal')?.sessionId

// POST /api/auth/signup – create an account and a shop (or join one with an invite), signed in
const signupRoute = publicRoute({
  method: 'post',
  path: '/signup',
  tags,
  summary: 'Create an account and a shop (or join one with `inviteToken`); signs in',
  description: 'Sets the `lh_session` cookie (HttpOnly, Secure, SameSite=Lax).',
  request: { body: jsonBody(signupSchema) },
  responses: { 201: json(meResponseSchema, 'Signed in'), ...errors('bad_request', 'forbidden', 'not_found', 'conflict') },
})

// POST /api/auth/login – email + password → session cookie; rate-limited per account and per IP
const loginRoute = publicRoute({
  method: 'post',
  path: '/login',
  tags,
  summary: 'Log in with email and password; sets the `lh_session` cookie',
  description:
    'Rate-limited over 15 minutes: 10 failed attempts per account and IP answer 429; 30 per account and 50 per IP too, except for an account that signed in from this IP before.',
  request: { body: jsonBody(loginSchema) },
  responses: { 200: json(meResponseSchema, 'Signed in'), ...errors('bad_request', 'unauthorized', 'rate_limited') },
})

// POST /api/auth/logout – revokes this session and clears the cookie
const logoutRoute = publicRoute({
  method: 'post',
  path: '/logout',
  tags,
  summary: 'Revoke this session and clear the cookie',
  responses: { 204: { description: 'Signed out (also when no one was signed in)' } },
})

// GET /api/auth/me – the signed-in user and shop
const meRoute = userRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The signed-in user, active shop and all their shops',
  responses: { 200: json(meResponseSchema, 'Who is signed in') },
})

// POST /api/auth/password – change password; every other session of the user is revoked
const changePasswordRoute = userRoute({
  method: 'post',
  path: '/password',
  tags,
  summary: 'Change password (other sessions are revoked)',
  description: 'Rate-limited: 5 wrong current passwords per user in 15 minutes answer 429.',
  request: { body: jsonBody(changePasswordSchema) },
  responses: { 204: { description: 'Changed' }, ...errors('forbidden', 'rate_limited') },
})

// GET /api/auth/sessions – the user's active sessions (`current` marks this one)
const listSessionsRoute = userRoute({
  method: 'get',
  path: '/sessions',
  tags,
  summary: 'Your active sessions',
  responses: { 200: json(sessionListSchema, 'Live sessions, most recently used first') },
})

// DELETE /api/auth/sessions/{id} – revoke one of the user's sessions (log out a device)
const revokeSessionRoute = userRoute({
  method: 'delete',
  path: '/sessions/{id}',
  tags,
  summary: 'Revoke one of your sessions',
  request: { params: sessionIdParam },
  responses: { 204: { description: 'Revoked' }, ...errors('not_found') },
})

// POST /api/auth/switch – make another of the user's shops the active one for this session
const switchShopRoute = userRoute({
  method: 'post',
  path: '/switch',
  tags,
  summary: 'Make another of your shops the active one',
  request: { body: jsonBody(switchShopSchema) },
  responses: { 200: json(meResponseSchema, 'Who is signed in, in the new shop'), ...errors('not_found') },
})

export const authRoutes = createRouter()
  .openapi(signupRoute, async (c) => {
    const { token, me } = await signUp(c.var.db, c.req.valid('json'), originOf(c))
    setSessionCookie(c, token)
    return c.json(me, 201)
  })
  .openapi(loginRoute, async (c) => {
    const { token, me } = await logIn(c.var.db, c.req.valid('json'), originOf(c))
    setSessionCookie(c, token)
    return c.json(me, 200)
  })
  .openapi(logoutRoute, async (c) => {
    await endSession(c.var.db, getCookie(c, SESSION_COOKIE))
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
    return c.body(null, 204)
  })
  .openapi(meRoute, async (c) => {
    const p = c.get('principal')
    return c.json(await loadMe(c.var.db, { userId: userIdOf(c), merchantId: p?.merchantId || null, role: p?.role }), 200)
  })
  .openapi(changePasswordRoute, async (c) => {
    await changePassword(c.var.db, { userId: userIdOf(c), currentSessionId: sessionIdOf(c), ...c.req.valid('json') })
    return c.body(null, 204)
  })
  .openapi(listSessionsRoute, async (c) => c.json({ items: await listOwnSessions(c.var.db, { userId: userIdOf(c), currentSessionId: sessionIdOf(c) }) }, 200))
  .openapi(revokeSessionRoute, async (c) => {
    await revokeOwnSession(c.var.db, { userId: userIdOf(c), sessionId: c.req.valid('param').id })
    return c.body(null, 204)
  })
  .openapi(switchShopRoute, async (c) => {
    const me = await switchShop(c.var.db, { userId: userIdOf(c), sessionId: sessionIdOf(c) ?? '', merchantId: c.req.valid('json').merchantId })
    return c.json(me, 200)
  })
