import type { Database } from '../../../../db/types'
import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm'
import { searchProducts } from '../../../../db/queries/search-products'
import { mediaAssets, productMedia, productVariants, products } from '../../../../db/schema'


export type BotProduct = typeof products.$inferSelect & { variants: (typeof productVariants.$inferSelect)[]; imageKey: string | null }

/** Published products with their variants and first image. */
export async function loadProducts(db: Database, merchantId: string, ids: string[]): Promise<BotProduct[]> {
  // Ids come back from buttons the shopper's app sends: anything that is not a uuid finds nothing.
  ids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
  if (!ids.length) return []
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.merchantId, merchantId), inArray(products.id, ids), eq(products.status, 'published')))
  const variants = await db
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), inArray(productVariants.productId, ids)))
    .orderBy(asc(productVariants.position), asc(productVariants.title))
  const images = await db
    .select({ productId: productMedia.productId, key: mediaAssets.key, position: productMedia.position })
    .from(productMedia)
    .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
    .where(and(eq(productMedia.merchantId, merchantId), inArray(productMedia.productId, ids)))
    .orderBy(asc(productMedia.position))
  const byId = new Map(rows.map((p) => [p.id, p]))
  return ids
    .map((id) => byId.get(id))
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => ({ ...p, variants: variants.filter((v) => v.productId === p.id), imageKey: images.find((i) => i.productId === p.id)?.key ?? null }))
}

export async function loadProduct(db: Database, merchantId: string, id: string): Promise<BotProduct | undefined> {
  return (await loadProducts(db, merchantId, [id]))[0]
}

/** Finds a product by a catalog retailer id (WhatsApp catalog carts) or attribution ref: SKU, variant SKU or products.ref. */
export async function findProductByRetailerId(
  db: Database,
  merchantId: string,
  retailerId: string,
): Promise<{ product: BotProduct; variantId: string | null } | undefined> {
  const [variant] = await db
    .select({ id: productVariants.id, productId: productVariants.productId })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.sku, retailerId)))
  if (variant) {
    const product = await loadProduct(db, merchantId, variant.productId)
    return product ? { product, variantId: variant.id } : undefined
  }
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), or(and(isNotNull(products.sku), eq(products.sku, retailerId)), eq(products.ref, retailerId.toUpperCase()))))
  if (!row) return undefined
  const product = await loadProduct(db, merchantId, row.id)
  return product ? { product, variantId: null } : undefined
}

export async function findProductByVariantId(db: Database, merchantId: string, variantId: string): Promise<BotProduct | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(variantId)) return undefined
  const [v] = await db
    .select({ productId: productVariants.productId })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.id, variantId)))
  return v ? loadProduct(db, merchantId, v.productId) : undefined
}

/** Categories that have published products, most stocked first. */
export async function listCategories(db: Database, merchantId: string): Promise<{ category: string; count: number }[]> {
  const rows = await db
    .select({ category: products.category, count: sql<number>`count(*)::int` })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), eq(products.status, 'published'), isNotNull(products.category)))
    .groupBy(products.category)
    .orderBy(sql`count(*) desc`, asc(products.category))
  return rows.filter((r): r is { category: string; count: number } => !!r.category)
}

/** The bot's catalog search: db/queries/search-products.ts over published products only. */
export async function searchCatalog(
  db: Database,
  params: { merchantId: string; q?: string; category?: string; minPriceMinor?: number; maxPriceMinor?: number; limit: number; offset?: number },
) {
  const cursor = params.offset ? btoa(JSON.stringify({ o: params.offset })).replace(/=+$/, '') : null
  // Relevance order pages by offset, which is what a numbered "More…" row needs.
  return searchProducts(db, { ...params, status: 'published', sort: 'relevance', cursor })
}
