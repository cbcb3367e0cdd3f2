import { z } from '@hono/zod-openapi'

/** The one cap on a price in minor units; every path that writes a price (JSON, CSV, bulk edit, proposals) keeps to it. */
export const MAX_PRICE_MINOR = 1e12
export const MAX_STOCK = 1e9
const minor = z.number().int({ message: 'use whole minor units (cents), not decimals' }).min(0).max(MAX_PRICE_MINOR)
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: 'use a three-letter ISO 4217 currency code such as USD or NGN' })
const tag = z.string().trim().toLowerCase().min(1).max(40)
export const productStatusSchema = z.enum(['draft', 'published', 'archived'])

export const variantInputSchema = z.object({
  id: z.uuid().optional().describe('Keep an existing variant (omit for a new one)'),
  title: z.string().trim().max(120).optional().describe('Defaults to the option values, e.g. "M / Red"'),
  options: z
    .record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80))
    .default({})
    .describe('Option name → value, e.g. {"size":"M","colour":"Red"}'),
  priceMinor: minor,
  compareAtMinor: minor.nullable().optional(),
  sku: z.string().trim().max(80).nullable().optional(),
  stock: z.number().int().min(0).max(MAX_STOCK).nullable().optional().describe('null = not tracked'),
})

const productFields = {
  title: z.string().trim().min(1, { message: 'give the product a title' }).max(200),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'use lower-case letters, digits and dashes' })
    .max(80)
    .optional(),
  description: z.string().max(10_000).optional(),
  status: productStatusSchema.optional(),
  priceMinor: minor.optional(),
  compareAtMinor: minor.nullable().optional(),
  currency,
  sku: z.string().trim().max(80).nullable().optional(),
  stock: z.number().int().min(0).max(MAX_STOCK).nullable().optional(),
  category: z.string().trim().max(80).nullable().optional(),
  tags: z.array(tag).max(30).optional(),
  promoCodes: z.array(z.string().trim().min(2).max(40)).max(10).optional().describe('Discount codes shown on the storefront product page, e.g. ["KICKS10"]'),
  seo: z
    .object({
      title: z.string().trim().max(200).nullable().optional().describe('Link preview and page title; null or "" = use the product title'),
      description: z.string().trim().max(500).nullable().optional().describe('Link preview description; null or "" = use the product description'),
    })
    .optional(),
  variants: z.array(variantInputSchema).max(100).optional(),
}

export const createProductSchema = z.object(productFields).openapi('NewProduct')
export const updateProductSchema = z
  .object({ ...productFields, title: productFields.title.optional(), currency: currency.optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change: send at least one field' })
  .openapi('ProductPatch')
export const productIdParam = z.object({ id: z.uuid({ message: 'not a product id' }) })
export const productImageParam = z.object({ id: z.uuid({ message: 'not a product id' }), assetId: z.uuid({ message: 'not an image id' }) })

const boolString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
export const searchQuerySchema = z.object({
  q: z.string().max(200).optional(),
  status: productStatusSchema.optional(),
  category: z.string().max(80).optional(),
  tag: z.string().max(40).optional(),
  minPriceMinor: z.coerce.number().int().min(0).optional(),
  maxPriceMinor: z.coerce.number().int().min(0).optional(),
  inStock: boolString.optional(),
  sort: z.enum(['relevance', 'newest', 'price_asc', 'price_desc']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
})

export const bulkEditSchema = z
  .object({
    ids: z.array(z.uuid()).min(1, { message: 'select at least one product' }).max(1000),
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('set_status'), status: productStatusSchema }),
      z.object({ type: z.literal('add_tags'), tags: z.array(tag).min(1).max(30) }),
      z.object({ type: z.literal('remove_tags'), tags: z.array(tag).min(1).max(30) }),
      z
        .object({
          type: z.literal('change_price'),
          by: z.enum(['percent', 'amount']),
          value: z.number().min(-1e12).max(1e12).describe('Percent (e.g. -10 for 10 % off), or minor units to add (negative to subtract)'),
        })
        .refine((a) => (a.by === 'percent' ? a.value >= -100 && a.value <= 1000 : Number.isInteger(a.value)), {
          message: 'percent must be between -100 and 1000; an amount must be whole minor units',
          path: ['value'],
        }),
      z.object({ type: z.literal('delete') }),
    ]),
  })
  .openapi('BulkEdit')

export const linkVideosSchema = z.object({ videoIds: z.array(z.uuid()).max(50) })
export const reorderImagesSchema = z.object({
  assetIds: z.array(z.uuid()).min(1).max(50).describe('Photo asset ids in the wanted order; photos not listed follow in their current order'),
})
export const importQuerySchema = z.object({ dryRun: boolString.optional() })
export const auditQuerySchema = z.object({
  entityId: z.string().max(80).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

export const auditEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  changes: z.unknown(),
  createdAt: z.iso.datetime(),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
})
export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }).openapi('AuditPage')

