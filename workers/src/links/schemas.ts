import { z } from 'zod'

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

export const updateLinkSchema = z.object(linkFields)

export const linkIdParam = z.object({ id: z.uuid('not a link id') })
export const productIdParam = z.object({ productId: z.uuid('not a product id') })

export type CreateLinkInput = z.infer<typeof createLinkSchema>
