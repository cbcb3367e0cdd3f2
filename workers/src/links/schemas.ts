import { z } from '@hono/zod-openapi'

const utmSchema = z
  .object({
    source: z.string().trim().min(1).max(100).optional(),
    medium: z.string().trim().min(1).max(100).optional(),
    campaign: z.string().trim().min(1).max(100).optional(),
    term: z.string().trim().min(1).max(100).optional(),
    content: z.string().trim().min(1).max(100).optional(),
  })
  .strict()

const linkFields = {
  title: z.string().trim().max(120).optional(),
  utm: utmSchema.optional(),
  /** Plain text in; stored only as a PBKDF2 hash. null removes the password. */
  password: z.string().min(4, 'at least 4 characters').max(100).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  enabled: z.boolean().optional(),
}

/** POST /api/links: exactly one target — a product, a video, or any http(s) URL. */
export const createLinkSchema = z
  .object({
    ...linkFields,
    productId: z.uuid().optional(),
    videoId: z.uuid().optional(),
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
  })
  .refine((v) => [v.productId, v.videoId, v.url].filter(Boolean).length === 1, { message: 'give exactly one of productId, videoId or url' })
  .openapi('CreateShortLink')

export const updateLinkSchema = z
  .object(linkFields)
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change: send at least one field' })
  .openapi('UpdateShortLink')

export const linkIdParam = z.object({ id: z.uuid('not a link id') })
export const productIdParam = z.object({ productId: z.uuid('not a product id') })
export const qrPngQuery = z.object({ scale: z.string().optional().openapi({ description: 'Pixels per module, 2–32 (default 10)', example: '16' }) })

export type CreateLinkInput = z.infer<typeof createLinkSchema>
export type UpdateLinkInput = z.infer<typeof updateLinkSchema>

const linkBase = {
  id: z.uuid(),
  code: z.string().openapi({ example: 'Ab3dE9x' }),
  title: z.string(),
  productId: z.uuid().nullable(),
  videoId: z.uuid().nullable(),
  url: z.string().nullable(),
  utm: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime().nullable(),
  enabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.iso.datetime(),
  shortUrl: z.string().openapi({ example: 'https://linkhub.example/l/Ab3dE9x' }),
}

/** A link as the API returns it: never its password hash, only whether it has one. */
export const linkSchema = z.object({ ...linkBase, merchantId: z.uuid(), updatedAt: z.iso.datetime() }).openapi('ShortLink')
export const linkEnvelopeSchema = z.object({ link: linkSchema })

/** A row of the link list: the link, its target's label and its clicks. */
export const linkRowSchema = z
  .object({
    ...linkBase,
    productTitle: z.string().nullable(),
    videoCaption: z.string().nullable(),
    clicks: z.number().int().openapi({ description: 'Opens of the short link and scans of its QR code (what Analytics counts as clicks)' }),
    qrScans: z.number().int().openapi({ description: 'How many of `clicks` were QR code scans' }),
  })
  .openapi('ShortLinkRow')
export const linkListSchema = z.object({ links: z.array(linkRowSchema) })

/** The public short-link pages. */
export const codeParam = z.object({ code: z.string().openapi({ description: 'The link code: 4–32 letters and digits', example: 'Ab3dE9x' }) })
export const followQuery = z.object({ qr: z.string().optional().openapi({ description: '`1` when the link was opened from its QR code' }) })
export const passwordForm = z.object({ password: z.string().optional() })
export const ogImageParam = z.object({
  file: z
    .string()
    .regex(/^[a-z0-9-]+\.png$/)
    .openapi({ description: 'The shop handle and `.png`', example: 'demo-shop.png' }),
})
