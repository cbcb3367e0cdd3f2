import { writeAudit } from '../../../db/queries/audit'
import { getProductRow } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import type { Actor } from './actor'
import { getProduct } from './get-product'
import { attachProductImage } from './product-images'

/**
 * Adds an image to a product: `read` gives the uploaded bytes (called only once the product is
 * known to be the shop's). Thumbnails are rendered in the background. Returns the image as the
 * product lists it.
 */
export async function uploadProductImage(deps: { db: Database; env: Env }, actor: Actor, input: { productId: string; read: () => Promise<Uint8Array> }) {
  const { merchantId } = actor
  const { productId } = input
  if (!(await getProductRow(deps.db, merchantId, productId))) throw new AppError('not_found', 'no such product')
  const data = await input.read()
  if (!data.byteLength) throw new AppError('bad_request', 'the upload is empty')
  const { asset } = await attachProductImage(deps, { merchantId, productId, data })
  await writeAudit(deps.db, {
    merchantId,
    userId: actor.userId,
    action: 'product.image.add',
    entity: 'product',
    entityId: productId,
    changes: { assetId: asset.id },
  })
  const product = await getProduct(deps.db, merchantId, productId)
  return product.images.find((i) => i.assetId === asset.id) ?? null
}
