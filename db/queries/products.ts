import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { mediaAssets, merchants, type Product, type ProductVariant, productMedia, products, productVariants, productVideos, videos } from '../schema'
import { type Database, rowsOf } from '../types'
import { slugify } from './accounts'

export type VariantInput = {
  id?: string
  title?: string
  options: Record<string, string>
  priceMinor: number
  compareAtMinor?: number | null
  sku?: string | null
  stock?: number | null
}

export type ProductInput = {
  title: string
  slug?: string
  description?: string
  status?: Product['status']
  priceMinor?: number
  compareAtMinor?: number | null
  currency: string
  sku?: string | null
  stock?: number | null
  category?: string | null
  tags?: string[]
  /** discount codes shown on the storefront (products.promo_codes) */
  promoCodes?: string[]
  /** SEO overrides: a string sets it, null or '' goes back to the product's own title/description */
  seo?: { title?: string | null; description?: string | null }
  variants?: VariantInput[]
}

type StoredSeo = Product['seo']
/** The stored SEO object after a patch: keys set to null or '' are removed (the product's own field is used). */
export function mergeSeo(current: StoredSeo, patch: NonNullable<ProductInput['seo']>): StoredSeo {
  const next: StoredSeo = { ...(current ?? {}) }
  for (const k of ['title', 'description'] as const) {
    const v = patch[k]
    if (v === undefined) continue
    if (v === null || !v.trim()) delete next[k]
    else next[k] = v.trim()
  }
  return next
}

const variantTitle = (v: VariantInput) => v.title?.trim() || Object.values(v.options).join(' / ') || 'Default'

/**
 * Keeps product-level price and stock meaningful when variants exist, so search filters and sorts
 * work on one row: price is the cheapest variant's, stock the sum of tracked stocks (null = untracked
 * when any variant is untracked).
 */
function rollUp(input: Pick<ProductInput, 'priceMinor' | 'compareAtMinor' | 'stock'>, variants: VariantInput[] | undefined) {
  if (!variants?.length) return { priceMinor: input.priceMinor ?? 0, compareAtMinor: input.compareAtMinor ?? null, stock: input.stock ?? null }
  const cheapest = variants.reduce((a, b) => (b.priceMinor < a.priceMinor ? b : a))
  const untracked = variants.some((v) => v.stock === null || v.stock === undefined)
  return {
    priceMinor: cheapest.priceMinor,
    compareAtMinor: cheapest.compareAtMinor ?? null,
    stock: untracked ? null : variants.reduce((n, v) => n + (v.stock ?? 0), 0),
  }
}

