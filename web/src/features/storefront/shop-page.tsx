import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { countOf } from '../../../../contracts/count-of'
import { call, client } from '../../lib/api-client'
import type { PublicPageData, PublicProduct } from './page-data'

type Video = PublicPageData['videos'][number]

/** "1 product", "2 products". */

function ProductCard({ product, href }: { product: PublicProduct; href: string }) {
  return (
    <a className="sf-card" href={href} data-testid="sf-product">
      {product.images[0] ? (
        <img src={product.images[0]} alt="" loading="lazy" />
      ) : (
        <div className="sf-card-ph" aria-hidden="true">
          {product.title.slice(0, 1)}
        </div>
      )}
      <span className="sf-card-title">{product.title}</span>
      <span className="sf-card-price">
        {product.price} {product.compareAt ? <s>{product.compareAt}</s> : null}
      </span>
    </a>
  )
}

function VideoSheet({ video, products, shopUrl, onClose }: { video: Video; products: PublicProduct[]; shopUrl: string; onClose: () => void }) {
  const featured = products.filter((p) => video.productIds.includes(p.id))
  // The page behind a bottom sheet must not scroll under the shopper's thumb.
  useEffect(() => {
    const previous = document.body.style.overflow
    document.body.style.overflow = 'hidden'
    return () => {
      document.body.style.overflow = previous
    }
  }, [])
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: tapping outside the sheet closes it; the × button is the accessible way
    <div className="sf-sheet-backdrop" onClick={onClose} onKeyDown={(e) => e.key === 'Escape' && onClose()} role="presentation">
      <section className="sf-sheet" role="dialog" aria-label="Products in this video" onClick={(e) => e.stopPropagation()} onKeyDown={() => {}}>
        <header>
          <h2>In this video</h2>
          <button type="button" className="sf-close" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        {video.caption ? <p className="sf-muted">{video.caption}</p> : null}
        {featured.length === 0 ? <p className="sf-muted">No products are tagged in this video yet. Browse the shop below.</p> : null}
        <div className="sf-grid">
          {featured.map((p) => (
            <ProductCard key={p.id} product={p} href={`${shopUrl}/p/${p.slug}?src=V${video.externalId}`} />
          ))}
        </div>
      </section>
    </div>
  )
}

/** The link-in-bio page: avatar, bio, link blocks, the video grid and the product grid with search. */
export function ShopPage({ data }: { data: PublicPageData }) {
  const { shop, products, videos } = data
  const initialVideo = new URLSearchParams(location.search).get('video')
  const [openVideo, setOpenVideo] = useState<Video | null>(() => videos.find((v) => v.externalId === initialVideo) ?? null)
  const [q, setQ] = useState('')
  const term = q.trim()
  const search = useQuery({
    queryKey: ['sf-search', shop.slug, term],
    queryFn: () => call(client.api.storefront[':shop'].search.$get({ param: { shop: shop.slug }, query: { q: term } })),
    enabled: term.length > 0,
  })
  const shown = useMemo(() => {
    if (!term || !search.data) return products
    const byId = new Map(products.map((p) => [p.id, p]))
    return search.data.ids.map((id) => byId.get(id)).filter((p): p is PublicProduct => !!p)
  }, [term, search.data, products])

  return (
    <main className="sf">
      <header className="sf-head">
        {shop.avatar ? <img className="sf-avatar" src={shop.avatar} alt="" /> : <div className="sf-avatar sf-avatar-ph">{shop.name.slice(0, 1)}</div>}
        <h1>{shop.name}</h1>
        <p className="sf-handle">@{shop.slug}</p>
        {shop.bio ? <p className="sf-bio">{shop.bio}</p> : null}
      </header>

      {shop.blocks.length > 0 ? (
        <section className="sf-blocks">
          {shop.blocks.map((b, i) => {
            const key = `${b.type}-${i}`
            if (b.type === 'link')
              return (
                <a key={key} className="sf-link" href={b.url} rel="noopener">
                  {b.title}
                </a>
              )
            if (b.type === 'heading') return <h2 key={key}>{b.text}</h2>
            if (b.type === 'text')
              return (
                <p key={key} className="sf-text">
                  {b.text}
                </p>
              )
            return (
              <iframe
                key={key}
                className="sf-embed"
                title="TikTok video"
                src={`https://www.tiktok.com/player/v1/${b.externalId}`}
                allow="encrypted-media; fullscreen"
                loading="lazy"
              />
            )
          })}
        </section>
      ) : null}

      {videos.length > 0 ? (
        <section>
          <h2>Videos</h2>
          <div className="sf-videos">
            {videos.map((v) => (
              <button
                key={v.id}
                type="button"
                className="sf-video"
                onClick={() => setOpenVideo(v)}
                data-testid="sf-video"
                aria-label={`Products in video: ${v.caption ?? v.externalId}`}
              >
                {v.cover ? <img src={v.cover} alt="" loading="lazy" /> : <span className="sf-video-ph">▶</span>}
                <span className="sf-video-count">{countOf(v.productIds.length, 'product')}</span>
              </button>
            ))}
          </div>
        </section>
      ) : null}

      <section>
        <h2>Products</h2>
        <input
          className="sf-search"
          type="search"
          placeholder="Search products"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="Search products"
        />
        {search.isError ? <p className="sf-muted">Search is unavailable right now; showing every product.</p> : null}
        {term && search.isLoading ? <p className="sf-muted">Searching…</p> : null}
        {shown.length === 0 ? <p className="sf-muted">{term ? `Nothing matches “${term}”. Try another word.` : 'No products yet. Check back soon!'}</p> : null}
        <div className="sf-grid">
          {shown.map((p) => (
            <ProductCard key={p.id} product={p} href={`${shop.url}/p/${p.slug}`} />
          ))}
        </div>
      </section>
      <footer className="sf-foot">Powered by linkhub</footer>
      {openVideo ? <VideoSheet video={openVideo} products={products} shopUrl={shop.url} onClose={() => setOpenVideo(null)} /> : null}
    </main>
  )
}
