import { z } from '@hono/zod-openapi'

export const productIdParam = z.object({ id: z.uuid({ message: 'product id must be a UUID' }) })

export const promoBodySchema = z
  .object({
    callToAction: z.string().trim().min(1).max(80).optional().describe('Defaults to "Order on WhatsApp"'),
    voiceOver: z.boolean().default(false),
    /** An uploaded audio asset of this merchant to use as background music. */
    musicAssetId: z.uuid().optional().describe('An uploaded audio file of this shop to use as background music'),
    /** Set when the title or call to action was written by AI: the video then says so. */
    aiGenerated: z.boolean().default(false).describe('Set when the title or call to action was written by AI: the video then says so'),
    durationSeconds: z.number().min(6).max(60).default(15),
    resolution: z.enum(['1080x1920', '540x960']).default('1080x1920'),
  })
  .openapi('PromoRequest')

export type PromoBody = z.output<typeof promoBodySchema>

export const publicAssetSchema = z
  .object({
    id: z.uuid(),
    url: z.string().describe('Path of the file, served by `/media/<key>`'),
    kind: z.enum(['original', 'thumbnail', 'preview', 'promo', 'frame', 'cover', 'avatar', 'other']),
    contentType: z.string(),
    bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    meta: z.record(z.string(), z.unknown()).describe('What made it: `jobType`, `productId`, crop, format…'),
    createdAt: z.iso.datetime(),
  })
  .openapi('MediaAsset')

export const productMediaSchema = z
  .object({
    product: z.object({ id: z.uuid(), title: z.string() }),
    images: z.array(publicAssetSchema).describe('The product’s own images, in order'),
    thumbnails: z.array(publicAssetSchema).describe('Thumbnails of the images (smallest first), then of the product’s videos'),
    previews: z.array(publicAssetSchema).describe('Preview clips'),
    promos: z.array(publicAssetSchema).describe('Promo videos, newest first'),
  })
  .openapi('ProductMedia')
