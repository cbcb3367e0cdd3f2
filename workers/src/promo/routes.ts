// POST /api/products/:id/promo – make a 9:16 promo video of a product (render node, RENDER queue)
// GET  /api/products/:id/media – the product's generated media: thumbnails, previews, promo videos
import { publicJob } from '../jobs/public-job'
import { jobResultSchema } from '../jobs/schemas'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { listProductMedia } from './list-product-media'
import { makePromoVideo } from './make-promo-video'
import { productIdParam, productMediaSchema, promoBodySchema } from './schemas'

const makePromoRoute = memberRoute('staff', {
  method: 'post',
  path: '/{id}/promo',
  tags: ['Media'],
  summary: 'Make a 9:16 promo video of a product',
  description:
    'Queues a render on the render node from the product’s images (or its TikTok videos’ covers), title, price and the shop’s logo. Follow it at `/api/jobs/{id}`; the video then lists under the product’s media.',
  request: { params: productIdParam, body: jsonBody(promoBodySchema) },
  responses: { 202: json(jobResultSchema, 'The queued render job'), ...errors('not_found', 'unsupported_media_type', 'unprocessable') },
})

const listMediaRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}/media',
  tags: ['Media'],
  summary: "A product's images and generated media",
  description: 'Its images, thumbnails, preview clips and promo videos, each with its public URL.',
  request: { params: productIdParam },
  responses: { 200: json(productMediaSchema, 'The media of the product'), ...errors('not_found') },
})

export const promoRoutes = createRouter()
  .openapi(makePromoRoute, async (c) => {
    const job = await makePromoVideo(
      { db: c.var.db, env: c.env },
      { merchantId: merchantIdOf(c), productId: c.req.valid('param').id, body: c.req.valid('json') },
    )
    return c.json({ job: publicJob(job) }, 202)
  })
  .openapi(listMediaRoute, async (c) => c.json(await listProductMedia(c.var.db, merchantIdOf(c), c.req.valid('param').id), 200))