/** A slug free in this merchant's catalog, based on `wanted` (or the title). */
export async function freeProductSlug(db: Database, merchantId: string, wanted: string, exceptId?: string) {
  const base = slugify(wanted, 'product')
  const rows = await db
    .select({ slug: products.slug, id: products.id })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), sql`(${products.slug} = ${base} or ${products.slug} like ${`${base}-%`})`))
  const taken = new Set(rows.filter((r) => r.id !== exceptId).map((r) => r.slug))
  if (!taken.has(base)) return base
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`
}

export const getProductRow = async (db: Database, merchantId: string, id: string) =>
  (
    await db
      .select()
      .from(products)
      .where(and(eq(products.merchantId, merchantId), eq(products.id, id)))
  )[0] ?? null

export type ProductImage = {
  assetId: string
  key: string
  contentType: string
  width: number | null
  height: number | null
  position: number
  thumbnails: { key: string; width: number | null; height: number | null; contentType: string; crop?: unknown }[]
}

/** A product with its variants, images (with rendered thumbnails) and linked videos; null when not this merchant's. */
export async function getProductDetail(db: Database, merchantId: string, id: string) {
  const product = await getProductRow(db, merchantId, id)
  if (!product) return null
  const [variants, images, linkedVideos] = await Promise.all([
    db
      .select()
      .from(productVariants)
      .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.productId, id)))
      .orderBy(asc(productVariants.position)),
    listProductImages(db, merchantId, [id]),
    db
      .select({ id: videos.id, url: videos.url, caption: videos.caption, status: videos.status })
      .from(productVideos)
      .innerJoin(videos, eq(videos.id, productVideos.videoId))
      .where(and(eq(productVideos.merchantId, merchantId), eq(productVideos.productId, id))),
  ])
  return { ...product, variants, images: images.get(id) ?? [], videos: linkedVideos }
}

/** Images of several products, by product id, in position order, each with its thumbnails (children by parent_id). */
export async function listProductImages(db: Database, merchantId: string, productIds: string[]) {
  const out = new Map<string, ProductImage[]>()
  if (!productIds.length) return out
  const rows = await db
    .select({ productId: productMedia.productId, position: productMedia.position, asset: mediaAssets })
    .from(productMedia)
    .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
    .where(and(eq(productMedia.merchantId, merchantId), inArray(productMedia.productId, productIds)))
    .orderBy(asc(productMedia.position))
  const assetIds = rows.map((r) => r.asset.id)
  const thumbs = assetIds.length
    ? await db
        .select()
        .from(mediaAssets)
        .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.parentId, assetIds)))
    : []
  for (const r of rows) {
    const list = out.get(r.productId) ?? []
    list.push({
      assetId: r.asset.id,
      key: r.asset.key,
      contentType: r.asset.contentType,
      width: r.asset.width,
      height: r.asset.height,
      position: r.position,
      thumbnails: thumbs
        .filter((t) => t.parentId === r.asset.id)
        .map((t) => ({ key: t.key, width: t.width, height: t.height, contentType: t.contentType, crop: (t.meta as Record<string, unknown>)?.crop })),
    })
    out.set(r.productId, list)
  }
  return out
}

async function writeVariants(db: Database, merchantId: string, productId: string, variants: VariantInput[]) {
  const existing = await db
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.productId, productId)))
  const existingIds = new Set(existing.map((v) => v.id))
  const keep = new Set(variants.map((v) => v.id).filter((id): id is string => !!id && existingIds.has(id)))
  const drop = [...existingIds].filter((id) => !keep.has(id))
  if (drop.length) await db.delete(productVariants).where(and(eq(productVariants.merchantId, merchantId), inArray(productVariants.id, drop)))
  for (const [position, v] of variants.entries()) {
    const values = {
      title: variantTitle(v),
      options: v.options,
      priceMinor: v.priceMinor,
      compareAtMinor: v.compareAtMinor ?? null,
      sku: v.sku ?? null,
      stock: v.stock ?? null,
      position,
    }
    if (v.id && keep.has(v.id))
      await db
        .update(productVariants)
        .set(values)
        .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.id, v.id)))
    else await db.insert(productVariants).values({ ...values, merchantId, productId })
  }
}

/** Creates a product with its variants. The caller runs it in a transaction when it needs all-or-nothing. */
export async function createProduct(db: Database, merchantId: string, input: ProductInput) {
  const slug = await freeProductSlug(db, merchantId, input.slug || input.title)
  const [row] = await db
    .insert(products)
    .values({
      merchantId,
      slug,
      title: input.title,
      description: input.description ?? '',
      status: input.status ?? 'draft',
      currency: input.currency,
      sku: input.sku ?? null,
      category: input.category ?? null,
      tags: input.tags ?? [],
      promoCodes: input.promoCodes ?? [],
      seo: input.seo ? mergeSeo({}, input.seo) : {},
      ...rollUp(input, input.variants),
    })
    .returning()
  if (input.variants?.length) await writeVariants(db, merchantId, row.id, input.variants)
  return row
}

/** Updates the given fields; `variants`, when present, replaces the list (ids keep their rows). Null when not found. */
export async function updateProduct(db: Database, merchantId: string, id: string, patch: Partial<ProductInput>) {
  const current = await getProductRow(db, merchantId, id)
  if (!current) return null
  const { variants, ...fields } = patch
  const set: Partial<typeof products.$inferInsert> = {}
  for (const k of ['title', 'description', 'status', 'currency', 'sku', 'category', 'tags', 'promoCodes', 'priceMinor', 'compareAtMinor', 'stock'] as const) {
    if (fields[k] !== undefined) (set as Record<string, unknown>)[k] = fields[k]
  }
  if (fields.seo !== undefined) set.seo = mergeSeo(current.seo, fields.seo)
  if (fields.slug && fields.slug !== current.slug) set.slug = await freeProductSlug(db, merchantId, fields.slug, id)
  let nextVariants: VariantInput[] | undefined = variants
  if (variants) await writeVariants(db, merchantId, id, variants)
  else {
    const rows = await db
      .select()
      .from(productVariants)
      .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.productId, id)))
    nextVariants = rows.length ? rows.map(variantToInput) : undefined
  }
  if (nextVariants?.length) Object.assign(set, rollUp({}, nextVariants))
  const [row] = await db
    .update(products)
    .set(set)
    .where(and(eq(products.merchantId, merchantId), eq(products.id, id)))
    .returning()
  return row
}

export const variantToInput = (v: ProductVariant): VariantInput => ({
  id: v.id,
  title: v.title,
  options: v.options,
  priceMinor: v.priceMinor,
  compareAtMinor: v.compareAtMinor,
  sku: v.sku,
  stock: v.stock,
})

export async function deleteProduct(db: Database, merchantId: string, id: string) {
  const rows = await db
    .delete(products)
    .where(and(eq(products.merchantId, merchantId), eq(products.id, id)))
    .returning({ id: products.id, title: products.title })
  return rows[0] ?? null
}

/** Ids among `ids` that belong to the merchant (bulk actions ignore nothing silently: the caller reports the rest). */
export async function ownedProductIds(db: Database, merchantId: string, ids: string[]) {
  if (!ids.length) return []
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), inArray(products.id, ids)))
  return rows.map((r) => r.id)
}

export type BulkAction =
  | { type: 'set_status'; status: Product['status'] }
  | { type: 'add_tags'; tags: string[] }
  | { type: 'remove_tags'; tags: string[] }
  /** `value` is a percentage when `by` is percent, else minor units to add. */
  | { type: 'change_price'; by: 'percent' | 'amount'; value: number }
  | { type: 'delete' }

/**
 * Applies one bulk action to the merchant's products among `ids`, in SQL so a thousand rows cost
 * one statement. Price changes apply to variants too, round half away from zero, and stay within
 * 0…`limits.maxPriceMinor` (the cap every other write path validates), however often they repeat.
 */
export async function bulkEditProducts(db: Database, merchantId: string, ids: string[], action: BulkAction, limits: { maxPriceMinor: number }) {
  const owned = await ownedProductIds(db, merchantId, ids)
  if (!owned.length) return owned
  const scope = and(eq(products.merchantId, merchantId), inArray(products.id, owned))
  const vScope = and(eq(productVariants.merchantId, merchantId), inArray(productVariants.productId, owned))
  // drizzle expands a JS array into a parameter list, so text[] literals are built explicitly.
  const textArray = (list: string[]) =>
    sql`array[${sql.join(
      list.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`
  switch (action.type) {
    case 'set_status':
      await db.update(products).set({ status: action.status }).where(scope)
      break
    case 'add_tags':
      await db
        .update(products)
        .set({ tags: sql`(select coalesce(array_agg(distinct t order by t), '{}') from unnest(${products.tags} || ${textArray(action.tags)}) t)` })
        .where(scope)
      break
    case 'remove_tags':
      await db
        .update(products)
        .set({ tags: sql`(select coalesce(array_agg(t order by t), '{}') from unnest(${products.tags}) t where t <> all(${textArray(action.tags)}))` })
        .where(scope)
      break
    case 'change_price': {
      // numeric, not bigint: the unclamped result may not fit a bigint before it is capped.
      const cap = sql`${Math.trunc(limits.maxPriceMinor)}::numeric`
      const next = (col: unknown) =>
        action.by === 'percent'
          ? sql`least(${cap}, greatest(0, round(${col}::numeric * (100 + ${action.value}::numeric) / 100)))::bigint`
          : sql`least(${cap}, greatest(0, ${col}::numeric + ${Math.trunc(action.value)}::numeric))::bigint`
      await db
        .update(productVariants)
        .set({ priceMinor: next(productVariants.priceMinor) })
        .where(vScope)
      await db
        .update(products)
        .set({ priceMinor: next(products.priceMinor) })
        .where(scope)
      // Products with variants keep the cheapest variant's price.
      await db
        .update(products)
        .set({ priceMinor: sql`(select min(v.price_minor) from product_variants v where v.product_id = ${products.id})` })
        .where(and(scope, sql`exists (select 1 from product_variants v where v.product_id = ${products.id})`))
      break
    }
    case 'delete':
      await db.delete(products).where(scope)
      break
  }
  return owned
}

/** Every product of a merchant with variants and image keys, for CSV export (ordered by slug). */
export async function listProductsForExport(db: Database, merchantId: string) {
  const rows = await db.select().from(products).where(eq(products.merchantId, merchantId)).orderBy(asc(products.slug))
  const ids = rows.map((r) => r.id)
  const variants = ids.length
    ? await db
        .select()
        .from(productVariants)
        .where(eq(productVariants.merchantId, merchantId))
        .orderBy(asc(productVariants.productId), asc(productVariants.position))
    : []
  const images = await listProductImages(db, merchantId, ids)
  return rows.map((p) => ({ ...p, variants: variants.filter((v) => v.productId === p.id), images: images.get(p.id) ?? [] }))
}

export const productsBySlug = async (db: Database, merchantId: string, slugs: string[]) => {
  if (!slugs.length) return new Map<string, Product>()
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.merchantId, merchantId), inArray(products.slug, slugs)))
  return new Map(rows.map((r) => [r.slug, r]))
}

/** Variants of several of a merchant's products, by product and position. */
export async function listVariantsOfProducts(db: Database, merchantId: string, productIds: string[]): Promise<ProductVariant[]> {
  if (!productIds.length) return []
  return db
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), inArray(productVariants.productId, productIds)))
    .orderBy(asc(productVariants.productId), asc(productVariants.position))
}

/** The shop fields the catalog needs: its slug (export file name), default currency (CSV import) and logo (promo videos). */
export async function getCatalogShop(db: Database, merchantId: string) {
  const [shop] = await db
    .select({ slug: merchants.slug, currency: merchants.defaultCurrency, avatarKey: merchants.avatarKey })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
  return shop ?? null
}

/**
 * Attaches a media asset to a product after its other images. False when it was attached
 * already (the same bytes uploaded twice).
 */
export async function attachProductMedia(db: Database, input: { merchantId: string; productId: string; assetId: string }) {
  const [{ next }] = await rowsOf<{ next: number }>(
    db,
    sql`select coalesce(max(position) + 1, 0)::int as next from product_media where merchant_id = ${input.merchantId} and product_id = ${input.productId}`,
  )
  const linked = await db
    .insert(productMedia)
    .values({ merchantId: input.merchantId, productId: input.productId, assetId: input.assetId, position: next })
    .onConflictDoNothing()
    .returning()
  return linked.length > 0
}

/** Detaches an image from a product; false when it was not attached to this merchant's product. */
export async function detachProductMedia(db: Database, merchantId: string, productId: string, assetId: string) {
  const rows = await db
    .delete(productMedia)
    .where(and(eq(productMedia.merchantId, merchantId), eq(productMedia.productId, productId), eq(productMedia.assetId, assetId)))
    .returning()
  return rows.length > 0
}

/**
 * Puts a product's photos in the given order (asset ids; photos not listed keep their relative
 * order after them). False when an id is not one of this product's photos.
 */
export async function reorderProductMedia(db: Database, merchantId: string, productId: string, assetIds: string[]) {
  const rows = await db
    .select({ assetId: productMedia.assetId })
    .from(productMedia)
    .where(and(eq(productMedia.merchantId, merchantId), eq(productMedia.productId, productId)))
    .orderBy(asc(productMedia.position))
  const current = rows.map((r) => r.assetId)
  if (assetIds.some((id) => !current.includes(id))) return false
  const order = [...new Set(assetIds), ...current.filter((id) => !assetIds.includes(id))]
  for (const [position, assetId] of order.entries()) {
    await db
      .update(productMedia)
      .set({ position })
      .where(and(eq(productMedia.merchantId, merchantId), eq(productMedia.productId, productId), eq(productMedia.assetId, assetId)))
  }
  return true
}

/** Replaces the videos linked to a product (the caller checks the ids are the merchant's). */
export async function replaceProductVideos(db: Database, merchantId: string, productId: string, videoIds: string[]) {
  await db.delete(productVideos).where(and(eq(productVideos.merchantId, merchantId), eq(productVideos.productId, productId)))
  if (videoIds.length) await db.insert(productVideos).values(videoIds.map((videoId) => ({ merchantId, productId, videoId })))
}
