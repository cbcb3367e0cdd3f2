import { eq, sql } from 'drizzle-orm'
import { merchants } from '../schema'
import { type Database, rowsOf } from '../types'

/** A product as the public storefront shows it. Money in minor units + ISO currency. */
export type StorefrontProduct = {
  id: string
  slug: string
  title: string
  description: string
  priceMinor: number
  compareAtMinor: number | null
  currency: string
  stock: number | null
  ref: string
  category: string | null
  seo: { title?: string; description?: string }
  /** discount codes the merchant keeps on the product (products.promo_codes) */
  promoCodes: string[]
  /** media keys of the product photos, in order */
  images: string[]
  /** a rendered storefront thumbnail (overlay preferred) of the first photo, for OG previews */
  ogImage: string | null
  videoIds: string[]
  variants: { id: string; title: string; priceMinor: number; stock: number | null; options: Record<string, string> }[]
}

export type StorefrontVideo = { id: string; externalId: string; url: string; caption: string | null; cover: string | null; productIds: string[] }

export type StorefrontShop = {
  id: string
  slug: string
  name: string
  bio: string
  avatarKey: string | null
  theme: string
  settings: Record<string, unknown>
  version: string
}

export type StorefrontData = { shop: StorefrontShop; products: StorefrontProduct[]; videos: StorefrontVideo[] }

/**
 * The catalog version of a shop: changes whenever the shop, one of its products/variants/videos
 * changes, or one is deleted (count). Public page caches are keyed by it, so no purge is needed.
 */
const VERSION = sql`concat_ws(':',
  (extract(epoch from m.updated_at) * 1000)::bigint,
  (select concat(count(*), '.', coalesce(extract(epoch from max(p.updated_at)) * 1000, 0)::bigint) from products p where p.merchant_id = m.id),
  (select concat(count(*), '.', coalesce(extract(epoch from max(v.updated_at)) * 1000, 0)::bigint) from product_variants v where v.merchant_id = m.id),
  (select concat(count(*), '.', coalesce(extract(epoch from max(v.updated_at)) * 1000, 0)::bigint) from videos v where v.merchant_id = m.id),
  (select count(*) from product_media pm where pm.merchant_id = m.id),
  (select count(*) from product_videos pv where pv.merchant_id = m.id))`

/** The shop id and catalog version by slug, or null when there is no such shop. */
export async function getCatalogVersion(db: Database, shopSlug: string): Promise<{ merchantId: string; version: string } | null> {
  const rows = await rowsOf<{ merchantId: string; version: string }>(
    db,
    sql`select m.id as "merchantId", ${VERSION} as version from merchants m where m.slug = ${shopSlug} and m.delete_requested_at is null`,
  )
  return rows[0] ?? null
}

/**
 * Marks a shop's catalog as changed, so cached public pages are rebuilt: every page-altering
 * write calls it (through `catalogChanged` in workers/src/storefront/catalog-version.ts), also
 * those the derived version cannot see (an image reorder, a re-rendered thumbnail, a video link
 * swapped for another). `clock_timestamp()` with a 1 ms floor, so two writes in one transaction
 * or one millisecond still differ. Answers the shop's slug (null for an unknown merchant).
 */
export async function bumpCatalogVersion(db: Database, merchantId: string): Promise<string | null> {
  const rows = await rowsOf<{ slug: string }>(
    db,
    sql`update merchants set updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond') where id = ${merchantId} returning slug`,
  )
  return rows[0]?.slug ?? null
}

