import { clientIp } from '../lib/client-ip'
// /api/auth – sign up, log in, log out, who am I, change password, list/revoke sessions, switch shop
import { and, eq, ne, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { findUserByEmail, freeMerchantSlug, listActiveSessions, listMembershipsOfUser, revokeSession } from '../../../db/queries/accounts'
import { memberships, merchants, sessions, users } from '../../../db/schema'
import { acceptInvite } from '../accounts/accept-invite'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { assertLoginAllowed, recordLoginAttempt } from '../middleware/rate-limit'
import { hashPassword, verifyPassword } from './password'
import { requireUser, userIdOf } from '../middleware/auth'
import { changePasswordSchema, loginSchema, type MeResponse, sessionIdParam, signupSchema, switchShopSchema } from './schemas'
import { createSession, SESSION_ABSOLUTE_SECONDS, SESSION_COOKIE } from './sessions'
import { hashToken } from './tokens'

// A real hash of a random password: unknown emails cost the same PBKDF2 work as known ones,
// so response time does not tell which addresses have accounts.
const DUMMY_HASH = 'pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='


function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: SESSION_ABSOLUTE_SECONDS })
}

async function startSession(c: Context<AppEnv>, userId: string, merchantId: string | null) {
  const { token } = await createSession(c.var.db, { userId, merchantId, ip: clientIp(c.req), userAgent: c.req.header('user-agent') ?? null })
  setSessionCookie(c, token)
}

/** The signed-in user, their active shop and every shop they belong to. */
async function me(c: Context<AppEnv>): Promise<MeResponse> {
  const p = c.get('principal')
  const userId = userIdOf(c)
  const [user] = await c.var.db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId))
  if (!user) throw new AppError('unauthorized', 'sign in to continue')
  const shops = await listMembershipsOfUser(c.var.db, userId)
  let merchant: MeResponse['merchant'] = null
  if (p?.merchantId) {
    const [m] = await c.var.db.select().from(merchants).where(eq(merchants.id, p.merchantId))
    if (m) merchant = { id: m.id, slug: m.slug, name: m.name, defaultCurrency: m.defaultCurrency, role: p.role }
  }
  return { user, merchant, shops }
}

export const authRoutes = new Hono<AppEnv>()
  // POST /api/auth/signup – create an account and a shop (or join one with an invite), signed in
  .post('/signup', validate('json', signupSchema), async (c) => {
    const input = c.req.valid('json')
    const db = c.var.db
    if (await findUserByEmail(db, input.email)) throw new AppError('conflict', 'an account with this email already exists; log in instead')
    const passwordHash = await hashPassword(input.password)
    const { userId, merchantId } = await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email: input.email, name: input.name, passwordHash }).returning({ id: users.id })
      if (input.inviteToken) {
        const joined = await acceptInvite(tx, { token: input.inviteToken, userId: user.id, email: input.email })
        return { userId: user.id, merchantId: joined.merchantId }
      }
      const slug = await freeMerchantSlug(tx, input.shopName)
      const [shop] = await tx.insert(merchants).values({ slug, name: input.shopName }).returning({ id: merchants.id })
      await tx.insert(memberships).values({ merchantId: shop.id, userId: user.id, role: 'owner' })
      return { userId: user.id, merchantId: shop.id }
    })
    await startSession(c, userId, merchantId)
    c.set('principal', { kind: 'session', userId, merchantId, role: input.inviteToken ? 'viewer' : 'owner' })
    const body = await me(c)
    // The role above was a placeholder for invites; read the real one.
    if (body.merchant) body.merchant.role = body.shops.find((s) => s.merchantId === merchantId)?.role ?? body.merchant.role
    return c.json(body, 201)
  })
  // POST /api/auth/login – email + password → session cookie; rate-limited per account and per IP
  .post('/login', validate('json', loginSchema), async (c) => {
    const { email, password } = c.req.valid('json')
    const db = c.var.db
    const ip = clientIp(c.req)
    await assertLoginAllowed(db, email, ip)
    const user = await findUserByEmail(db, email)
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    await recordLoginAttempt(db, email, ip, ok && !!user)
    if (!user || !ok) throw new AppError('unauthorized', 'wrong email or password')
    const [first] = await listMembershipsOfUser(db, user.id)
    await startSession(c, user.id, first?.merchantId ?? null)
    c.set('principal', { kind: 'session', userId: user.id, merchantId: first?.merchantId ?? '', role: first?.role ?? 'viewer' })
    return c.json(await me(c))
  })
  // POST /api/auth/logout – revokes this session and clears the cookie
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token)
      await c.var.db
        .update(sessions)
        .set({ revokedAt: sql`now()` })
        .where(eq(sessions.id, await hashToken(token)))
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
    return c.body(null, 204)
  })
  // GET /api/auth/me – the signed-in user and shop
  .get('/me', requireUser(), async (c) => c.json(await me(c)))
  // POST /api/auth/password – change password; every other session of the user is revoked
  .post('/password', requireUser(), validate('json', changePasswordSchema), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json')
    const userId = userIdOf(c)
    const [user] = await c.var.db.select().from(users).where(eq(users.id, userId))
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw new AppError('forbidden', 'your current password is not right')
    await c.var.db
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword) })
      .where(eq(users.id, userId))
    const current = c.get('principal')?.sessionId ?? ''
    await c.var.db
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.userId, userId), ne(sessions.id, current), sql`${sessions.revokedAt} is null`))
    return c.body(null, 204)
  })
  // GET /api/auth/sessions – the user's active sessions (`current` marks this one)
  .get('/sessions', requireUser(), async (c) => {
    const current = c.get('principal')?.sessionId
    const rows = await listActiveSessions(c.var.db, userIdOf(c))
    return c.json({ items: rows.map((s) => ({ ...s, current: s.id === current })) })
  })
  // DELETE /api/auth/sessions/:id – revoke one of the user's sessions (log out a device)
  .delete('/sessions/:id', requireUser(), validate('param', sessionIdParam), async (c) => {
    if (!(await revokeSession(c.var.db, userIdOf(c), c.req.valid('param').id))) throw new AppError('not_found', 'no such session')
    return c.body(null, 204)
  })
  // POST /api/auth/switch – make another of the user's shops the active one for this session
  .post('/switch', requireUser(), validate('json', switchShopSchema), async (c) => {
    const { merchantId } = c.req.valid('json')
    const userId = userIdOf(c)
    const [m] = await c.var.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.merchantId, merchantId)))
    if (!m) throw new AppError('not_found', 'no such shop')
    const sessionId = c.get('principal')?.sessionId as string
    await c.var.db.update(sessions).set({ merchantId }).where(eq(sessions.id, sessionId))
    c.set('principal', { kind: 'session', userId, merchantId, role: m.role, sessionId })
    return c.json(await me(c))
  })
