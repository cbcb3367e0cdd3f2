import { bumpCatalogVersion, getCatalogVersion } from '../../../db/queries/storefront'
import type { Database } from '../../../db/types'

// How long an edge may serve a shop's version without asking Postgres again: the bound on how
// stale a public page can be in other data centres after a product change.
const VERSION_TTL_S = 30

export type CatalogVersion = { merchantId: string; version: string }
/** The request's database, edge cache origin and a way to finish work after the response. */
export type VersionEdge = { db: Database; origin: string; waitUntil: (work: Promise<unknown>) => void }

const versionKey = (origin: string, shop: string) => new Request(`${origin}/__cache/storefront-version/${shop.toLowerCase()}`)

/** Catalog version of a shop: from the edge cache, else one small query (then cached briefly). */
export async function catalogVersion(edge: VersionEdge, shop: string): Promise<CatalogVersion | null> {
  const cache = caches.default
  const key = versionKey(edge.origin, shop)
  const hit = await cache.match(key)
  if (hit) return (await hit.json()) as CatalogVersion | null
  const found = await getCatalogVersion(edge.db, shop)
  edge.waitUntil(cache.put(key, Response.json(found, { headers: { 'cache-control': `public, max-age=${VERSION_TTL_S}` } })))
  return found
}

/** Drops this data centre's cached version of a shop, so its next page view sees a change at once. */
export async function forgetCatalogVersion(origin: string, shop: string) {
  await caches.default.delete(versionKey(origin, shop))
}

/** Where a write came from: the request's origin (its data centre's cache) and the public APP_URL. */
export type ChangeOrigins = { origins: Array<string | null | undefined> }

/**
 * Records that a write changed what a shop's public pages show: bumps the catalog version in
 * Postgres (so every data centre rebuilds within VERSION_TTL_S) and drops this data centre's
 * cached version for each origin given (so the merchant sees the change at once). Called by every
 * page-altering write: product edit/publish/delete, bulk edits and imports, image add/remove/
 * reorder, video links, approvals and merges, thumbnails done, storefront settings.
 */
export async function catalogChanged(db: Database, merchantId: string, where: ChangeOrigins) {
  const slug = await bumpCatalogVersion(db, merchantId)
  if (!slug) return
  const origins = [...new Set(where.origins.flatMap((o) => (o ? [originOf(o)] : [])))]
  await Promise.all(origins.map((o) => forgetCatalogVersion(o, slug).catch(() => undefined)))
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}
