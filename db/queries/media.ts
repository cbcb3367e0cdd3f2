import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { type MediaAsset, mediaAssets, productMedia, productVideos, videos } from '../schema'
import type { Database } from '../types'

export type NewMediaAsset = typeof mediaAssets.$inferInsert

/** Records a media asset once per merchant and key: a second call with the same key returns the first row. */
export async function insertMediaAsset(db: Database, values: NewMediaAsset): Promise<MediaAsset> {
  const [created] = await db
    .insert(mediaAssets)
    .values(values)
    .onConflictDoNothing({ target: [mediaAssets.merchantId, mediaAssets.key] })
    .returning()
  if (created) return created
  const [existing] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.merchantId, values.merchantId), eq(mediaAssets.key, values.key)))
  return existing
}

/** One of the merchant's media assets; null when not theirs. */
export async function getMediaAsset(db: Database, merchantId: string, id: string): Promise<MediaAsset | null> {
  const [asset] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.id, id), eq(mediaAssets.merchantId, merchantId)))
  return asset ?? null
}

/** Id, key and meta (e.g. `sourceUrl` of an imported image) of every asset of a merchant. */
export const listAssetSources = (db: Database, merchantId: string) =>
  db.select({ id: mediaAssets.id, meta: mediaAssets.meta, key: mediaAssets.key }).from(mediaAssets).where(eq(mediaAssets.merchantId, merchantId))

/** Files rendered assets under their original as thumbnails (`parent_id`), which is how product responses find them. */
export async function fileThumbnailsUnder(db: Database, merchantId: string, parentId: string, assetIds: string[]) {
  if (!assetIds.length) return
  await db
    .update(mediaAssets)
    .set({ parentId, kind: 'thumbnail' })
    .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.id, assetIds)))
}

/** Tags assets with a product (`meta.productId`), so the product's media page finds them. */
export async function tagAssetsWithProduct(db: Database, merchantId: string, productId: string, assetIds: string[]) {
  if (!assetIds.length) return
  await db
    .update(mediaAssets)
    .set({ meta: sql`${mediaAssets.meta} || ${JSON.stringify({ productId })}::jsonb` })
    .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.id, assetIds)))
}

/** Keys of a product's own images in position order, then of the covers of its linked videos (duplicates possible). */
export async function listProductImageKeys(db: Database, merchantId: string, productId: string): Promise<string[]> {
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
  return [...images, ...covers].map((r) => r.key)
}

/** Media generated for a product (tagged `meta.productId`), newest first. */
export const listGeneratedMediaOfProduct = (db: Database, merchantId: string, productId: string, limit = 200) =>
  db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.merchantId, merchantId), sql`${mediaAssets.meta}->>'productId' = ${productId}`))
    .orderBy(desc(mediaAssets.createdAt))
    .limit(limit)

/** The assets attached to a product as its images, in position order. */
export async function listProductOriginals(db: Database, merchantId: string, productId: string): Promise<MediaAsset[]> {
  const rows = await db
    .select({ asset: mediaAssets })
    .from(productMedia)
    .innerJoin(mediaAssets, eq(mediaAssets.id, productMedia.assetId))
    .where(and(eq(productMedia.productId, productId), eq(productMedia.merchantId, merchantId)))
    .orderBy(asc(productMedia.position))
  return rows.map((r) => r.asset)
}

/** Thumbnails filed under any of `parentIds`, smallest first. */
export async function listThumbnailsOf(db: Database, merchantId: string, parentIds: string[]): Promise<MediaAsset[]> {
  if (!parentIds.length) return []
  return db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.parentId, parentIds)))
    .orderBy(asc(mediaAssets.width))
}
