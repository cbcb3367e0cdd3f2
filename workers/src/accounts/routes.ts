// /api/shop, /api/members, /api/invites, /api/tokens – shop settings, members and roles, invite links, API tokens
import type { Context } from 'hono'
import { listApiTokens, listMembers, listPendingInvites } from '../../../db/queries/accounts'
import type { AppEnv } from '../env'
import { createRouter, errors, json, jsonBody, memberRoute, userRoute } from '../lib/openapi'
import { merchantIdOf, userIdOf } from '../middleware/auth'
import { joinShopByInvite } from './accept-invite'
import { changeMemberRole } from './change-member-role'
import { createApiToken } from './create-api-token'
import { createInvite } from './create-invite'
import { getShop } from './get-shop'
import { removeMember } from './remove-member'
import { revokeApiToken } from './revoke-api-token'
import {
  acceptInviteSchema,
  apiTokenListSchema,
  changeRoleSchema,
  createdApiTokenSchema,
  createdInviteSchema,
  createInviteSchema,
  createTokenSchema,
  idParam,
  inviteListSchema,
  joinedShopSchema,
  memberListSchema,
  memberRoleSchema,
  shopSchema,
  updateShopSchema,
  userIdParam,
} from './schemas'
import { updateShop } from './update-shop'
import { withdrawInvite } from './withdraw-invite'

const tags: ['Shop'] = ['Shop']
/** A required JSON request body. */
/** Who is acting, for the audit log (null for an API token whose creator is gone). */
const actorOf = (c: Context<AppEnv>) => c.get('principal')?.userId ?? null

// ---- /api/shop

// GET /api/shop – the active shop's settings
const getShopRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags,
  summary: 'Shop settings',
  responses: { 200: json(shopSchema, 'The active shop'), ...errors('not_found') },
})

// PATCH /api/shop – rename the shop, change its bio or default currency (owners)
const updateShopRoute = memberRoute('owner', {
  method: 'patch',
  path: '/',
  tags,
  summary: 'Update shop name, bio, default currency',
  request: { body: jsonBody(updateShopSchema) },
  responses: { 200: json(shopSchema, 'The shop after the change'), ...errors('not_found') },
})

export const shopRoutes = createRouter()
  .openapi(getShopRoute, async (c) => c.json(await getShop(c.var.db, merchantIdOf(c)), 200))
  .openapi(updateShopRoute, async (c) => {
    const shop = await updateShop(c.var.db, { merchantId: merchantIdOf(c), actorId: actorOf(c), patch: c.req.valid('json') })
    return c.json(shop, 200)
  })

// ---- /api/members

// GET /api/members – who belongs to the shop
const listMembersRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags,
  summary: 'Members and roles',
  responses: { 200: json(memberListSchema, 'The members, longest-standing first') },
})

// PATCH /api/members/{userId} – change a member's role (owners); the last owner cannot step down
const changeRoleRoute = memberRoute('owner', {
  method: 'patch',
  path: '/{userId}',
  tags,
  summary: "Change a member's role (a shop keeps at least one owner)",
  request: { params: userIdParam, body: jsonBody(changeRoleSchema) },
  responses: { 200: json(memberRoleSchema, 'The new role'), ...errors('not_found', 'conflict') },
})

// DELETE /api/members/{userId} – remove a member (owners), ending their sessions in this shop
const removeMemberRoute = memberRoute('owner', {
  method: 'delete',
  path: '/{userId}',
  tags,
  summary: 'Remove a member',
  description: "Their sessions in this shop end. The shop's last owner cannot be removed.",
  request: { params: userIdParam },
  responses: { 204: { description: 'Removed' }, ...errors('not_found', 'conflict') },
})

