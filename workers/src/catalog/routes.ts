// /api/products – catalog CRUD, search, variants, images, CSV import/export, bulk edit; /api/audit – who changed what
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { listAudit } from '../../../db/queries/audit'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { bodyCap } from '../lib/body-cap'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { catalogChanged } from '../storefront/catalog-version'
import { actorOf } from './actor'
import { addProduct } from './add-product'
import { bulkEdit } from './bulk-edit'
import { editProduct } from './edit-product'
import { exportCatalog } from './export-catalog'
import { getProduct } from './get-product'
import { importCatalog } from './import-catalog'
import { linkProductVideos } from './link-product-videos'
import { listProducts } from './list-products'
import { MAX_IMAGE_BYTES } from './product-images'
import { removeProduct } from './remove-product'
import { removeProductImage } from './remove-product-image'
import { reorderProductImages } from './reorder-product-images'
import {
  auditPageSchema,
  auditQuerySchema,
  bulkEditSchema,
  bulkResultSchema,
  createProductSchema,
  csvTextSchema,
  csvUploadSchema,
  importQuerySchema,
  importResultSchema,
  linkVideosSchema,
  productIdParam,
  productImageParam,
  productImageSchema,
  productPageSchema,
  productSchema,
  reorderImagesSchema,
  searchQuerySchema,
  updateProductSchema,
} from './schemas'
import { uploadProductImage } from './upload-product-image'

const MAX_CSV_BYTES = 5 * 1024 * 1024

const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin
const declaredLength = (c: Context<AppEnv>) => Number(c.req.header('content-length') ?? 0)
const isMultipart = (c: Context<AppEnv>) => (c.req.header('content-type') ?? '').startsWith('multipart/form-data')

/** The CSV text of a request: a raw text/csv body or the `file` field of a form upload. */
async function readCsvBody(c: Context<AppEnv>) {
  if (declaredLength(c) > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files can be at most 5 MB; split the file')
  let text: string
  if (isMultipart(c)) {
    const file = (await c.req.formData()).get('file')
    if (!file || typeof file === 'string') throw new AppError('bad_request', 'attach the CSV as the "file" field')
    text = await file.text()
  } else text = await c.req.text()
  if (text.length > MAX_CSV_BYTES) throw new AppError('payload_too_large', 'CSV files can be at most 5 MB; split the file')
  if (!text.trim()) throw new AppError('bad_request', 'the CSV is empty')
  return text
}

/** The bytes of an image upload: the `file` field of a form, or the raw body. */
async function readImageBody(c: Context<AppEnv>) {
  if (declaredLength(c) > MAX_IMAGE_BYTES + 64 * 1024) throw new AppError('payload_too_large', 'images can be at most 10 MB')
  if (isMultipart(c)) {
    const file = (await c.req.formData()).get('file')
    if (!file || typeof file === 'string') throw new AppError('bad_request', 'attach the image as the "file" field')
    return new Uint8Array(await file.arrayBuffer())
  }
  return new Uint8Array(await c.req.arrayBuffer())
}

// GET /api/products – search and filter (FTS + typo-tolerant trigram), cursor-paginated
const listProductsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: ['Catalog'],
  summary: 'Search and filter products',
  description: 'Full-text search (accent-folded, prefix-matching the last word) or typo-tolerant trigram matching of the title; filters; cursor pagination.',
  request: { query: searchQuerySchema },
  responses: { 200: json(productPageSchema, 'A page of products, each with its first image') },
})

// POST /api/products – create a product (with variants)
const createProductRoute = memberRoute('staff', {
  method: 'post',
  path: '/',
  tags: ['Catalog'],
  summary: 'Create a product (with variants)',
  description: 'Price and stock roll up from the variants when there are any. The slug is made unique in the shop (`-2`, `-3`…).',
  request: { body: jsonBody(createProductSchema) },
  responses: { 201: json(productSchema, 'The created product'), ...errors('unsupported_media_type') },
})

// GET /api/products/export.csv – the whole catalog as CSV (re-importable without loss)
const exportCsvRoute = memberRoute('viewer', {
  method: 'get',
  path: '/export.csv',
  tags: ['Catalog'],
  summary: 'The whole catalog as CSV',
  description: 'One row per variant; re-importable into this or another shop without loss (image URLs are absolute). Formula-looking cells are escaped.',
  responses: { 200: { description: 'The CSV file (UTF-8 with BOM), as an attachment', content: { 'text/csv': { schema: z.string() } } } },
})

