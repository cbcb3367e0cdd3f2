// /api/products – catalog CRUD, search, variants, images, CSV import/export, bulk edit; /api/audit – who changed what
import { and, eq, inArray } from 'drizzle-orm'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { listAudit, writeAudit } from '../../../db/queries/audit'
import {
  bulkEditProducts,
  createProduct,
  deleteProduct,
  getProductDetail,
  getProductRow,
  listProductImages,
  listProductsForExport,
  updateProduct,
} from '../../../db/queries/products'
import { searchProducts } from '../../../db/queries/search-products'
import { merchants, productVideos, videos } from '../../../db/schema'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { parseCatalogCsv, productsToCsv } from './csv'
import { applyImport, planImport } from './import-products'
import { attachProductImage, detachProductImage, MAX_IMAGE_BYTES } from './product-images'
import { createRouter, json, memberRoute } from '../lib/openapi'
import {
  auditPageSchema,
  auditQuerySchema,
  bulkEditSchema,
  createProductSchema,
  importQuerySchema,
  linkVideosSchema,
  productIdParam,
  productImageParam,
  searchQuerySchema,
  updateProductSchema,
} from './schemas'

const MAX_CSV_BYTES = 5 * 1024 * 1024
const userOf = (c: Context<AppEnv>) => c.get('principal')?.userId ?? null

async function getDetailOrThrow(c: Context<AppEnv>, id: string) {
  const product = await getProductDetail(c.var.db, merchantIdOf(c), id)
  if (!product) throw new AppError('not_found', 'no such product')
  return product
}

