import { z } from 'zod'

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

export const userIdParam = z.object({ userId: z.uuid({ message: 'not a member id' }) })
export const idParam = z.object({ id: z.uuid({ message: 'not an id' }) })
export const changeRoleSchema = z.object({ role: roleSchema })
export const createInviteSchema = z.object({ role: roleSchema.default('staff'), email: z.email().optional() })
export const acceptInviteSchema = z.object({ token: z.string().min(10).max(200) })
export const createTokenSchema = z.object({
  name: z.string().trim().min(1, { message: 'name the token' }).max(80),
  role: z.enum(['staff', 'viewer']).default('staff'),
})
