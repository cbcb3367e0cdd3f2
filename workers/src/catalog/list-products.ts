import { type SearchProductsParams, searchProducts } from '../../../db/queries/search-products'
import type { Database } from '../../../db/types'
import { searchMemo } from './search-memo'
import { withSeo } from './seo'

/** A page of the shop's products for a search and filters, each with its first image (one query). */
export async function listProducts(db: Database, merchantId: string, query: Omit<SearchProductsParams, 'merchantId'>) {
  const result = await searchProducts(db, { ...query, merchantId, withImage: true, memo: searchMemo })
  return {
    items: result.items.map((p) => withSeo(p)),
    nextCursor: result.nextCursor,
  }
}
