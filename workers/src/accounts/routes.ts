// /api/shop, /api/members, /api/invites, /api/tokens – shop settings, members and roles, invite links, API tokens
import { and, eq, isNull, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { countOwners, listApiTokens, listMembers, listPendingInvites } from '../../../db/queries/accounts'
import { writeAudit } from '../../../db/queries/audit'
import { apiTokens, invites, memberships, merchants, sessions, users } from '../../../db/schema'
import { requireUser, userIdOf } from '../middleware/auth'
import { hashToken, randomToken } from '../auth/tokens'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { acceptInvite } from './accept-invite'
import { acceptInviteSchema, changeRoleSchema, createInviteSchema, createTokenSchema, idParam, updateShopSchema, userIdParam } from './schemas'

const INVITE_TTL_DAYS = 7

export const shopRoutes = new Hono<AppEnv>()
  // GET /api/shop – the active shop's settings
  .get('/', requireMember('viewer'), async (c) => {
    const [m] = await c.var.db
      .select()
      .from(merchants)
      .where(eq(merchants.id, merchantIdOf(c)))
    if (!m) throw new AppError('not_found', 'no such shop')
    return c.json({ id: m.id, slug: m.slug, name: m.name, bio: m.bio, defaultCurrency: m.defaultCurrency })
  })
  // PATCH /api/shop – rename the shop, change its bio or default currency (owners)
  .patch('/', requireMember('owner'), validate('json', updateShopSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const patch = c.req.valid('json')
    const [m] = await c.var.db.update(merchants).set(patch).where(eq(merchants.id, merchantId)).returning()
    await writeAudit(c.var.db, {
      merchantId,
      userId: c.get('principal')?.userId ?? null,
      action: 'shop.update',
      entity: 'shop',
      entityId: merchantId,
      changes: patch,
    })
    return c.json({ id: m.id, slug: m.slug, name: m.name, bio: m.bio, defaultCurrency: m.defaultCurrency })
  })

export const memberRoutes = new Hono<AppEnv>()
  // GET /api/members – who belongs to the shop
  .get('/', requireMember('viewer'), async (c) => c.json({ items: await listMembers(c.var.db, merchantIdOf(c)) }))
  // PATCH /api/members/:userId – change a member's role (owners); the last owner cannot step down
  .patch('/:userId', requireMember('owner'), validate('param', userIdParam), validate('json', changeRoleSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const { userId } = c.req.valid('param')
    const { role } = c.req.valid('json')
    const [m] = await c.var.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    if (!m) throw new AppError('not_found', 'no such member')
    if (m.role === 'owner' && role !== 'owner' && (await countOwners(c.var.db, merchantId)) <= 1)
      throw new AppError('conflict', 'a shop needs at least one owner; make someone else owner first')
    await c.var.db
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    await writeAudit(c.var.db, {
      merchantId,
      userId: c.get('principal')?.userId ?? null,
      action: 'member.role',
      entity: 'member',
      entityId: userId,
      changes: { from: m.role, to: role },
    })
    return c.json({ userId, role })
  })
  // DELETE /api/members/:userId – remove a member (owners), ending their sessions in this shop
  .delete('/:userId', requireMember('owner'), validate('param', userIdParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const { userId } = c.req.valid('param')
    const [m] = await c.var.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    if (!m) throw new AppError('not_found', 'no such member')
    if (m.role === 'owner' && (await countOwners(c.var.db, merchantId)) <= 1) throw new AppError('conflict', 'a shop needs at least one owner')
    await c.var.db.delete(memberships).where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, userId)))
    await c.var.db
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.userId, userId), eq(sessions.merchantId, merchantId)))
    await writeAudit(c.var.db, { merchantId, userId: c.get('principal')?.userId ?? null, action: 'member.remove', entity: 'member', entityId: userId })
    return c.body(null, 204)
  })