const PRODUCT_JSON = sql`json_build_object(
  'id', p.id, 'slug', p.slug, 'title', p.title, 'description', p.description,
  'priceMinor', p.price_minor, 'compareAtMinor', p.compare_at_minor, 'currency', p.currency, 'stock', p.stock,
  'ref', p.ref, 'category', p.category, 'seo', p.seo, 'promoCodes', p.promo_codes,
  'images', coalesce((select json_agg(a.key order by pm.position, a.created_at) from product_media pm join media_assets a on a.id = pm.asset_id
                      where pm.product_id = p.id), '[]'),
  'ogImage', (select t.key from product_media pm join media_assets t on t.parent_id = pm.asset_id and t.kind = 'thumbnail'
                and t.content_type in ('image/jpeg', 'image/png')
              where pm.product_id = p.id order by pm.position, (t.meta ? 'overlay') desc, t.created_at desc limit 1),
  'videoIds', coalesce((select json_agg(pv.video_id) from product_videos pv where pv.product_id = p.id), '[]'),
  'variants', coalesce((select json_agg(json_build_object('id', v.id, 'title', v.title, 'priceMinor', v.price_minor, 'stock', v.stock, 'options', v.options) order by v.position)
                        from product_variants v where v.product_id = p.id), '[]'))`

/**
 * Everything the link-in-bio page shows, in one round trip: shop, published products, and the
 * ready videos linked to at least one published product (a rejected, merged-away or draft-only
 * video is never public).
 */
export async function loadStorefront(db: Database, shopSlug: string): Promise<StorefrontData | null> {
  const rows = await rowsOf<StorefrontData>(
    db,
    sql`
    select json_build_object('id', m.id, 'slug', m.slug, 'name', m.name, 'bio', m.bio, 'avatarKey', m.avatar_key, 'theme', m.theme,
             'settings', m.settings, 'version', ${VERSION}) as shop,
           coalesce((select json_agg(${PRODUCT_JSON} order by p.created_at desc) from products p where p.merchant_id = m.id and p.status = 'published'), '[]') as products,
           coalesce((select json_agg(json_build_object('id', v.id, 'externalId', v.external_id, 'url', v.url, 'caption', v.caption,
                       'cover', (select a.key from media_assets a where a.id = v.cover_asset_id),
                       'productIds', coalesce((select json_agg(pv.product_id) from product_videos pv join products p on p.id = pv.product_id and p.status = 'published' where pv.video_id = v.id), '[]'))
                     order by v.created_at desc)
                     from videos v where v.merchant_id = m.id and v.status = 'ready'
                       and exists (select 1 from product_videos pv join products p on p.id = pv.product_id and p.status = 'published' where pv.video_id = v.id)), '[]') as videos
    from merchants m where m.slug = ${shopSlug} and m.delete_requested_at is null`,
  )
  return rows[0] ?? null
}

/** Products of one shop by id, for a short link or analytics label. */
export async function getPublishedProduct(db: Database, merchantId: string, productId: string) {
  const rows = await rowsOf<{ slug: string; ref: string }>(
    db,
    sql`select p.slug, p.ref from products p where p.id = ${productId} and p.merchant_id = ${merchantId}`,
  )
  return rows[0] ?? null
}

/** What the storefront settings page needs of a shop: its address, name and the settings' sources. */
export type StorefrontMerchant = Pick<typeof merchants.$inferSelect, 'slug' | 'name' | 'bio' | 'avatarKey' | 'theme' | 'settings'>

const storefrontColumns = {
  slug: merchants.slug,
  name: merchants.name,
  bio: merchants.bio,
  avatarKey: merchants.avatarKey,
  theme: merchants.theme,
  settings: merchants.settings,
}

export async function getStorefrontMerchant(db: Database, merchantId: string): Promise<StorefrontMerchant | null> {
  const [row] = await db.select(storefrontColumns).from(merchants).where(eq(merchants.id, merchantId))
  return row ?? null
}

/**
 * Replaces `settings.storefront` of a shop: jsonb_set on that key only, so other features'
 * settings are never overwritten by a stale copy. The shop's catalog version changes with it.
 */
export async function saveStorefrontSettings(db: Database, merchantId: string, storefront: Record<string, unknown>): Promise<StorefrontMerchant | null> {
  const [row] = await db
    .update(merchants)
    .set({ settings: sql`jsonb_set(${merchants.settings}, '{storefront}', ${JSON.stringify(storefront)}::jsonb, true)`, updatedAt: new Date() })
    .where(eq(merchants.id, merchantId))
    .returning(storefrontColumns)
  return row ?? null
}