// Responses: what the handlers send, after JSON (dates are ISO strings).
const minorOut = z.number().int()
const thumbnailSchema = z.object({
  key: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  contentType: z.string(),
  crop: z.unknown().optional().describe('The crop the render node made, e.g. "square"'),
})
export const productImageSchema = z
  .object({
    assetId: z.uuid(),
    key: z.string().describe('R2 key; the file is served at `/media/<key>`'),
    contentType: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    position: z.number().int(),
    thumbnails: z.array(thumbnailSchema).describe('Rendered in the background; empty until the render node is done'),
  })
  .openapi('ProductImage')

const productRowFields = {
  id: z.uuid(),
  merchantId: z.uuid(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  status: productStatusSchema,
  priceMinor: minorOut.describe('The cheapest variant’s price when the product has variants'),
  compareAtMinor: minorOut.nullable(),
  currency: z.string(),
  sku: z.string().nullable(),
  stock: z.number().int().nullable().describe('null = not tracked; the sum of the variants’ stock when all are tracked'),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  promoCodes: z.array(z.string()).describe('Discount codes shown on the storefront'),
  seo: z
    .object({
      title: z.string().describe('What link previews and the page title show: the override, else the product title'),
      description: z.string().describe('What link previews show: the override, else the product description'),
      titleIsDefault: z.boolean().describe('true when `title` is the product title (no override stored)'),
      descriptionIsDefault: z.boolean().describe('true when `description` is the product description (no override stored)'),
      keywords: z.array(z.string()),
    })
    .describe('SEO of the product page, defaulting to the product’s own title and description'),
  ref: z.string().describe('Reference code carried by chat links for attribution'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}

export const variantSchema = z
  .object({
    id: z.uuid(),
    merchantId: z.uuid(),
    productId: z.uuid(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    priceMinor: minorOut,
    compareAtMinor: minorOut.nullable(),
    sku: z.string().nullable(),
    stock: z.number().int().nullable(),
    position: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Variant')

export const productSchema = z
  .object({
    ...productRowFields,
    variants: z.array(variantSchema),
    images: z.array(productImageSchema),
    videos: z.array(z.object({ id: z.uuid(), url: z.string(), caption: z.string().nullable(), status: z.enum(['pending', 'ready', 'failed']) })),
  })
  .openapi('Product')

export const productSummarySchema = z
  .object({
    ...productRowFields,
    rank: z.number().describe('Search relevance (0 without a query)'),
    // A union, not .nullable(): the document would otherwise drop the null of a named schema.
    image: z.union([productImageSchema, z.null()]).describe('The first image'),
  })
  .openapi('ProductSummary')

export const productPageSchema = z
  .object({ items: z.array(productSummarySchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') })
  .openapi('ProductPage')

export const bulkResultSchema = z
  .object({
    updated: z.number().int(),
    notFound: z.array(z.string()).describe('Ids that are not products of this shop (other shops’ ids included, never distinguished)'),
  })
  .openapi('BulkResult')

const csvErrorSchema = z.object({ line: z.number().int(), column: z.string(), message: z.string() })
const importSummarySchema = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() })
const importPlanItemSchema = z.object({
  line: z.number().int().describe('Line of the product’s first row (1 = header)'),
  slug: z.string(),
  title: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  changes: z.array(z.string()).describe('Fields that would change'),
  productId: z.uuid().optional(),
})
export const importResultSchema = z
  .discriminatedUnion('dryRun', [
    z.object({ dryRun: z.literal(true), summary: importSummarySchema, items: z.array(importPlanItemSchema) }),
    z.object({
      dryRun: z.literal(false),
      summary: importSummarySchema,
      items: z.array(importPlanItemSchema),
      created: z.number().int(),
      updated: z.number().int(),
      imageErrors: z.array(csvErrorSchema).describe('Images that could not be copied; the rest of the import stands'),
    }),
  ])
  .openapi('ImportResult')

/** The CSV of an import: a raw `text/csv` body, or the `file` field of a form upload. */
// `file` is optional here only so that a form without it gets the handler's own message.
export const csvUploadSchema = z.object({
  file: z.custom<File>().optional().openapi({ type: 'string', format: 'binary', description: 'The CSV file (needed)' }),
})
export const csvTextSchema = z.string().openapi({ description: 'The CSV text (the columns of the export)' })

export type CreateProduct = z.infer<typeof createProductSchema>
export type UpdateProduct = z.infer<typeof updateProductSchema>
