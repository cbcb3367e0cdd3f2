// GET /@<shop>, /@<shop>/p/<slug> – public pages with OG tags, cached by catalog version
// GET|PUT /api/storefront/settings – the merchant's storefront settings

import { eq, sql } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { searchProducts } from '../../../db/queries/search-products'
import { getCatalogVersion, loadStorefront } from '../../../db/queries/storefront'
import { merchants } from '../../../db/schema'
import { recordEvents, requestFacts } from '../analytics/record-events'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { validate } from '../lib/validate'
import { merchantIdOf, requireMember } from '../middleware/auth'
import { sourceFromQuery } from './order-links'
import { buildPageData } from './page-data'
import { renderPublicPage } from './render-page'
import { readStorefrontSettings, storefrontSettingsInputSchema } from './schemas'

const SHOP = /^[a-z0-9][a-z0-9-]{0,62}$/i
// How long an edge may serve a shop's version without asking Postgres again: the bound on how
// stale a public page can be in other data centres after a product change.
const VERSION_TTL_S = 30

const versionKey = (origin: string, shop: string) => new Request(`${origin}/__cache/storefront-version/${shop.toLowerCase()}`)

/** Catalog version of a shop: from the edge cache, else one small query (then cached briefly). */
async function catalogVersion(c: Context<AppEnv>, shop: string) {
  const cache = caches.default
  const key = versionKey(new URL(c.req.url).origin, shop)
  const hit = await cache.match(key)
  if (hit) return (await hit.json()) as { merchantId: string; version: string } | null
  const found = await getCatalogVersion(c.var.db, shop)
  c.executionCtx.waitUntil(cache.put(key, Response.json(found, { headers: { 'cache-control': `public, max-age=${VERSION_TTL_S}` } })))
  return found
}

/** Drops this data centre's cached version of a shop, so its next page view sees a change at once. */
export async function forgetCatalogVersion(origin: string, shop: string) {
  await caches.default.delete(versionKey(origin, shop))
}

function notFoundPage(what: string) {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title></head><body style="font-family:system-ui;padding:2rem"><h1>${what} not found</h1><p>Check the link, or ask the shop for a new one.</p></body></html>`,
    { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
}

async function publicPage(c: Context<AppEnv>, shopHandle: string, productSlug: string | null) {
  const shop = shopHandle.replace(/^@/, '')
  if (!SHOP.test(shop)) return notFoundPage('Shop')
  const url = new URL(c.req.url)
  const src = url.searchParams.get('src')
  const source = sourceFromQuery(src)
  const found = await catalogVersion(c, shop)
  if (!found) return notFoundPage('Shop')
  // The cache key carries only what changes the HTML: path, attribution source, catalog version.
  const cacheKey = new Request(`${url.origin}${url.pathname}?src=${encodeURIComponent(src ?? '')}&v=${encodeURIComponent(found.version)}`)
  let res = await caches.default.match(cacheKey)
  let productId = res?.headers.get('x-product-id') ?? null
  if (!res) {
    const data = await loadStorefront(c.var.db, shop)
    const page = data && buildPageData(data, { appUrl: c.env.APP_URL, productSlug, source })
    if (!page) return notFoundPage(productSlug ? 'Product' : 'Shop')
    productId = page.product?.id ?? null
    res = await renderPublicPage(c.env.ASSETS, url.origin, page)
    res.headers.set('cache-control', 'public, max-age=86400')
    if (productId) res.headers.set('x-product-id', productId)
    c.executionCtx.waitUntil(caches.default.put(cacheKey, res.clone()))
    res.headers.set('x-cache', 'miss')
  } else {
    res = new Response(res.body, res)
    res.headers.set('x-cache', 'hit')
  }
  res.headers.delete('x-product-id')
  // Browsers and shared caches revalidate quickly; the edge copy is keyed by version instead.
  res.headers.set('cache-control', 'public, max-age=60')
  recordEvents(c, [
    {
      merchantId: found.merchantId,
      type: 'page_view',
      productId,
      ref: src,
      linkId: null,
      ...requestFacts(c),
      meta: source.kind === 'video' ? { videoExternalId: source.videoExternalId } : source.kind === 'link' ? { linkCode: source.linkCode } : {},
    },
  ])
  return res
}

export const storefrontPages = new Hono<AppEnv>()
  .get('/:shop{@[^/]+}', (c) => publicPage(c, c.req.param('shop'), null))
  .get('/:shop{@[^/]+}/p/:slug', (c) => publicPage(c, c.req.param('shop'), c.req.param('slug')))

const searchQuery = z.object({ q: z.string().trim().max(100).default('') })

export const storefrontSettingsRoutes = new Hono<AppEnv>()
  // Public: the link-in-bio page's product search (FTS + typo-tolerant), published products only.
  .get('/:shop/search', validate('query', searchQuery), async (c) => {
    const found = await catalogVersion(c, c.req.param('shop'))
    if (!found) throw new AppError('not_found', 'shop not found')
    const { q } = c.req.valid('query')
    const result = await searchProducts(c.var.db, { merchantId: found.merchantId, q, status: 'published', limit: 48 })
    c.header('cache-control', 'public, max-age=30')
    return c.json({ ids: result.items.map((p) => p.id) })
  })
  .get('/settings', requireMember('viewer'), async (c) => {
    const [m] = await c.var.db
      .select()
      .from(merchants)
      .where(eq(merchants.id, merchantIdOf(c)))
    if (!m) throw new AppError('not_found', 'shop not found')
    return c.json({ shop: { slug: m.slug, name: m.name, url: `${c.env.APP_URL}/@${m.slug}` }, settings: readStorefrontSettings(m.settings, m) })
  })
  .put('/settings', requireMember('staff'), validate('json', storefrontSettingsInputSchema), async (c) => {
    const settings = c.req.valid('json')
    // jsonb_set on our key only, so other features' settings are never overwritten by a stale copy.
    const [m] = await c.var.db
      .update(merchants)
      .set({ settings: sql`jsonb_set(${merchants.settings}, '{storefront}', ${JSON.stringify(settings)}::jsonb, true)`, updatedAt: new Date() })
      .where(eq(merchants.id, merchantIdOf(c)))
      .returning()
    if (!m) throw new AppError('not_found', 'shop not found')
    await forgetCatalogVersion(new URL(c.req.url).origin, m.slug)
    return c.json({ shop: { slug: m.slug, name: m.name, url: `${c.env.APP_URL}/@${m.slug}` }, settings: readStorefrontSettings(m.settings, m) })
  })
