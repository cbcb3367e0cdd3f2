import { searchProducts } from '../../../db/queries/search-products'
import { searchMemo } from '../catalog/search-memo'
import { AppError } from '../errors'
import { catalogVersion, type VersionEdge } from './catalog-version'

/** The link-in-bio page's product search (FTS + typo-tolerant): ids of published products, best first. */
export async function searchShop(edge: VersionEdge, shop: string, q: string) {
  const found = await catalogVersion(edge, shop)
  if (!found) throw new AppError('not_found', 'shop not found')
  const result = await searchProducts(edge.db, { merchantId: found.merchantId, q, status: 'published', limit: 48, memo: searchMemo })
  return { ids: result.items.map((p) => p.id) }
}
