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
    twoFactor: z
      .object({
        enabled: z.boolean(),
        setupRequired: z
          .boolean()
          .describe('The active shop requires owners to use two-factor and this owner has not set it up: every shop route answers 403 until they do'),
      })
      .describe('Two-factor sign-in of this user'),
  })
  .openapi('Me')
export type MeResponse = z.infer<typeof meResponseSchema>

export const sessionSchema = z
  .object({
    id: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    method: z.enum(['password', 'google']).describe('How this session signed in'),
    secondFactor: z.boolean().describe('A two-factor code (or recovery code) was given'),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    current: z.boolean().describe('The session making this request'),
  })
  .openapi('Session')
export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).openapi('SessionList')

/** A sign-in that needs the second factor next (POST /api/auth/two-factor/verify). */
export const challengeSchema = z.object({ twoFactorRequired: z.literal(true), method: z.enum(['password', 'google']) }).openapi('TwoFactorChallenge')
export const signInResponseSchema = z.union([meResponseSchema, challengeSchema]).openapi('SignInResult')

export const codeSchema = z.object({
  code: z.string().trim().min(6, { message: 'enter the 6-digit code' }).max(20).describe('A 6-digit TOTP code, or a recovery code'),
})
export const linkGoogleSchema = z.object({ password: z.string().min(1, { message: 'enter your password' }).max(200) })
export const pendingLinkSchema = z.object({ email: z.string() }).openapi('PendingGoogleLink')
export const providersSchema = z.object({ google: z.boolean().describe('"Continue with Google" is configured') }).openapi('SignInProviders')
export const twoFactorStatusSchema = z
  .object({
    enabled: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    recoveryCodesLeft: z.number().int(),
    requiredByShop: z.boolean().describe('A shop you own requires two-factor of its owners'),
  })
  .openapi('TwoFactorStatus')
export const twoFactorSetupSchema = z
  .object({
    secret: z.string().describe('Base32 secret, for typing into an authenticator app'),
    uri: z.string().describe('otpauth:// URI'),
    qrSvg: z.string().describe('The URI as an SVG QR code'),
  })
  .openapi('TwoFactorSetup')
export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).describe('One-time recovery codes; shown only this once') })
  .openapi('RecoveryCodes')
export const googleStartQuery = z.object({ next: z.string().max(500).optional() })
export const googleCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
})
