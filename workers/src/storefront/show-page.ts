import { LRUCache } from 'lru-cache'
import { loadStorefront } from '../../../db/queries/storefront'
import type { RecordEvents, RequestFacts } from '../analytics/record-events'
import { catalogVersion, type VersionEdge } from './catalog-version'
import { sourceFromQuery } from './order-links'
import { buildPageData } from './page-data'
import { notFoundPage, renderPublicPage } from './render-page'

const SHOP = /^[a-z0-9][a-z0-9-]{0,62}$/i

// Pages this isolate built or read from the edge cache, by the same versioned key: a popular page is
// then served without a cache lookup. The key carries the catalog version, so a change is seen as
// soon as the version is (catalog-version.ts); entries only save work, they are never stale content.
type StoredPage = { html: string; headers: Array<[string, string]>; productId: string | null }
const pages = new LRUCache<string, StoredPage>({ maxSize: 16 * 1024 * 1024, sizeCalculation: (p) => p.html.length * 2 + 512, ttl: 60_000 })

const responseOf = (page: StoredPage) => new Response(page.html, { headers: page.headers })

export type PageEdge = VersionEdge & { appUrl: string; assets: Fetcher | undefined; record: RecordEvents; facts: RequestFacts }

/**
 * A public page (`productSlug` null: the link-in-bio page) as HTML, from the edge cache keyed by
 * the shop's catalog version: one small query (often none) on a hit, one more to build it on a
 * miss. Records the page view without waiting on the database.
 */
export async function showPublicPage(edge: PageEdge, input: { handle: string; productSlug: string | null; src: string | null; pathname: string }) {
  const shop = input.handle.replace(/^@/, '')
  if (!SHOP.test(shop)) return notFoundPage('Shop')
  const { src, productSlug } = input
  const source = sourceFromQuery(src)
  const found = await catalogVersion(edge, shop)
  if (!found) return notFoundPage('Shop')
  // The cache key carries only what changes the HTML: path, attribution source, catalog version.
  const cacheKey = new Request(`${edge.origin}${input.pathname}?src=${encodeURIComponent(src ?? '')}&v=${encodeURIComponent(found.version)}`)
  let page = pages.get(cacheKey.url)
  let state: 'hit' | 'miss' = 'hit'
  if (!page) {
    const hit = await caches.default.match(cacheKey)
    if (hit) page = { html: await hit.text(), headers: [...hit.headers], productId: hit.headers.get('x-product-id') }
    else {
      const data = await loadStorefront(edge.db, shop)
      const built = data && buildPageData(data, { appUrl: edge.appUrl, productSlug, source })
      if (!built) return notFoundPage(productSlug ? 'Product' : 'Shop')
      const productId = built.product?.id ?? null
      const rendered = await renderPublicPage(edge.assets, edge.origin, built)
      rendered.headers.set('cache-control', 'public, max-age=86400')
      if (productId) rendered.headers.set('x-product-id', productId)
      page = { html: await rendered.text(), headers: [...rendered.headers], productId }
      edge.waitUntil(caches.default.put(cacheKey, responseOf(page)))
      state = 'miss'
    }
    pages.set(cacheKey.url, page)
  }
  const { productId } = page
  const res = responseOf(page)
  res.headers.set('x-cache', state)
  res.headers.delete('x-product-id')
  // Browsers and shared caches revalidate quickly; the edge copy is keyed by version instead.
  res.headers.set('cache-control', 'public, max-age=60')
  edge.record([
    {
      merchantId: found.merchantId,
      type: 'page_view',
      productId,
      ref: src,
      linkId: null,
      ...edge.facts,
      meta: source.kind === 'video' ? { videoExternalId: source.videoExternalId } : source.kind === 'link' ? { linkCode: source.linkCode } : {},
    },
  ])
  return res
}
