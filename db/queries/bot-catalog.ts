import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm'
import { mediaAssets, productMedia, products, productVariants, shortLinks, videos } from '../schema'
import type { Database } from '../types'
import { searchProducts } from './search-products'

/** What the shop bot reads of a product: the row, its variants in order, and its first image. */
export type BotCatalogProduct = typeof products.$inferSelect & { variants: (typeof productVariants.$inferSelect)[]; imageKey: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Published products with their variants and first image, in the order of `ids`. */
export async function loadBotProducts(db: Database, merchantId: string, ids: string[]): Promise<BotCatalogProduct[]> {
  // Ids come back from buttons the shopper's app sends: anything that is not a uuid finds nothing.
  ids = ids.filter((id) => UUID.test(id))
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

export async function loadBotProduct(db: Database, merchantId: string, id: string): Promise<BotCatalogProduct | undefined> {
  return (await loadBotProducts(db, merchantId, [id]))[0]
}

/** Finds a product by a catalog retailer id (WhatsApp catalog carts) or attribution ref: SKU, variant SKU or products.ref. */
export async function findBotProductByRetailerId(
  db: Database,
  merchantId: string,
  retailerId: string,
): Promise<{ product: BotCatalogProduct; variantId: string | null } | undefined> {
  const [variant] = await db
    .select({ id: productVariants.id, productId: productVariants.productId })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.sku, retailerId)))
  if (variant) {
    const product = await loadBotProduct(db, merchantId, variant.productId)
    return product ? { product, variantId: variant.id } : undefined
  }
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), or(and(isNotNull(products.sku), eq(products.sku, retailerId)), eq(products.ref, retailerId.toUpperCase()))))
  if (!row) return undefined
  const product = await loadBotProduct(db, merchantId, row.id)
  return product ? { product, variantId: null } : undefined
}

/** The published product a variant belongs to (variant ids alone ride in Telegram's 64-byte callback data). */
export async function findBotProductByVariantId(db: Database, merchantId: string, variantId: string): Promise<BotCatalogProduct | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(variantId)) return undefined
  const [v] = await db
    .select({ productId: productVariants.productId })
    .from(productVariants)
    .where(and(eq(productVariants.merchantId, merchantId), eq(productVariants.id, variantId)))
  return v ? loadBotProduct(db, merchantId, v.productId) : undefined
}

/** Categories that have published products, most stocked first. */
export async function listBotCategories(db: Database, merchantId: string): Promise<{ category: string; count: number }[]> {
  const rows = await db
    .select({ category: products.category, count: sql<number>`count(*)::int` })
    .from(products)
    .where(and(eq(products.merchantId, merchantId), eq(products.status, 'published'), isNotNull(products.category)))
    .groupBy(products.category)
    .orderBy(sql`count(*) desc`, asc(products.category))
  return rows.filter((r): r is { category: string; count: number } => !!r.category)
}

/** The bot's catalog search: `searchProducts` over published products only, paged by offset. */
export async function searchBotCatalog(
  db: Database,
  params: { merchantId: string; q?: string; category?: string; minPriceMinor?: number; maxPriceMinor?: number; limit: number; offset?: number },
) {
  const cursor = params.offset ? btoa(JSON.stringify({ o: params.offset })).replace(/=+$/, '') : null
  // Relevance order pages by offset, which is what a numbered "More…" row needs.
  return searchProducts(db, { ...params, status: 'published', sort: 'relevance', cursor })
}

/** A merchant's video by its platform id (the `-V…` part of an attribution ref). */
export async function findVideoIdByExternalId(db: Database, merchantId: string, externalId: string): Promise<string | undefined> {
  const [v] = await db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.merchantId, merchantId), eq(videos.externalId, externalId)))
  return v?.id
}

/** A merchant's short link by its code (the `-L…` part of an attribution ref). */
export async function findShortLinkIdByCode(db: Database, merchantId: string, code: string): Promise<string | undefined> {
  const [l] = await db
    .select({ id: shortLinks.id })
    .from(shortLinks)
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.code, code)))
  return l?.id
}
