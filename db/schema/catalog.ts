import { relations, type SQL, sql } from 'drizzle-orm'
import { bigint, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, updatedAt } from './_shared'
import { merchants } from './accounts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const productStatus = pgEnum('product_status', ['draft', 'published', 'archived'])
export const mediaKind = pgEnum('media_kind', ['original', 'thumbnail', 'preview', 'promo', 'frame', 'cover', 'avatar', 'other'])

/**
 * Products. Money is integer minor units plus an ISO 4217 code. `stock` null means untracked.
 * `search` is maintained by Postgres (generated column) for full-text search; trigram indexes
 * on `title` catch typos.
 */
export const products = pgTable(
  'products',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: productStatus('status').notNull().default('draft'),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull().default(0),
    compareAtMinor: bigint('compare_at_minor', { mode: 'number' }),
    currency: text('currency').notNull(),
    sku: text('sku'),
    stock: integer('stock'),
    category: text('category'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Discount codes the merchant runs for this product (read from captions or typed); shown on the storefront and by the bot. */
    promoCodes: text('promo_codes').array().notNull().default(sql`'{}'::text[]`),
    seo: jsonb('seo').$type<{ title?: string; description?: string; keywords?: string[] }>().notNull().default({}),
    /** Reference code carried by wa.me / t.me links for attribution. */
    // 12 hex digits (48 bits): collisions stay unlikely past ten million products per hub.
    ref: text('ref').notNull().default(sql`upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))`),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', immutable_unaccent(coalesce(${products.title}, ''))), 'A') || setweight(to_tsvector('simple', immutable_unaccent(immutable_array_to_string(${products.tags}, ' ') || ' ' || coalesce(${products.category}, ''))), 'B') || setweight(to_tsvector('simple', immutable_unaccent(coalesce(${products.description}, ''))), 'C')`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_merchant_slug_idx').on(t.merchantId, t.slug),
    uniqueIndex('products_ref_idx').on(t.ref),
    index('products_merchant_status_idx').on(t.merchantId, t.status, t.createdAt),
    index('products_search_idx').using('gin', t.search),
    index('products_title_trgm_idx').using('gin', sql`immutable_unaccent(lower(${t.title})) gin_trgm_ops`),
  ],
)

export const productVariants = pgTable(
  'product_variants',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    compareAtMinor: bigint('compare_at_minor', { mode: 'number' }),
    sku: text('sku'),
    stock: integer('stock'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('product_variants_product_idx').on(t.productId, t.position), index('product_variants_merchant_idx').on(t.merchantId)],
)

/** Files in R2. Keys of generated media are content-addressed (sha256), so re-renders never duplicate. */
export const mediaAssets = pgTable(
  'media_assets',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: mediaKind('kind').notNull().default('original'),
    contentType: text('content_type').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    durationMs: integer('duration_ms'),
    parentId: uuid('parent_id'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('media_assets_merchant_key_idx').on(t.merchantId, t.key), index('media_assets_parent_idx').on(t.parentId)],
)

export const productMedia = pgTable(
  'product_media',
  {
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => mediaAssets.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.productId, t.assetId] })],
)

/** Merchant-editable category taxonomy (seeded from the default taxonomy). */
export const categories = pgTable(
  'categories',
  {
    id: id(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('categories_merchant_slug_idx').on(t.merchantId, t.slug)],
)

export const productsRelations = relations(products, ({ many }) => ({ variants: many(productVariants), media: many(productMedia) }))
export const productVariantsRelations = relations(productVariants, ({ one }) => ({
  product: one(products, { fields: [productVariants.productId], references: [products.id] }),
}))
export const productMediaRelations = relations(productMedia, ({ one }) => ({
  product: one(products, { fields: [productMedia.productId], references: [products.id] }),
  asset: one(mediaAssets, { fields: [productMedia.assetId], references: [mediaAssets.id] }),
}))

export type Product = typeof products.$inferSelect
export type NewProduct = typeof products.$inferInsert
export type ProductVariant = typeof productVariants.$inferSelect
export type MediaAsset = typeof mediaAssets.$inferSelect