/** The CSV text of a request: a raw text/csv body or the `file` field of a form upload. */
async function readCsvBody(c: Context<AppEnv>) {
  const type = c.req.header('content-type') ?? ''
  if (Number(c.req.header('content-length') ?? 0) > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files can be at most 5 MB; split the file')
  let text: string
  if (type.startsWith('multipart/form-data')) {
    const file = (await c.req.formData()).get('file')
    if (!file || typeof file === 'string') throw new AppError('bad_request', 'attach the CSV as the "file" field')
    text = await file.text()
  } else text = await c.req.text()
  if (text.length > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files can be at most 5 MB; split the file')
  if (!text.trim()) throw new AppError('bad_request', 'the CSV is empty')
  return text
}

export const productRoutes = new Hono<AppEnv>()
  // GET /api/products – search and filter (FTS + typo-tolerant trigram), cursor-paginated
  .get('/', requireMember('viewer'), validate('query', searchQuerySchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const q = c.req.valid('query')
    const result = await searchProducts(c.var.db, { ...q, merchantId })
    const images = await listProductImages(
      c.var.db,
      merchantId,
      result.items.map((p) => p.id),
    )
    return c.json({
      items: result.items.map(({ search: _search, ...p }) => ({ ...p, image: images.get(p.id)?.[0] ?? null })),
      nextCursor: result.nextCursor,
    })
  })
  // POST /api/products – create a product (with variants)
  .post('/', requireMember('staff'), validate('json', createProductSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const input = c.req.valid('json')
    const row = await c.var.db.transaction(async (tx) => {
      const created = await createProduct(tx, merchantId, input)
      await writeAudit(tx, {
        merchantId,
        userId: userOf(c),
        action: 'product.create',
        entity: 'product',
        entityId: created.id,
        changes: { title: input.title, status: created.status },
      })
      return created
    })
    return c.json(await getDetailOrThrow(c, row.id), 201)
  })
  // GET /api/products/export.csv – the whole catalog as CSV (re-importable without loss)
  .get('/export.csv', requireMember('viewer'), async (c) => {
    const merchantId = merchantIdOf(c)
    const [shop] = await c.var.db.select({ slug: merchants.slug }).from(merchants).where(eq(merchants.id, merchantId))
    const csv = productsToCsv(await listProductsForExport(c.var.db, merchantId), new URL(c.req.url).origin)
    return c.body(`\uFEFF${csv}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${shop?.slug ?? 'catalog'}-products.csv"`,
    })
  })
  // POST /api/products/import?dryRun=true – CSV import: a preview of what changes; nothing is written on a dry run or on any row error
  .post('/import', requireMember('staff'), validate('query', importQuerySchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const dryRun = c.req.valid('query').dryRun ?? false
    const text = await readCsvBody(c)
    const [shop] = await c.var.db.select({ currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId))
    const { products, errors } = parseCatalogCsv(text, shop?.currency ?? 'USD')
    if (errors.length) {
      return c.json(
        {
          error: {
            code: 'unprocessable',
            message: `the CSV has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported`,
            requestId: c.var.requestId,
            details: errors,
          },
        },
        422,
      )
    }
    const plan = await planImport(c.var.db, merchantId, products)
    const summary = {
      create: plan.filter((p) => p.action === 'create').length,
      update: plan.filter((p) => p.action === 'update').length,
      unchanged: plan.filter((p) => p.action === 'unchanged').length,
    }
    if (dryRun) return c.json({ dryRun: true, summary, items: plan })
    const result = await applyImport({ db: c.var.db, env: c.env }, { merchantId, userId: userOf(c), parsed: products, plan, origin: new URL(c.req.url).origin })
    return c.json({ dryRun: false, summary, items: plan, created: result.created, updated: result.updated, imageErrors: result.imageErrors })
  })
  // POST /api/products/bulk – one action on many products: status, tags, price by % or amount, delete
  .post('/bulk', requireMember('staff'), validate('json', bulkEditSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const { ids, action } = c.req.valid('json')
    const changed = await c.var.db.transaction(async (tx) => {
      const done = await bulkEditProducts(tx, merchantId, ids, action)
      if (done.length)
        await writeAudit(tx, { merchantId, userId: userOf(c), action: `product.bulk.${action.type}`, entity: 'product', changes: { ...action, ids: done } })
      return done
    })
    // Ids of other shops are reported like unknown ids, never distinguished.
    return c.json({ updated: changed.length, notFound: ids.filter((id) => !changed.includes(id)) })
  })
  // GET /api/products/:id – one product with variants, images (and thumbnails) and linked videos
  .get('/:id', requireMember('viewer'), validate('param', productIdParam), async (c) => c.json(await getDetailOrThrow(c, c.req.valid('param').id)))
  // PATCH /api/products/:id – update fields; `variants` replaces the list (existing ids are kept)
  .patch('/:id', requireMember('staff'), validate('param', productIdParam), validate('json', updateProductSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const { id } = c.req.valid('param')
    const patch = c.req.valid('json')
    await c.var.db.transaction(async (tx) => {
      const before = await getProductRow(tx, merchantId, id)
      if (!before) throw new AppError('not_found', 'no such product')
      await updateProduct(tx, merchantId, id, patch)
      const changes: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(patch)) {
        if (k === 'variants') changes.variants = `${(v as unknown[]).length} variants`
        else if (JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify(v))
          changes[k] = { from: (before as Record<string, unknown>)[k], to: v }
      }
      await writeAudit(tx, { merchantId, userId: userOf(c), action: 'product.update', entity: 'product', entityId: id, changes })
    })
    return c.json(await getDetailOrThrow(c, id))
  })
  // DELETE /api/products/:id – delete a product and its variants
  .delete('/:id', requireMember('staff'), validate('param', productIdParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const gone = await deleteProduct(c.var.db, merchantId, c.req.valid('param').id)
    if (!gone) throw new AppError('not_found', 'no such product')
    await writeAudit(c.var.db, {
      merchantId,
      userId: userOf(c),
      action: 'product.delete',
      entity: 'product',
      entityId: gone.id,
      changes: { title: gone.title },
    })
    return c.body(null, 204)
  })
  // POST /api/products/:id/images – upload an image (multipart `file`, or the raw bytes); thumbnails are rendered in the background
  .post('/:id/images', requireMember('staff'), validate('param', productIdParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const { id } = c.req.valid('param')
    if (!(await getProductRow(c.var.db, merchantId, id))) throw new AppError('not_found', 'no such product')
    if (Number(c.req.header('content-length') ?? 0) > MAX_IMAGE_BYTES + 64 * 1024) throw new AppError('payload_too_large', 'images can be at most 10 MB')
    let data: Uint8Array
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      const file = (await c.req.formData()).get('file')
      if (!file || typeof file === 'string') throw new AppError('bad_request', 'attach the image as the "file" field')
      data = new Uint8Array(await file.arrayBuffer())
    } else data = new Uint8Array(await c.req.arrayBuffer())
    if (!data.byteLength) throw new AppError('bad_request', 'the upload is empty')
    const { asset } = await attachProductImage({ db: c.var.db, env: c.env }, { merchantId, productId: id, data })
    await writeAudit(c.var.db, { merchantId, userId: userOf(c), action: 'product.image.add', entity: 'product', entityId: id, changes: { assetId: asset.id } })
    const product = await getDetailOrThrow(c, id)
    return c.json(product.images.find((i) => i.assetId === asset.id) ?? null, 201)
  })
  // DELETE /api/products/:id/images/:assetId – detach an image from the product
  .delete('/:id/images/:assetId', requireMember('staff'), validate('param', productImageParam), async (c) => {
    const merchantId = merchantIdOf(c)
    const { id, assetId } = c.req.valid('param')
    if (!(await detachProductImage(c.var.db, merchantId, id, assetId))) throw new AppError('not_found', 'no such image on this product')
    await writeAudit(c.var.db, { merchantId, userId: userOf(c), action: 'product.image.remove', entity: 'product', entityId: id, changes: { assetId } })
    return c.body(null, 204)
  })
  // PUT /api/products/:id/videos – set the TikTok videos linked to the product
  .put('/:id/videos', requireMember('staff'), validate('param', productIdParam), validate('json', linkVideosSchema), async (c) => {
    const merchantId = merchantIdOf(c)
    const { id } = c.req.valid('param')
    const { videoIds } = c.req.valid('json')
    if (!(await getProductRow(c.var.db, merchantId, id))) throw new AppError('not_found', 'no such product')
    const own = videoIds.length
      ? await c.var.db
          .select({ id: videos.id })
          .from(videos)
          .where(and(eq(videos.merchantId, merchantId), inArray(videos.id, videoIds)))
      : []
    if (own.length !== new Set(videoIds).size) throw new AppError('not_found', 'no such video')
    await c.var.db.transaction(async (tx) => {
      await tx.delete(productVideos).where(and(eq(productVideos.merchantId, merchantId), eq(productVideos.productId, id)))
      if (own.length) await tx.insert(productVideos).values(own.map((v) => ({ merchantId, productId: id, videoId: v.id })))
      await writeAudit(tx, { merchantId, userId: userOf(c), action: 'product.videos', entity: 'product', entityId: id, changes: { videoIds } })
    })
    return c.json(await getDetailOrThrow(c, id))
  })

// GET /api/audit – the shop's change log, newest first (optionally for one entity)
const listAuditRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: ['Catalog'],
  summary: "The shop's change log, newest first",
  request: { query: auditQuerySchema },
  responses: { 200: json(auditPageSchema, 'A page of entries; pass `nextCursor` as `before` for the next') },
})

export const auditRoutes = createRouter().openapi(listAuditRoute, async (c) => {
  const page = await listAudit(c.var.db, { merchantId: merchantIdOf(c), ...c.req.valid('query') })
  return c.json(page, 200)
})
