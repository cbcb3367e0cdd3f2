import { formatMoney } from '../../../contracts/money'
import { type BriefProduct, type StudioBrief, type StudioSource, studioBriefSchema } from '../../../contracts/studio'
import { getStudioProductFacts, getStudioSettings, getStudioShopFacts, type StudioProductFacts } from '../../../db/queries/studio'
import type { StudioVideo } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { productIdsOf } from './create-videos'
import { brandVoiceOf } from './studio-settings'

/** Why a video cannot be made from this input: the Workflow records it and stops (no retry). */
export class StudioInputError extends Error {
  override name = 'StudioInputError'
}

const DISCOUNT_CODE = /\b(?:code|coupon|promo)\s*[:-]?\s*([A-Z0-9]{3,20})\b/i

function briefProductOf(p: StudioProductFacts): BriefProduct {
  return {
    id: p.id,
    title: p.title,
    description: p.description || null,
    priceMinor: p.priceMinor > 0 ? p.priceMinor : null,
    compareAtMinor: p.compareAtMinor && p.compareAtMinor > p.priceMinor ? p.compareAtMinor : null,
    currency: p.currency || null,
    priceText: p.priceMinor > 0 ? formatMoney(p.priceMinor, p.currency) : null,
    // Variant stock, when tracked, is what the shop can sell of the product.
    stock: p.variants.some((v) => v.stock !== null) ? p.variants.reduce((s, v) => s + (v.stock ?? 0), 0) : p.stock,
    variants: p.variants.map((v) => v.title).slice(0, 20),
    category: p.category,
    tags: p.tags.slice(0, 20),
    imageKeys: p.imageKeys.slice(0, 12),
    coverKeys: p.coverKeys.slice(0, 6),
    clipKeys: p.clipKeys.slice(0, 3),
    videoCaptions: p.videos.flatMap((v) => (v.caption ? [v.caption.slice(0, 500)] : [])).slice(0, 5),
    performance: { views: 0, clicks: p.clicks, orders: p.orders },
  }
}

/**
 * The brief of a video: its source, the shop's facts (name, where orders go, discount code,
 * storefront URL), every product's catalog facts and media, and the brand voice with this
 * video's overrides. A product-only video of a product with nothing to show (no photo, no cover
 * of its TikTok videos, no clip) is refused: text cards alone do not sell one product.
 */
export async function buildBrief(deps: { db: Database; appUrl: string }, row: StudioVideo): Promise<StudioBrief> {
  const { db } = deps
  const source = row.source as StudioSource
  const shop = await getStudioShopFacts(db, row.merchantId)
  if (!shop) throw new StudioInputError('the shop no longer exists')
  const ids = productIdsOf(source)
  const facts = await getStudioProductFacts(db, row.merchantId, ids)
  if (facts.length < ids.length) throw new StudioInputError('a product of this video was deleted; start a new video')
  const products = facts.map(briefProductOf)
  if (source.kind === 'product') {
    const p = products[0]
    if (!p.imageKeys.length && !p.coverKeys.length && !p.clipKeys.length)
      throw new StudioInputError(`add a photo of "${p.title}" (or link one of its TikTok videos) first: a product video needs at least one picture`)
  }
  const settings = await getStudioSettings(db, row.merchantId)
  const voice = brandVoiceOf(settings?.brandVoice)
  const o = row.options
  const promo =
    facts.flatMap((f) => f.promoCodes)[0] ?? facts.flatMap((f) => f.videos.map((v) => v.caption?.match(DISCOUNT_CODE)?.[1] ?? null)).find(Boolean) ?? null
  return studioBriefSchema.parse({
    source,
    shop: {
      name: shop.name,
      orderChannel: shop.channelKinds.includes('whatsapp') ? 'whatsapp' : shop.channelKinds.includes('telegram') ? 'telegram' : 'storefront',
      city: typeof shop.settings.city === 'string' ? shop.settings.city : null,
      discountCode: promo ? promo.toUpperCase() : null,
      storefrontUrl: `${deps.appUrl}/@${shop.slug}`,
    },
    products,
    voice: {
      ...voice,
      ...(o.targetSeconds ? { targetSeconds: o.targetSeconds } : {}),
      ...(o.platform ? { platform: o.platform } : {}),
      ...(o.tone ? { tone: o.tone } : {}),
      ...(o.reviewRequired !== undefined ? { reviewRequired: o.reviewRequired } : {}),
    },
    variant: o.variant ?? 0,
  })
}
