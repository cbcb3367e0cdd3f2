import { writeAudit } from '../../../db/queries/audit'
import { detachProductMedia } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Actor } from './actor'

/** Detaches an image from a product (the file stays in R2: other products may use the same bytes). */
export async function removeProductImage(db: Database, actor: Actor, productId: string, assetId: string) {
  const { merchantId } = actor
  if (!(await detachProductMedia(db, merchantId, productId, assetId))) throw new AppError('not_found', 'no such image on this product')
  await writeAudit(db, { merchantId, userId: actor.userId, action: 'product.image.remove', entity: 'product', entityId: productId, changes: { assetId } })
}
