import { getCatalogVersion } from '../../../db/queries/storefront'
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
