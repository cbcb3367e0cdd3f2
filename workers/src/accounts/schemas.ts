import { z } from '@hono/zod-openapi'
import { API_TOKEN_SCOPES } from '../../../contracts/api-token-scopes'
import { isCurrencyCode } from '../../../contracts/currencies'
import { parseCidr } from '../auth/token-access'

export const roleSchema = z.enum(['owner', 'staff', 'viewer'])
/** An ISO 4217 code of `contracts/currencies.ts` (any case accepted, stored upper case). */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { message: 'use an ISO 4217 currency code such as USD, KES or NGN' })
  .openapi({ example: 'KES' })

/**
 * A phone number in E.164 form ("+254712345678") from what people type: spaces, dashes, dots and
 * brackets are dropped, a leading 00 counts as +; digits-only input (the old stored form) is read
 * as international. Undefined when it cannot be a phone number.
 */
export function normaliseE164(input: string): string | undefined {
  const compact = input.trim().replace(/[\s().-]/g, '')
  const m = /^(?:\+|00)?([1-9]\d{6,14})$/.exec(compact)
  return m ? `+${m[1]}` : undefined
}

const E164_MESSAGE = 'a phone number in international format with the country code, e.g. +254 712 345 678'

/** A phone number, normalised to E.164; a clear 400 for anything else. */
export const e164PhoneSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const n = normaliseE164(v)
    if (!n) ctx.addIssue({ code: 'custom', message: E164_MESSAGE })
    return n ?? v
  })
  .openapi({ example: '+254712345678', description: E164_MESSAGE })

/** The same, where an empty string means "none" (stored as absent). */
export const optionalE164PhoneSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    if (!v.trim()) return undefined
    const n = normaliseE164(v)
    if (!n) ctx.addIssue({ code: 'custom', message: E164_MESSAGE })
    return n ?? v
  })
  .optional()
  .openapi({ example: '+254712345678', description: `${E164_MESSAGE}; empty for none` })

export const updateShopSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    bio: z.string().max(500),
    defaultCurrency: currencySchema,
    requireTwoFactor: z.boolean().describe('Owners must use two-factor sign-in; owners without it are sent to set it up'),
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
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES))
    .min(1, { message: 'pick at least one scope' })
    .default([...API_TOKEN_SCOPES])
    .transform((s) => [...new Set(s)])
    .describe('What the token may do (default: everything)'),
  ipAllowlist: z
    .array(
      z
        .string()
        .trim()
        .refine((c) => parseCidr(c) !== null, { message: 'not an IP address or CIDR, e.g. 203.0.113.0/24 or 2001:db8::/32' }),
    )
    .max(20)
    .default([])
    .describe('Addresses or CIDRs the token may be used from (empty: anywhere)'),
})

export type UpdateShop = z.infer<typeof updateShopSchema>
export type CreateInvite = z.infer<typeof createInviteSchema>
export type CreateToken = z.infer<typeof createTokenSchema>

// ---- responses

export const shopSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), bio: z.string(), defaultCurrency: z.string(), requireTwoFactor: z.boolean() })
  .openapi('Shop')

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
    scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    ipAllowlist: z.array(z.string()),
    lastUsedAt: z.iso.datetime().nullable().describe('Recorded at most once a minute'),
    lastUsedIp: z.string().nullable(),
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
    scopes: z.array(z.enum(API_TOKEN_SCOPES)),
    ipAllowlist: z.array(z.string()),
    createdAt: z.iso.datetime(),
    token: z.string().describe('The secret (`lh_…`); shown only this once'),
  })
  .openapi('CreatedApiToken')