// POST /api/products/import?dryRun=true – CSV import: a preview of what changes; nothing is written on a dry run or on any row error
const importCsvRoute = memberRoute('staff', {
  method: 'post',
  path: '/import',
  tags: ['Catalog'],
  summary: 'Import products from CSV (or preview the import)',
  description:
    'The columns of the export. With `dryRun=true` nothing is written: the answer says what would change. Any row error answers 422 with `details` listing each `{ line, column, message }`, and nothing is imported. At most 5 MB.',
  request: {
    query: importQuerySchema,
    // Not `required`: the form validator would then refuse a text/csv body. An empty body answers 400.
    body: { content: { 'text/csv': { schema: csvTextSchema }, 'multipart/form-data': { schema: csvUploadSchema } } },
  },
  responses: {
    200: json(importResultSchema, 'What was (or, on a dry run, would be) created, updated and left unchanged'),
    ...errors('payload_too_large', 'unsupported_media_type', 'unprocessable'),
  },
})

// POST /api/products/bulk – one action on many products: status, tags, price by % or amount, delete
const bulkEditRoute = memberRoute('staff', {
  method: 'post',
  path: '/bulk',
  tags: ['Catalog'],
  summary: 'One action on many products',
  description: 'Set the status, add or remove tags, change prices by a percentage or an amount (variants too), or delete.',
  request: { body: jsonBody(bulkEditSchema) },
  responses: { 200: json(bulkResultSchema, 'How many products changed, and the ids that are not products of this shop'), ...errors('unsupported_media_type') },
})

// GET /api/products/:id – one product with variants, images (and thumbnails) and linked videos
const getProductRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}',
  tags: ['Catalog'],
  summary: 'One product with variants, images and linked videos',
  request: { params: productIdParam },
  responses: { 200: json(productSchema, 'The product'), ...errors('not_found') },
})

// PATCH /api/products/:id – update fields; `variants` replaces the list (existing ids are kept)
const updateProductRoute = memberRoute('staff', {
  method: 'patch',
  path: '/{id}',
  tags: ['Catalog'],
  summary: 'Update a product',
  description: 'Only the given fields change. `variants` replaces the list: variants sent with their `id` keep it (and their order history).',
  request: { params: productIdParam, body: jsonBody(updateProductSchema) },
  responses: { 200: json(productSchema, 'The updated product'), ...errors('not_found', 'unsupported_media_type') },
})

// DELETE /api/products/:id – delete a product and its variants
const deleteProductRoute = memberRoute('staff', {
  method: 'delete',
  path: '/{id}',
  tags: ['Catalog'],
  summary: 'Delete a product and its variants',
  request: { params: productIdParam },
  responses: { 204: { description: 'Deleted' }, ...errors('not_found') },
})

// POST /api/products/:id/images – upload an image (multipart `file`, or the raw bytes); thumbnails are rendered in the background
const binary = { type: 'string', format: 'binary' } as const
const uploadImageRoute = memberRoute('staff', {
  method: 'post',
  path: '/{id}/images',
  tags: ['Catalog'],
  summary: 'Upload a product image',
  description:
    'A form with the image as `file`, or the raw bytes. The type is read from the bytes (JPEG, PNG, WebP, AVIF or GIF), at most 10 MB; a damaged or truncated file, or one over 40 megapixels, answers 422. Thumbnails are rendered in the background and appear on the product when done.',
  request: {
    params: productIdParam,
    // Plain (non-zod) schemas: documented, not validated. A zod body schema would add a content-type
    // gate that refuses raw bytes sent without a type; the body is read by hand, as it always was.
    body: {
      content: {
        'multipart/form-data': { schema: { type: 'object', properties: { file: binary }, required: ['file'] } },
        'application/octet-stream': { schema: binary },
      },
      required: true,
    },
  },
  responses: {
    // A union, not .nullable(): the document would otherwise drop the null of a named schema.
    201: json(z.union([productImageSchema, z.null()]), 'The image as the product lists it'),
    ...errors('not_found', 'payload_too_large', 'unsupported_media_type', 'unprocessable'),
  },
})

// DELETE /api/products/:id/images/:assetId – detach an image from the product
const deleteImageRoute = memberRoute('staff', {
  method: 'delete',
  path: '/{id}/images/{assetId}',
  tags: ['Catalog'],
  summary: 'Detach an image from a product',
  request: { params: productImageParam },
  responses: { 204: { description: 'Detached' }, ...errors('not_found') },
})

