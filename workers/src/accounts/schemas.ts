import { z } from '@hono/zod-openapi'

export const roleSchema = z.enum(['owner', 'staff', 'viewer'])
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: 'use a three-letter ISO 4217 currency code such as USD or NGN' })

export const updateShopSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    bio: z.string().max(500),
    defaultCurrency: currencySchema,
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change: send at least one field' })

export const userIdParam = z.object({ userId: z.uuid({ message: 'not a member id' }) })
export const idParam = z.object({ id: z.uuid({ message: 'not an id' }) })
export const changeRoleSchema = z.object({ role: roleSchema })
export const createInviteSchema = z.object({ role: roleSchema.default('staff'), email: z.email().optional() })
export const acceptInviteSchema = z.object({ token: z.string().min(10).max(200) })
export const createTokenSchema = z.object({
  name: z.string().trim().min(1, { message: 'name the token' }).max(80),
  role: z.enum(['staff', 'viewer']).default('staff'),
})

export type UpdateShop = z.infer<typeof updateShopSchema>
export type CreateInvite = z.infer<typeof createInviteSchema>
export type CreateToken = z.infer<typeof createTokenSchema>

// ---- responses

export const shopSchema = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), bio: z.string(), defaultCurrency: z.string() }).openapi('Shop')

export const memberSchema = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: roleSchema, joinedAt: z.iso.datetime() }).openapi('Member')
export const memberListSchema = z.object({ items: z.array(memberSchema) }).openapi('MemberList')
export const memberRoleSchema = z.object({ userId: z.uuid(), role: roleSchema }).openapi('MemberRole')

export const inviteSchema = z
  .object({ id: z.uuid(), role: roleSchema, email: z.string().nullable(), expiresAt: z.iso.datetime(), createdAt: z.iso.datetime() })
  .openapi('Invite')
export const inviteListSchema = z.object({ items: z.array(inviteSchema) }).openapi('InviteList')
export const createdInviteSchema = z
  .object({
    id: z.uuid(),
    role: roleSchema,
    email: z.string().nullable(),
    expiresAt: z.iso.datetime(),
    token: z.string().describe('The invite token; shown only this once'),
    url: z.url().describe('The link to send: /invite/<token>'),
  })
  .openapi('CreatedInvite')
export const joinedShopSchema = z.object({ merchantId: z.uuid(), role: roleSchema }).openapi('JoinedShop')

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the secret, to tell tokens apart'),
    role: roleSchema,
    lastUsedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('ApiToken')
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) }).openapi('ApiTokenList')
export const createdApiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: roleSchema,
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    token: z.string().describe('The secret (`lh_…`); shown only this once'),
  })
  .openapi('CreatedApiToken')
