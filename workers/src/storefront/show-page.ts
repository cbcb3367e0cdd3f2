import { loadStorefront } from '../../../db/queries/storefront'
import type { RecordEvents, RequestFacts } from '../analytics/record-events'
import { catalogVersion, type VersionEdge } from './catalog-version'
import { sourceFromQuery } from './order-links'
import { buildPageData } from './page-data'
import { notFoundPage, renderPublicPage } from './render-page'

const SHOP = /^[a-z0-9][a-z0-9-]{0,62}$/i

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
  let res = await caches.default.match(cacheKey)
  let productId = res?.headers.get('x-product-id') ?? null
  if (!res) {
    const data = await loadStorefront(edge.db, shop)
    const page = data && buildPageData(data, { appUrl: edge.appUrl, productSlug, source })
    if (!page) return notFoundPage(productSlug ? 'Product' : 'Shop')
    productId = page.product?.id ?? null
    res = await renderPublicPage(edge.assets, edge.origin, page)
    res.headers.set('cache-control', 'public, max-age=86400')
    if (productId) res.headers.set('x-product-id', productId)
    edge.waitUntil(caches.default.put(cacheKey, res.clone()))
    res.headers.set('x-cache', 'miss')
  } else {
    res = new Response(res.body, res)
    res.headers.set('x-cache', 'hit')
  }
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
