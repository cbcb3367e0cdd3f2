import { useState } from 'react'
import { formatMoney } from '../../../../contracts/money'
import { escapeInAppUrl, type PublicPageData, type PublicProduct, reportEvent } from './page-data'

/** The product page: photos, the TikTok player, variants, price, stock and the order buttons. */
export function ProductPage({ data, product }: { data: PublicPageData; product: PublicProduct }) {
  const [variantId, setVariantId] = useState(product.variants[0]?.id ?? null)
  const variant = product.variants.find((v) => v.id === variantId) ?? null
  const stock = variant ? variant.stock : product.stock
  const soldOut = stock !== null && stock <= 0
  const videos = data.videos.filter((v) => v.productIds.includes(product.id))
  // Discount codes kept on the product (the Worker's page data carries products.promo_codes).
  const promoCodes = product.promoCodes
  const price = variant && variant.priceMinor !== product.priceMinor ? formatMoney(variant.priceMinor, product.currency) : product.price

  // The prefilled message names the chosen variant; the ref stays the same (product + source).
  const whatsapp = product.order.whatsapp ? withVariant(product.order.whatsapp, product, variant?.title) : null
  const onOrder = (channel: 'whatsapp' | 'telegram') => (e: React.MouseEvent<HTMLAnchorElement>) => {
    reportEvent(data.shop.id, { type: 'order_tap', productId: product.id, ref: product.order.ref, channel })
    const escaped = channel === 'whatsapp' && whatsapp ? escapeInAppUrl(whatsapp) : null
    if (escaped) {
      e.preventDefault()
      location.href = escaped
    }
  }

  return (
    <main className="sf sf-product">
      <a className="sf-back" href={data.shop.url}>
        ← {data.shop.name}
      </a>
      <div className="sf-product-layout">
        {product.images.length > 0 ? (
          <div className="sf-gallery">
            {product.images.map((src, i) => (
              <img key={src} src={src} alt={i === 0 ? product.title : ''} width={560} height={560} />
            ))}
          </div>
        ) : null}
        <div className="sf-product-info">
          <h1>{product.title}</h1>
          <p className="sf-price" data-testid="sf-price">
            {price} {product.compareAt ? <s>{product.compareAt}</s> : null}
          </p>
          {promoCodes.length > 0 ? (
            <p className="sf-promo" data-testid="sf-promo">
              Use code{' '}
              {promoCodes.map((c, i) => (
                <span key={c}>
                  {i > 0 ? ' or ' : null}
                  <code>{c}</code>
                </span>
              ))}{' '}
              when you order
            </p>
          ) : null}
          {product.variants.length > 0 ? (
            <fieldset className="sf-variants">
              <legend>Choose an option</legend>
              {product.variants.map((v) => (
                <label key={v.id} className={v.id === variantId ? 'on' : ''}>
                  <input
                    type="radio"
                    name="variant"
                    value={v.id}
                    checked={v.id === variantId}
                    onChange={() => setVariantId(v.id)}
                    disabled={v.stock !== null && v.stock <= 0}
                  />
                  {v.title}
                </label>
              ))}
            </fieldset>
          ) : null}
          <p className={soldOut ? 'sf-stock out' : 'sf-stock'}>{soldOut ? 'Sold out' : stock === null ? 'In stock' : `${stock} left`}</p>
          <div className="sf-order-buttons">
            {whatsapp ? (
              <a
                className="sf-order sf-order-wa"
                href={whatsapp}
                onClick={onOrder('whatsapp')}
                data-testid="order-whatsapp"
                aria-disabled={soldOut || undefined}
              >
                Order on WhatsApp
              </a>
            ) : null}
            {product.order.telegram ? (
              <a className="sf-order sf-order-tg" href={product.order.telegram} onClick={onOrder('telegram')} data-testid="order-telegram">
                Order on Telegram
              </a>
            ) : null}
            {!whatsapp && !product.order.telegram ? <p className="sf-muted">This shop has not set up ordering yet. Contact them from their profile.</p> : null}
          </div>
          <p className="sf-ref">
            Reference <code>{product.order.ref}</code>
          </p>
          {product.description ? <p className="sf-desc">{product.description}</p> : null}
        </div>
      </div>
      {videos.map((v) => (
        <iframe
          key={v.id}
          className="sf-embed"
          title={`TikTok video ${v.externalId}`}
          src={`https://www.tiktok.com/player/v1/${v.externalId}`}
          allow="encrypted-media; fullscreen"
          loading="lazy"
        />
      ))}
    </main>
  )
}

function withVariant(waUrl: string, product: PublicProduct, variantTitle: string | undefined) {
  if (!variantTitle) return waUrl
  const u = new URL(waUrl)
  u.searchParams.set('text', `Hi! I'd like to order ${product.title} – ${variantTitle} (ref ${product.order.ref})`)
  return u.toString()
}