export const inviteRoutes = new Hono<AppEnv>()
  // GET /api/invites – pending invites (owners)
  .get('/', requireMember('owner'), async (c) => c.json({ items: await listPendingInvites(c.var.db, merchantIdOf(c)) }))
  // POST /api/invites – create an invite link (owners); the token is shown once
  .post('/', requireMember('owner'), validate('json', createInviteSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const input = c.req.valid('json')
    const token = randomToken('inv_')
    const expiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 86400_000)
    const [row] = await c.var.db
      .insert(invites)
      .values({
        merchantId,
        role: input.role,
        email: input.email ?? null,
        tokenHash: await hashToken(token),
        createdBy: c.get('principal')?.userId ?? null,
        expiresAt,
      })
      .returning()
    await writeAudit(c.var.db, {
      merchantId,
      userId: c.get('principal')?.userId ?? null,
      action: 'invite.create',
      entity: 'invite',
      entityId: row.id,
      changes: { role: input.role, email: input.email ?? null },
    })
    const url = new URL(`/invite/${token}`, new URL(c.req.url).origin).toString()
    return c.json({ id: row.id, role: row.role, email: row.email, expiresAt: row.expiresAt, token, url }, 201)
  })
  // DELETE /api/invites/:id – withdraw an invite (owners)
  .delete('/:id', requireMember('owner'), validate('param', idParam), async (c) => {
    const rows = await c.var.db
      .delete(invites)
      .where(and(eq(invites.id, c.req.valid('param').id), eq(invites.merchantId, merchantIdOf(c)), isNull(invites.acceptedAt)))
      .returning({ id: invites.id })
    if (!rows.length) throw new AppError('not_found', 'no such invite')
    return c.body(null, 204)
  })
  // POST /api/invites/accept – join the invite's shop as the signed-in user; it becomes the active shop
  .post('/accept', requireUser(), validate('json', acceptInviteSchema), async (c) => {
    const userId = userIdOf(c)
    const [user] = await c.var.db.select({ email: users.email }).from(users).where(eq(users.id, userId))
    const joined = await acceptInvite(c.var.db, { token: c.req.valid('json').token, userId, email: user?.email ?? '' })
    const sessionId = c.get('principal')?.sessionId
    if (sessionId) await c.var.db.update(sessions).set({ merchantId: joined.merchantId }).where(eq(sessions.id, sessionId))
    return c.json(joined)
  })

export const tokenRoutes = new Hono<AppEnv>()
  // GET /api/tokens – the shop's API tokens (never their secret)
  .get('/', requireMember('owner'), async (c) => c.json({ items: await listApiTokens(c.var.db, merchantIdOf(c)) }))
  // POST /api/tokens – create an API token for this shop (owners); the secret is shown once
  .post('/', requireMember('owner'), validate('json', createTokenSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const input = c.req.valid('json')
    const token = randomToken('lh_')
    const [row] = await c.var.db
      .insert(apiTokens)
      .values({
        merchantId,
        name: input.name,
        role: input.role,
        tokenHash: await hashToken(token),
        prefix: token.slice(0, 9),
        createdBy: c.get('principal')?.userId ?? null,
      })
      .returning()
    await writeAudit(c.var.db, {
      merchantId,
      userId: c.get('principal')?.userId ?? null,
      action: 'token.create',
      entity: 'api_token',
      entityId: row.id,
      changes: { name: input.name, role: input.role },
    })
    return c.json({ id: row.id, name: row.name, role: row.role, prefix: row.prefix, createdAt: row.createdAt, token }, 201)
  })
  // DELETE /api/tokens/:id – revoke an API token (owners)
  .delete('/:id', requireMember('owner'), validate('param', idParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const rows = await c.var.db
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, c.req.valid('param').id), eq(apiTokens.merchantId, merchantId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id })
    if (!rows.length) throw new AppError('not_found', 'no such token')
    await writeAudit(c.var.db, { merchantId, userId: c.get('principal')?.userId ?? null, action: 'token.revoke', entity: 'api_token', entityId: rows[0].id })
    return c.body(null, 204)
  })
