import { listGeneratedMediaOfProduct, listProductOriginals, listThumbnailsOf } from '../../../db/queries/media'
import { getProductRow } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { toPublicAsset } from './public-asset'

/** A product's media: its images, their thumbnails, and what renders made for it (thumbnails, previews, promo videos). */
export async function listProductMedia(db: Database, merchantId: string, productId: string) {
  const product = await getProductRow(db, merchantId, productId)
  if (!product) throw new AppError('not_found', 'no such product')
  const generated = await listGeneratedMediaOfProduct(db, merchantId, product.id)
  const originals = await listProductOriginals(db, merchantId, product.id)
  // Thumbnails of product photos are filed under their original (parent_id) by the catalog.
  const photoThumbs = await listThumbnailsOf(
    db,
    merchantId,
    originals.map((a) => a.id),
  )
  const byJob = (type: string) => generated.filter((a) => a.meta?.jobType === type).map(toPublicAsset)
  return {
    product: { id: product.id, title: product.title },
    images: originals.map(toPublicAsset),
    thumbnails: [...photoThumbs.map(toPublicAsset), ...byJob('thumbnails')],
    previews: byJob('preview'),
    promos: byJob('promo'),
  }
}