export const memberRoutes = createRouter()
  .openapi(listMembersRoute, async (c) => c.json({ items: await listMembers(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(changeRoleRoute, async (c) => {
    const changed = await changeMemberRole(c.var.db, {
      merchantId: merchantIdOf(c),
      actorId: actorOf(c),
      userId: c.req.valid('param').userId,
      role: c.req.valid('json').role,
    })
    return c.json(changed, 200)
  })
  .openapi(removeMemberRoute, async (c) => {
    await removeMember(c.var.db, { merchantId: merchantIdOf(c), actorId: actorOf(c), userId: c.req.valid('param').userId })
    return c.body(null, 204)
  })

// ---- /api/invites

// GET /api/invites – pending invites (owners)
const listInvitesRoute = memberRoute('owner', {
  method: 'get',
  path: '/',
  tags,
  summary: 'Pending invites',
  responses: { 200: json(inviteListSchema, 'Invites not yet used or expired, newest first') },
})

// POST /api/invites – create an invite link (owners); the token is shown once
const createInviteRoute = memberRoute('owner', {
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an invite link (token shown once, valid 7 days)',
  description: 'With `email`, only that address can use the link.',
  request: { body: jsonBody(createInviteSchema) },
  responses: { 201: json(createdInviteSchema, 'The invite and its link') },
})

// DELETE /api/invites/{id} – withdraw an invite (owners)
const withdrawInviteRoute = memberRoute('owner', {
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Withdraw an invite',
  request: { params: idParam },
  responses: { 204: { description: 'Withdrawn' }, ...errors('not_found') },
})

// POST /api/invites/accept – join the invite's shop as the signed-in user; it becomes the active shop
const acceptInviteRoute = userRoute({
  method: 'post',
  path: '/accept',
  tags,
  summary: 'Join the shop of an invite as the signed-in user',
  description: 'The shop becomes the active one of this session. An invite made for another email address answers 403.',
  request: { body: jsonBody(acceptInviteSchema) },
  responses: { 200: json(joinedShopSchema, 'The shop joined and the role in it'), ...errors('forbidden', 'not_found', 'conflict') },
})

export const inviteRoutes = createRouter()
  .openapi(listInvitesRoute, async (c) => c.json({ items: await listPendingInvites(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(createInviteRoute, async (c) => {
    const invite = await createInvite(c.var.db, { ...c.req.valid('json'), merchantId: merchantIdOf(c), actorId: actorOf(c), origin: new URL(c.req.url).origin })
    return c.json(invite, 201)
  })
  .openapi(withdrawInviteRoute, async (c) => {
    await withdrawInvite(c.var.db, { merchantId: merchantIdOf(c), id: c.req.valid('param').id })
    return c.body(null, 204)
  })
  .openapi(acceptInviteRoute, async (c) => {
    const joined = await joinShopByInvite(c.var.db, { token: c.req.valid('json').token, userId: userIdOf(c), sessionId: c.get('principal')?.sessionId })
    return c.json(joined, 200)
  })

// ---- /api/tokens

// GET /api/tokens – the shop's API tokens (never their secret)
const listTokensRoute = memberRoute('owner', {
  method: 'get',
  path: '/',
  tags,
  summary: 'API tokens (never their secrets)',
  responses: { 200: json(apiTokenListSchema, 'Live tokens, newest first') },
})

// POST /api/tokens – create an API token for this shop (owners); the secret is shown once
const createTokenRoute = memberRoute('owner', {
  method: 'post',
  path: '/',
  tags,
  summary: 'Create an API token for this shop (secret shown once)',
  request: { body: jsonBody(createTokenSchema) },
  responses: { 201: json(createdApiTokenSchema, 'The token and its secret') },
})

// DELETE /api/tokens/{id} – revoke an API token (owners)
const revokeTokenRoute = memberRoute('owner', {
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Revoke an API token',
  request: { params: idParam },
  responses: { 204: { description: 'Revoked' }, ...errors('not_found') },
})

export const tokenRoutes = createRouter()
  .openapi(listTokensRoute, async (c) => c.json({ items: await listApiTokens(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(createTokenRoute, async (c) =>
    c.json(await createApiToken(c.var.db, { ...c.req.valid('json'), merchantId: merchantIdOf(c), actorId: actorOf(c) }), 201),
  )
  .openapi(revokeTokenRoute, async (c) => {
    await revokeApiToken(c.var.db, { merchantId: merchantIdOf(c), actorId: actorOf(c), id: c.req.valid('param').id })
    return c.body(null, 204)
  })
