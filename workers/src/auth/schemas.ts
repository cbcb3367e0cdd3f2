import { z } from '@hono/zod-openapi'
import { roleSchema as role } from '../accounts/schemas'

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'enter a valid email address' }))
  .describe('Email address')
export const passwordSchema = z
  .string()
  .min(10, { message: 'use at least 10 characters' })
  .max(200, { message: 'use at most 200 characters' })
  .describe('Password (10–200 characters)')

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100).default(''),
  shopName: z.string().trim().min(1, { message: 'name your shop' }).max(100),
  /** Optional: accept an invite instead of creating a shop. */
  inviteToken: z.string().max(200).optional(),
})

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1, { message: 'enter your password' }).max(200) })
export const changePasswordSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
export const switchShopSchema = z.object({ merchantId: z.uuid() })
export const sessionIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, { message: 'not a session id' }) })

export type Signup = z.infer<typeof signupSchema>
export type Login = z.infer<typeof loginSchema>

export const meResponseSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
    merchant: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), defaultCurrency: z.string(), role }).nullable().describe('The active shop'),
    shops: z.array(z.object({ merchantId: z.uuid(), slug: z.string(), name: z.string(), role })).describe('Every shop the user belongs to'),
  })
  .openapi('Me')
export type MeResponse = z.infer<typeof meResponseSchema>

export const sessionSchema = z
  .object({
    id: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    current: z.boolean().describe('The session making this request'),
  })
  .openapi('Session')
export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).openapi('SessionList')
