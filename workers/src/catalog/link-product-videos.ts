import { writeAudit } from '../../../db/queries/audit'
import { getProductRow, replaceProductVideos } from '../../../db/queries/products'
import { ownedVideoIds } from '../../../db/queries/videos'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Actor } from './actor'
import { getProduct } from './get-product'

/** Sets the TikTok videos linked to a product; every id must be one of the shop's videos. */
export async function linkProductVideos(db: Database, actor: Actor, productId: string, videoIds: string[]) {
  const { merchantId } = actor
  if (!(await getProductRow(db, merchantId, productId))) throw new AppError('not_found', 'no such product')
  const own = await ownedVideoIds(db, merchantId, videoIds)
  if (own.length !== new Set(videoIds).size) throw new AppError('not_found', 'no such video')
  await db.transaction(async (tx) => {
    await replaceProductVideos(tx, merchantId, productId, own)
    await writeAudit(tx, { merchantId, userId: actor.userId, action: 'product.videos', entity: 'product', entityId: productId, changes: { videoIds } })
  })
  return getProduct(db, merchantId, productId)
}
