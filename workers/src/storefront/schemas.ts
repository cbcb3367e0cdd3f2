import { z } from '@hono/zod-openapi'

export const THEMES = ['classic', 'midnight', 'sunset', 'mint'] as const

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000)

/** One block of the link-in-bio page. */
export const linkBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('link'), title: z.string().trim().min(1).max(80), url: httpUrl }),
  z.object({ type: z.literal('heading'), text: z.string().trim().min(1).max(80) }),
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('video'), externalId: z.string().regex(/^\d{5,32}$/, 'a TikTok video id (digits)') }),
])

/** `merchants.settings.storefront`: what the merchant controls on the public pages. */
export const storefrontSettingsSchema = z
  .object({
    theme: z.enum(THEMES).default('classic'),
    bio: z.string().max(300).default(''),
    avatarKey: z.string().max(300).nullable().default(null),
    blocks: z.array(linkBlockSchema).max(50).default([]),
    /** International format, digits only (wa.me wants no +, spaces or leading zeros). */
    whatsappNumber: z
      .string()
      .regex(/^[1-9]\d{6,14}$/, 'digits only, with the country code, e.g. 2348012345678')
      .nullable()
      .default(null),
    telegramBot: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram bot username without @')
      .nullable()
      .default(null),
    /** Overrides of the link preview (Open Graph / Twitter card) text. */
    preview: z.object({ title: z.string().max(100).optional(), description: z.string().max(300).optional() }).default({}),
  })
  .openapi('StorefrontSettings')
export type StorefrontSettings = z.infer<typeof storefrontSettingsSchema>

export const storefrontSettingsInputSchema = storefrontSettingsSchema

/** GET|PUT /api/storefront/settings: the shop's public address and its storefront settings. */
export const storefrontSettingsViewSchema = z
  .object({ shop: z.object({ slug: z.string(), name: z.string(), url: z.string() }), settings: storefrontSettingsSchema })
  .openapi('StorefrontSettingsView')

export const shopSearchParam = z.object({ shop: z.string().openapi({ description: 'The shop handle (without @)', example: 'demo-shop' }) })
export const shopSearchQuery = z.object({ q: z.string().trim().max(100).default('') })
export const shopSearchSchema = z.object({ ids: z.array(z.uuid()).openapi({ description: 'Matching published products, best first' }) })

/** The public pages `/@<shop>` and `/@<shop>/p/<slug>`. */
export const shopPageParam = z.object({
  shop: z
    .string()
    .regex(/^@[^/]+$/)
    .openapi({ description: '`@` and the shop handle', example: '@demo-shop' }),
})
export const productPageParam = shopPageParam.extend({ slug: z.string().openapi({ description: 'The product slug', example: 'red-runner' }) })
export const pageQuery = z.object({
  src: z.string().optional().openapi({ description: 'Where the shopper came from: `V<TikTok video id>`, `L<link code>`; carried into the order ref' }),
  video: z.string().optional().openapi({ description: 'A TikTok video id whose products the page opens (read by the page script)' }),
})

/**
 * Reads the storefront settings from a merchant's settings jsonb, tolerating older or partial
 * data: invalid fields fall back to defaults rather than breaking the public page. The seed and
 * the bot keep the WhatsApp number and bot name at the top level; they are used when the
 * storefront has none of its own.
 */
export function readStorefrontSettings(
  settings: Record<string, unknown>,
  merchant: { bio?: string; avatarKey?: string | null; theme?: string } = {},
): StorefrontSettings {
  const raw = (settings.storefront ?? {}) as Record<string, unknown>
  const parsed = storefrontSettingsSchema.safeParse(raw)
  const base = parsed.success ? parsed.data : storefrontSettingsSchema.parse({})
  const top = storefrontSettingsSchema.partial().safeParse({ whatsappNumber: settings.whatsappNumber, telegramBot: settings.telegramBot })
  return {
    ...base,
    bio: base.bio || merchant.bio || '',
    avatarKey: base.avatarKey ?? merchant.avatarKey ?? null,
    theme:
      raw.theme === undefined && (THEMES as readonly string[]).includes(merchant.theme ?? '') ? (merchant.theme as StorefrontSettings['theme']) : base.theme,
    whatsappNumber: base.whatsappNumber ?? (top.success ? (top.data.whatsappNumber ?? null) : null),
    telegramBot: base.telegramBot ?? (top.success ? (top.data.telegramBot ?? null) : null),
  }
}