// PUT /api/products/:id/images/order – reorder the photos (the first is the main photo and link preview)
const reorderImagesRoute = memberRoute('staff', {
  method: 'put',
  path: '/{id}/images/order',
  tags: ['Catalog'],
  summary: "Reorder a product's photos",
  description: 'The first photo is the storefront main photo and the link preview image.',
  request: { params: productIdParam, body: jsonBody(reorderImagesSchema) },
  responses: { 200: json(productSchema, 'The product with its photos in the new order'), ...errors('not_found', 'unsupported_media_type') },
})

// PUT /api/products/:id/videos – set the TikTok videos linked to the product
const linkVideosRoute = memberRoute('staff', {
  method: 'put',
  path: '/{id}/videos',
  tags: ['Catalog'],
  summary: 'Set the TikTok videos linked to a product',
  request: { params: productIdParam, body: jsonBody(linkVideosSchema) },
  responses: { 200: json(productSchema, 'The product with its linked videos'), ...errors('not_found', 'unsupported_media_type') },
})

// Byte caps enforced while the body is read (a lying or missing content-length cannot get past them).
const productRouter = createRouter()
productRouter.use('/import', bodyCap(MAX_CSV_BYTES + 64 * 1024, 'CSV files can be at most 5 MB; split the file'))
productRouter.use('/:id/images', bodyCap(MAX_IMAGE_BYTES + 64 * 1024, 'images can be at most 10 MB'))
// Every successful write here (edit, publish, delete, bulk, import, image add/remove/reorder, video
// links) changes what the public pages show: bump the storefront's catalog version once it is done.
productRouter.use('*', async (c, next) => {
  await next()
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.res.status >= 400) return
  const merchantId = c.get('principal')?.merchantId
  if (merchantId) await catalogChanged(c.var.db, merchantId, { origins: [originOf(c), c.var.config.APP_URL] })
})

export const productRoutes = productRouter
  .openapi(listProductsRoute, async (c) => c.json(await listProducts(c.var.db, merchantIdOf(c), c.req.valid('query')), 200))
  .openapi(createProductRoute, async (c) => c.json(await addProduct(c.var.db, actorOf(c), c.req.valid('json')), 201))
  .openapi(exportCsvRoute, async (c) => {
    const { fileName, csv } = await exportCatalog(c.var.db, merchantIdOf(c), originOf(c))
    return c.body(`\uFEFF${csv}`, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` })
  })
  .openapi(importCsvRoute, async (c) => {
    const actor = actorOf(c)
    const dryRun = c.req.valid('query').dryRun ?? false
    const text = await readCsvBody(c)
    const images = { override: c.var.config.TIKTOK_WEB_URL_OVERRIDE }
    return c.json(await importCatalog({ db: c.var.db, env: c.env }, actor, { text, dryRun, origin: originOf(c), images, log: c.var.log }), 200)
  })
  .openapi(bulkEditRoute, async (c) => {
    const { ids, action } = c.req.valid('json')
    return c.json(await bulkEdit(c.var.db, actorOf(c), ids, action), 200)
  })
  .openapi(getProductRoute, async (c) => c.json(await getProduct(c.var.db, merchantIdOf(c), c.req.valid('param').id), 200))
  .openapi(updateProductRoute, async (c) => c.json(await editProduct(c.var.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(deleteProductRoute, async (c) => {
    await removeProduct(c.var.db, actorOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(uploadImageRoute, async (c) => {
    const image = await uploadProductImage({ db: c.var.db, env: c.env }, actorOf(c), { productId: c.req.valid('param').id, read: () => readImageBody(c) })
    return c.json(image, 201)
  })
  .openapi(deleteImageRoute, async (c) => {
    const { id, assetId } = c.req.valid('param')
    await removeProductImage(c.var.db, actorOf(c), id, assetId)
    return c.body(null, 204)
  })
  .openapi(reorderImagesRoute, async (c) =>
    c.json(await reorderProductImages(c.var.db, actorOf(c), c.req.valid('param').id, c.req.valid('json').assetIds), 200),
  )
  .openapi(linkVideosRoute, async (c) => c.json(await linkProductVideos(c.var.db, actorOf(c), c.req.valid('param').id, c.req.valid('json').videoIds), 200))

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
