import type { RefSource } from '../../../contracts/attribution-ref'
import { countOf } from '../../../contracts/count-of'
import { formatMoney } from '../../../contracts/money'
import type { PublicPageData, PublicProduct } from '../../../contracts/storefront-page'
import type { StorefrontData, StorefrontProduct } from '../../../db/queries/storefront'
import { productSeo } from '../catalog/seo'
import { orderLinks } from './order-links'
import { readStorefrontSettings } from './schemas'

export type { PublicPageData, PublicProduct, PublicVideo } from '../../../contracts/storefront-page'

export const mediaUrl = (appUrl: string, key: string | null) => (key ? `${appUrl}/media/${key.split('/').map(encodeURIComponent).join('/')}` : null)

/** "1 product", "2 products", "0 products". */

/** Builds the page data of the link-in-bio page (`productSlug` null) or a product page. */
export function buildPageData(data: StorefrontData, opts: { appUrl: string; productSlug: string | null; source: RefSource }): PublicPageData | null {
  const { appUrl } = opts
  const settings = readStorefrontSettings(data.shop.settings, data.shop)
  const shopUrl = `${appUrl}/@${data.shop.slug}`
  const toPublic = (p: StorefrontProduct, source: RefSource): PublicProduct => ({
    ...p,
    price: formatMoney(p.priceMinor, p.currency),
    compareAt: p.compareAtMinor ? formatMoney(p.compareAtMinor, p.currency) : null,
    images: p.images.map((k) => mediaUrl(appUrl, k) as string),
    url: `${shopUrl}/p/${p.slug}`,
    order: orderLinks(p, source, settings),
  })
  const products = data.products.map((p) => toPublic(p, { kind: 'page' }))
  const raw = opts.productSlug ? data.products.find((p) => p.slug === opts.productSlug) : null
  if (opts.productSlug && !raw) return null
  const product = raw ? toPublic(raw, opts.source) : null
  const videos = data.videos.map((v) => ({ ...v, cover: mediaUrl(appUrl, v.cover) }))
  const avatar = mediaUrl(appUrl, settings.avatarKey)
  const fallbackImage = `${appUrl}/l/_og/${data.shop.slug}.png`
  let meta: PublicPageData['meta']
  if (raw && product) {
    const firstVideoCover = videos.find((v) => v.productIds.includes(raw.id))?.cover
    // The product's current fields: an SEO override only where the merchant set one.
    const seo = productSeo(raw)
    meta = {
      title: seo.titleIsDefault ? `${raw.title} – ${product.price}` : seo.title,
      description: seo.description || `${raw.title} from ${data.shop.name}. Order on WhatsApp or Telegram.`,
      image: mediaUrl(appUrl, raw.ogImage) ?? product.images[0] ?? firstVideoCover ?? fallbackImage,
      url: product.url,
    }
  } else {
    meta = {
      title: settings.preview.title || `${data.shop.name} (@${data.shop.slug})`,
      description:
        settings.preview.description || settings.bio || `Shop ${data.shop.name}: ${countOf(products.length, 'product')}. Order on WhatsApp or Telegram.`,
      image: avatar ?? products[0]?.images[0] ?? fallbackImage,
      url: shopUrl,
    }
  }
  return {
    kind: product ? 'product' : 'shop',
    shop: {
      id: data.shop.id,
      slug: data.shop.slug,
      name: data.shop.name,
      bio: settings.bio,
      avatar,
      theme: settings.theme,
      blocks: settings.blocks,
      url: shopUrl,
    },
    products,
    videos,
    product,
    source: opts.source,
    meta,
  }
}
