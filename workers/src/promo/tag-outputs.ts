import { tagAssetsWithProduct } from '../../../db/queries/media'
import type { Database } from '../../../db/types'

/** After a render for a product: tag its outputs with the product, so its media page finds them. */
export async function tagOutputsWithProduct(db: Database, merchantId: string, productId: string, assetIds: string[]) {
  await tagAssetsWithProduct(db, merchantId, productId, assetIds)
}
