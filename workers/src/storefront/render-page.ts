import type { PublicPageData } from './page-data'

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** A shell used when the SPA build is missing (tests without `npm run build`). */
const FALLBACK_SHELL =
  '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>linkhub</title></head><body><div id="root"></div></body></html>'

let shellCache: { html: string; at: number } | null = null

/** The SPA's index.html from the static assets, kept in memory briefly (it changes only on deploy). */
async function spaShell(assets: Fetcher | undefined, origin: string): Promise<string> {
  if (shellCache && Date.now() - shellCache.at < 60_000) return shellCache.html
  let html = FALLBACK_SHELL
  try {
    const res = assets ? await assets.fetch(new Request(`${origin}/index.html`)) : null
    if (res?.ok) html = await res.text()
  } catch {
    // keep the fallback: a page without the SPA still shows the server-rendered summary
  }
  shellCache = { html, at: Date.now() }
  return html
}

/** Server-rendered content inside #root: what a no-JS fetch sees; React replaces it on render. */
function summaryHtml(data: PublicPageData): string {
  const p = data.product
  if (p) {
    const buttons = [
      p.order.whatsapp ? `<a class="sf-order sf-order-wa" href="${esc(p.order.whatsapp)}">Order on WhatsApp</a>` : '',
      p.order.telegram ? `<a class="sf-order sf-order-tg" href="${esc(p.order.telegram)}">Order on Telegram</a>` : '',
    ].join('')
    return `<article class="sf-ssr"><a href="${esc(data.shop.url)}">${esc(data.shop.name)}</a>${p.images[0] ? `<img src="${esc(p.images[0])}" alt="${esc(p.title)}" width="320" />` : ''}<h1>${esc(p.title)}</h1><p class="sf-price">${esc(p.price)}${p.compareAt ? ` <s>${esc(p.compareAt)}</s>` : ''}</p><p>${esc(p.description)}</p>${buttons}<p>Reference: ${esc(p.order.ref)}</p></article>`
  }
  const blocks = data.shop.blocks
    .map((b) =>
      b.type === 'link'
        ? `<li><a href="${esc(b.url)}">${esc(b.title)}</a></li>`
        : b.type === 'heading'
          ? `<li><h2>${esc(b.text)}</h2></li>`
          : b.type === 'text'
            ? `<li>${esc(b.text)}</li>`
            : '',
    )
    .join('')
  const items = data.products.map((x) => `<li><a href="${esc(x.url)}">${esc(x.title)}</a> – ${esc(x.price)}</li>`).join('')
  return `<article class="sf-ssr"><h1>${esc(data.shop.name)}</h1><p>${esc(data.shop.bio)}</p><ul>${blocks}</ul><h2>Products</h2><ul>${items}</ul></article>`
}

/**
 * The SPA's index.html with the page's title, description, canonical, Open Graph and Twitter
 * tags written in (so a link pasted into WhatsApp or X unfurls without JavaScript), the page
 * data as JSON for the SPA, and a server-rendered summary.
 */
export async function renderPublicPage(assets: Fetcher | undefined, origin: string, data: PublicPageData): Promise<Response> {
  const shell = await spaShell(assets, origin)
  const { meta } = data
  const tags = [
    `<meta name="description" content="${esc(meta.description)}" />`,
    `<link rel="canonical" href="${esc(meta.url)}" />`,
    `<meta property="og:type" content="${data.product ? 'product' : 'website'}" />`,
    `<meta property="og:site_name" content="${esc(data.shop.name)}" />`,
    `<meta property="og:title" content="${esc(meta.title)}" />`,
    `<meta property="og:description" content="${esc(meta.description)}" />`,
    `<meta property="og:url" content="${esc(meta.url)}" />`,
    `<meta property="og:image" content="${esc(meta.image)}" />`,
    data.product ? `<meta property="product:price:amount" content="${data.product.priceMinor}" />` : '',
    data.product ? `<meta property="product:price:currency" content="${esc(data.product.currency)}" />` : '',
    `<meta name="twitter:card" content="summary_large_image" />`,
    `<meta name="twitter:title" content="${esc(meta.title)}" />`,
    `<meta name="twitter:description" content="${esc(meta.description)}" />`,
    `<meta name="twitter:image" content="${esc(meta.image)}" />`,
  ].join('')
  // `<` escaped so the JSON can never close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  const rewritten = new HTMLRewriter()
    .on('title', {
      element(el) {
        el.setInnerContent(meta.title)
      },
    })
    .on('meta[property^="og:"], meta[name^="twitter:"], meta[name="description"], link[rel="canonical"]', {
      element(el) {
        el.remove()
      },
    })
    .on('head', {
      element(el) {
        el.append(tags, { html: true })
      },
    })
    .on('div#root', {
      element(el) {
        el.setInnerContent(summaryHtml(data), { html: true })
      },
    })
    .on('body', {
      element(el) {
        el.append(`<script id="__DATA__" type="application/json">${json}</script>`, { html: true })
      },
    })
    .transform(new Response(shell, { headers: { 'content-type': 'text/html; charset=utf-8' } }))
  // Buffer it so the cached copy and the response are the same bytes.
  const html = await rewritten.text()
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
}
