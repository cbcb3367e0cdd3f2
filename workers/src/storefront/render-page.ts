import type { PublicPageData } from '../../../contracts/storefront-page'
import { escapeHtml } from '../lib/html'

/** The 404 page of a public page: an unknown shop or product. */
export function notFoundPage(what: 'Shop' | 'Product') {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title></head><body style="font-family:system-ui;padding:2rem"><h1>${what} not found</h1><p>Check the link, or ask the shop for a new one.</p></body></html>`,
    { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
}

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
      p.order.whatsapp ? `<a class="sf-order sf-order-wa" href="${escapeHtml(p.order.whatsapp)}">Order on WhatsApp</a>` : '',
      p.order.telegram ? `<a class="sf-order sf-order-tg" href="${escapeHtml(p.order.telegram)}">Order on Telegram</a>` : '',
    ].join('')
    return `<article class="sf-ssr"><a href="${escapeHtml(data.shop.url)}">${escapeHtml(data.shop.name)}</a>${p.images[0] ? `<img src="${escapeHtml(p.images[0])}" alt="${escapeHtml(p.title)}" width="320" />` : ''}<h1>${escapeHtml(p.title)}</h1><p class="sf-price">${escapeHtml(p.price)}${p.compareAt ? ` <s>${escapeHtml(p.compareAt)}</s>` : ''}</p><p>${escapeHtml(p.description)}</p>${buttons}<p>Reference: ${escapeHtml(p.order.ref)}</p></article>`
  }
  const blocks = data.shop.blocks
    .map((b) =>
      b.type === 'link'
        ? `<li><a href="${escapeHtml(b.url)}">${escapeHtml(b.title)}</a></li>`
        : b.type === 'heading'
          ? `<li><h2>${escapeHtml(b.text)}</h2></li>`
          : b.type === 'text'
            ? `<li>${escapeHtml(b.text)}</li>`
            : '',
    )
    .join('')
  const items = data.products.map((x) => `<li><a href="${escapeHtml(x.url)}">${escapeHtml(x.title)}</a> – ${escapeHtml(x.price)}</li>`).join('')
  return `<article class="sf-ssr"><h1>${escapeHtml(data.shop.name)}</h1><p>${escapeHtml(data.shop.bio)}</p><ul>${blocks}</ul><h2>Products</h2><ul>${items}</ul></article>`
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
    `<meta name="description" content="${escapeHtml(meta.description)}" />`,
    `<link rel="canonical" href="${escapeHtml(meta.url)}" />`,
    `<meta property="og:type" content="${data.product ? 'product' : 'website'}" />`,
    `<meta property="og:site_name" content="${escapeHtml(data.shop.name)}" />`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}" />`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}" />`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}" />`,
    `<meta property="og:image" content="${escapeHtml(meta.image)}" />`,
    data.product ? `<meta property="product:price:amount" content="${data.product.priceMinor}" />` : '',
    data.product ? `<meta property="product:price:currency" content="${escapeHtml(data.product.currency)}" />` : '',
    `<meta name="twitter:card" content="summary_large_image" />`,
    `<meta name="twitter:title" content="${escapeHtml(meta.title)}" />`,
    `<meta name="twitter:description" content="${escapeHtml(meta.description)}" />`,
    `<meta name="twitter:image" content="${escapeHtml(meta.image)}" />`,
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
