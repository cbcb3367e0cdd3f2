import { bumpCatalogVersion, getCatalogVersion } from '../../../db/queries/storefront'
import type { Database } from '../../../db/types'
import { forgetSearchMemo } from '../catalog/search-memo'
import { edgeJsonCache } from '../lib/edge-cache'

export type CatalogVersion = { merchantId: string; version: string }
/** The request's database, edge cache origin and a way to finish work after the response. */
export type VersionEdge = { db: Database; origin: string; waitUntil: (work: Promise<unknown>) => void }

// A shop's version is served without asking Postgres again for 5 s by the isolate and 25 s by the
// data centre's edge cache: their sum (30 s) bounds how stale a public page can be in other data
// centres after a product change.
const versions = edgeJsonCache<CatalogVersion | null>('storefront-version', { memoryMs: 5_000, edgeS: 25 })

/** Catalog version of a shop: from the isolate or edge cache, else one small query (then cached briefly). */
export function catalogVersion(edge: VersionEdge, shop: string): Promise<CatalogVersion | null> {
  return versions.get(edge, shop.toLowerCase(), () => getCatalogVersion(edge.db, shop))
}

/** Drops this isolate's and this data centre's cached version of a shop, so its next page view sees a change at once. */
export function forgetCatalogVersion(origin: string, shop: string) {
  return versions.forget(origin, shop.toLowerCase())
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
