// POST /api/products/:id/promo – make a 9:16 promo video of a product (render node, RENDER queue)
// GET  /api/products/:id/media – the product's generated media: thumbnails, previews, promo videos
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { mediaAssets, merchants, productMedia, products, productVideos, videos } from '../../../db/schema'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { formatMoney } from '../../../contracts/money'
import { validate } from '../lib/validate'
import { mediaUrl } from '../media/store-media'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { enqueueJob } from '../queues/enqueue-job'
import { publicJob } from '../jobs/routes'

const idParam = z.object({ id: z.uuid({ message: 'product id must be a UUID' }) })

const promoBody = z.object({
  callToAction: z.string().trim().min(1).max(80).optional(),
  voiceOver: z.boolean().default(false),
  /** An uploaded audio asset of this merchant to use as background music. */
  musicAssetId: z.uuid().optional(),
  /** Set when the title or call to action was written by AI: the video then says so. */
  aiGenerated: z.boolean().default(false),
  durationSeconds: z.number().min(6).max(60).default(15),
  resolution: z.enum(['1080x1920', '540x960']).default('1080x1920'),
})

async function getProductOrThrow(db: AppEnv['Variables']['db'], merchantId: string, id: string) {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, id), eq(products.merchantId, merchantId)))
  if (!product) throw new AppError('not_found', 'no such product')
  return product
}

/** The product's own images in order, then the covers of its linked videos. */
async function sourceImageKeys(db: AppEnv['Variables']['db'], merchantId: string, productId: string): Promise<string[]> {
  const images = await db
    .select({ key: mediaAssets.key })
    .from(productMedia)
    .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
    .where(and(eq(productMedia.productId, productId), eq(productMedia.merchantId, merchantId), sql`${mediaAssets.contentType} like 'image/%'`))
    .orderBy(asc(productMedia.position))
  const covers = await db
    .select({ key: mediaAssets.key })
    .from(productVideos)
    .innerJoin(videos, eq(videos.id, productVideos.videoId))
    .innerJoin(mediaAssets, eq(mediaAssets.id, videos.coverAssetId))
    .where(and(eq(productVideos.productId, productId), eq(productVideos.merchantId, merchantId)))
  return [...new Set([...images, ...covers].map((r) => r.key))].slice(0, 8)
}

const toPublicAsset = (a: typeof mediaAssets.$inferSelect) => ({
  id: a.id,
  url: mediaUrl(a.key),
  kind: a.kind,
  contentType: a.contentType,
  bytes: a.bytes,
  width: a.width,
  height: a.height,
  durationMs: a.durationMs,
  meta: a.meta,
  createdAt: a.createdAt,
})

export const promoRoutes = new Hono<AppEnv>()
  .post('/:id/promo', requireMember('staff'), validate('param', idParam), validate('json', promoBody), async (c) => {
    const merchantId = merchantIdOf(c)
    const product = await getProductOrThrow(c.var.db, merchantId, c.req.valid('param').id)
    const body = c.req.valid('json')
    const keys = await sourceImageKeys(c.var.db, merchantId, product.id)
    if (keys.length === 0) throw new AppError('unprocessable', 'add at least one product image (or link a TikTok video) before making a promo video')
    const inputs = keys.map((key, i) => ({ name: `image${i}`, key }))
    const [merchant] = await c.var.db.select().from(merchants).where(eq(merchants.id, merchantId))
    if (merchant?.avatarKey) inputs.push({ name: 'logo', key: merchant.avatarKey })
    if (body.musicAssetId) {
      const [music] = await c.var.db
        .select()
        .from(mediaAssets)
        .where(and(eq(mediaAssets.id, body.musicAssetId), eq(mediaAssets.merchantId, merchantId)))
      if (!music || !music.contentType.startsWith('audio/')) throw new AppError('not_found', 'no such music file')
      inputs.push({ name: 'music', key: music.key })
    }
    const { job } = await enqueueJob({ db: c.var.db, env: c.env }, {
      type: 'render',
      merchantId,
      payload: {
        job: {
          type: 'promo',
          images: inputs.filter((i) => i.name.startsWith('image')).map((i) => i.name),
          title: product.title,
          priceText: product.priceMinor > 0 ? formatMoney(product.priceMinor, product.currency) : undefined,
          callToAction: body.callToAction ?? 'Order on WhatsApp',
          logo: merchant?.avatarKey ? 'logo' : undefined,
          music: body.musicAssetId ? 'music' : undefined,
          aiGenerated: body.aiGenerated,
          voiceOver: body.voiceOver,
          durationSeconds: body.durationSeconds,
          resolution: body.resolution,
        },
        inputs,
        after: { kind: 'product-render', productId: product.id },
      },
    })
    return c.json({ job: publicJob(job) }, 202)
  })
  .get('/:id/media', requireMember(), validate('param', idParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const product = await getProductOrThrow(c.var.db, merchantId, c.req.valid('param').id)
    const generated = await c.var.db
      .select()
      .from(mediaAssets)
      .where(and(eq(mediaAssets.merchantId, merchantId), sql`${mediaAssets.meta}->>'productId' = ${product.id}`))
      .orderBy(desc(mediaAssets.createdAt))
      .limit(200)
    const originals = await c.var.db
      .select({ asset: mediaAssets })
      .from(productMedia)
      .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
      .where(and(eq(productMedia.productId, product.id), eq(productMedia.merchantId, merchantId)))
      .orderBy(asc(productMedia.position))
    // Thumbnails of product photos are filed under their original (parent_id) by the catalog.
    const imageIds = originals.map((r) => r.asset.id)
    const photoThumbs = imageIds.length
      ? await c.var.db
          .select()
          .from(mediaAssets)
          .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.parentId, imageIds)))
          .orderBy(asc(mediaAssets.width))
      : []
    const byJob = (type: string) => generated.filter((a) => a.meta?.jobType === type).map(toPublicAsset)
    return c.json({
      product: { id: product.id, title: product.title },
      images: originals.map((r) => toPublicAsset(r.asset)),
      thumbnails: [...photoThumbs.map(toPublicAsset), ...byJob('thumbnails')],
      previews: byJob('preview'),
      promos: byJob('promo'),
    })
  })
