import { formatMoney } from '../../../contracts/money'
import { getMediaAsset, listProductImageKeys } from '../../../db/queries/media'
import { getCatalogShop, getProductRow } from '../../../db/queries/products'
import type { Database } from '../../../db/types'
import { AppError } from '../errors'
import { enqueueJob } from '../queues/enqueue-job'
import type { PromoBody } from './schemas'

/**
 * Queues a 9:16 promo video of a product on the render node: its images (then its videos'
 * covers, at most 8), title, price, the shop's logo and optional music. The outputs are tagged
 * with the product after the render.
 */
export async function makePromoVideo(deps: { db: Database; env: Env }, input: { merchantId: string; productId: string; body: PromoBody }) {
  const { db } = deps
  const { merchantId, body } = input
  const product = await getProductRow(db, merchantId, input.productId)
  if (!product) throw new AppError('not_found', 'no such product')
  const keys = [...new Set(await listProductImageKeys(db, merchantId, product.id))].slice(0, 8)
  if (keys.length === 0) throw new AppError('unprocessable', 'add at least one product image (or link a TikTok video) before making a promo video')
  const inputs = keys.map((key, i) => ({ name: `image${i}`, key }))
  const shop = await getCatalogShop(db, merchantId)
  if (shop?.avatarKey) inputs.push({ name: 'logo', key: shop.avatarKey })
  if (body.musicAssetId) {
    const music = await getMediaAsset(db, merchantId, body.musicAssetId)
    if (!music?.contentType.startsWith('audio/')) throw new AppError('not_found', 'no such music file')
    inputs.push({ name: 'music', key: music.key })
  }
  const { job } = await enqueueJob(deps, {
    type: 'render',
    merchantId,
    payload: {
      job: {
        type: 'promo',
        images: inputs.filter((i) => i.name.startsWith('image')).map((i) => i.name),
        title: product.title,
        priceText: product.priceMinor > 0 ? formatMoney(product.priceMinor, product.currency) : undefined,
        callToAction: body.callToAction ?? 'Order on WhatsApp',
        logo: shop?.avatarKey ? 'logo' : undefined,
        music: body.musicAssetId ? 'music' : undefined,
        aiGenerated: body.aiGenerated,
        voiceOver: body.voiceOver,
        durationSeconds: body.durationSeconds,
        resolution: body.resolution,
      },
      inputs,
      after: { kind: 'product-render', productId: product.id },
    },
  })
  return job
}
