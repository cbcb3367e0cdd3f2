import { LRUCache } from 'lru-cache'
import { bumpCatalogVersion, getCatalogVersion } from '../../../db/queries/storefront'
import type { Database } from '../../../db/types'
import { forgetSearchMemo } from '../catalog/search-memo'

// How long a shop's version is served without asking Postgres again, by the isolate (MEMORY_TTL_MS)
// and then by the data centre's edge cache (EDGE_TTL_S): their sum (30 s) bounds how stale a
// public page can be in other data centres after a product change.
const MEMORY_TTL_MS = 5_000
const EDGE_TTL_S = 25

const memory = new LRUCache<string, { found: CatalogVersion | null }>({ max: 5_000, ttl: MEMORY_TTL_MS })
const memoryKey = (origin: string, shop: string) => `${origin} ${shop.toLowerCase()}`

export type CatalogVersion = { merchantId: string; version: string }
/** The request's database, edge cache origin and a way to finish work after the response. */
export type VersionEdge = { db: Database; origin: string; waitUntil: (work: Promise<unknown>) => void }

const versionKey = (origin: string, shop: string) => new Request(`${origin}/__cache/storefront-version/${shop.toLowerCase()}`)

/** Catalog version of a shop: from the edge cache, else one small query (then cached briefly). */
export async function catalogVersion(edge: VersionEdge, shop: string): Promise<CatalogVersion | null> {
  const remembered = memory.get(memoryKey(edge.origin, shop))
  if (remembered) return remembered.found
  const cache = caches.default
  const key = versionKey(edge.origin, shop)
  const hit = await cache.match(key)
  if (hit) {
    const found = (await hit.json()) as CatalogVersion | null
    memory.set(memoryKey(edge.origin, shop), { found })
    return found
  }
  const found = await getCatalogVersion(edge.db, shop)
  memory.set(memoryKey(edge.origin, shop), { found })
  edge.waitUntil(cache.put(key, Response.json(found, { headers: { 'cache-control': `public, max-age=${EDGE_TTL_S}` } })))
  return found
}

/** Drops this isolate's and this data centre's cached version of a shop, so its next page view sees a change at once. */
export async function forgetCatalogVersion(origin: string, shop: string) {
  memory.delete(memoryKey(origin, shop))
  await caches.default.delete(versionKey(origin, shop))
}

/** Where a write came from: the request's origin (its data centre's cache) and the public APP_URL. */
export type ChangeOrigins = { origins: Array<string | null | undefined> }

/**
 * Records that a write changed what a shop's public pages show: bumps the catalog version in
 * Postgres (so every data centre rebuilds within 30 s) and drops this data centre's
 * cached version for each origin given (so the merchant sees the change at once). Called by every
 * page-altering write: product edit/publish/delete, bulk edits and imports, image add/remove/
 * reorder, video links, approvals and merges, thumbnails done, storefront settings.
 */
export async function catalogChanged(db: Database, merchantId: string, where: ChangeOrigins) {
  forgetSearchMemo(merchantId)
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
