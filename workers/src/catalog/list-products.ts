import { listProductImages } from '../../../db/queries/products'
import { type SearchProductsParams, searchProducts } from '../../../db/queries/search-products'
import type { Database } from '../../../db/types'
import { withSeo } from './seo'

/** A page of the shop's products for a search and filters, each with its first image. */
export async function listProducts(db: Database, merchantId: string, query: Omit<SearchProductsParams, 'merchantId'>) {
  const result = await searchProducts(db, { ...query, merchantId })
  const images = await listProductImages(
    db,
    merchantId,
    result.items.map((p) => p.id),
  )
  return {
    items: result.items.map(({ search: _search, ...p }) => ({ ...withSeo(p), image: images.get(p.id)?.[0] ?? null })),
    nextCursor: result.nextCursor,
  }
}
