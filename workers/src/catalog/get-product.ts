import { getProductDetail } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { withSeo } from './seo'

/** One of the shop's products with variants, images (and thumbnails) and linked videos; 404 when not the shop's. */
export async function getProduct(db: Database, merchantId: string, id: string) {
  const product = await getProductDetail(db, merchantId, id)
  if (!product) throw new AppError('not_found', 'no such product')
  return withSeo(product)
}
