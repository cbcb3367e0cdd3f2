import { writeAudit } from '../../../db/queries/audit'
import { getProductRow, reorderProductMedia } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Actor } from './actor'
import { getProduct } from './get-product'

/** Puts the product's photos in this order (the first is the storefront's main photo and preview image). */
export async function reorderProductImages(db: Database, actor: Actor, productId: string, assetIds: string[]) {
  const { merchantId } = actor
  if (!(await getProductRow(db, merchantId, productId))) throw new AppError('not_found', 'no such product')
  await db.transaction(async (tx) => {
    if (!(await reorderProductMedia(tx, merchantId, productId, assetIds))) throw new AppError('not_found', 'no such image on this product')
    await writeAudit(tx, { merchantId, userId: actor.userId, action: 'product.image.reorder', entity: 'product', entityId: productId, changes: { assetIds } })
  })
  return getProduct(db, merchantId, productId)
}
