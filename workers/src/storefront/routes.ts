// GET /@<shop>, /@<shop>/p/<slug> – public pages with OG tags, cached by catalog version
// GET /api/storefront/<shop>/search – the public page's product search
// GET|PUT /api/storefront/settings – the merchant's storefront settings
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { eventRecorder, requestFacts } from '../analytics/record-events'
import type { AppEnv } from '../env'
import { createRouter, documentPlainPaths, errors, json, memberRoute, publicRoute, TAGS } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { getStorefrontSettings } from './get-settings'
import { updateStorefrontSettings } from './save-settings'
import {
  pageQuery,
  productPageParam,
  shopPageParam,
  shopSearchParam,
  shopSearchQuery,
  shopSearchSchema,
  storefrontSettingsInputSchema,
  storefrontSettingsViewSchema,
} from './schemas'
import { searchShop } from './search-shop'
import { type PageEdge, showPublicPage } from './show-page'

const page = (description: string) => ({
  description,
  headers: z.object({ 'x-cache': z.enum(['hit', 'miss']).openapi({ description: 'Whether the edge had this version of the page' }) }),
  content: { 'text/html': { schema: z.string() } },
})
const notFound = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })

// The paths match only a first segment starting with `@` (`/:shop{@[^/]+}`), exactly as Hono routes them.
const shopPageRoute = publicRoute({
  method: 'get',
  path: '/{shop{@[^/]+}}',
  tags: [TAGS.edge],
  summary: "A shop's link-in-bio page",
  description: 'Server-rendered HTML with Open Graph and Twitter tags and the page data for the page script; records a page view.',
  request: { params: shopPageParam, query: pageQuery },
  responses: { 200: page('The page'), 404: notFound('No such shop'), ...errors('bad_request') },
})

const productPageRoute = publicRoute({
  method: 'get',
  path: '/{shop{@[^/]+}}/p/{slug}',
  tags: [TAGS.edge],
  summary: "A product's page with its order buttons",
  description: 'Server-rendered HTML with Open Graph product tags and the WhatsApp / Telegram order links carrying the attribution ref; records a page view.',
  request: { params: productPageParam, query: pageQuery },
  responses: { 200: page('The page'), 404: notFound('No such shop, or no such published product'), ...errors('bad_request') },
})

const pageEdge = (c: Context<AppEnv>): PageEdge => ({
  db: c.var.db,
  appUrl: c.var.config.APP_URL,
  assets: c.env.ASSETS,
  origin: new URL(c.req.url).origin,
  waitUntil: (work) => c.executionCtx.waitUntil(work),
  record: eventRecorder(c),
  facts: requestFacts(c.req.raw),
})
const pathnameOf = (c: Context<AppEnv>) => new URL(c.req.url).pathname

export const storefrontPages = documentPlainPaths(
  createRouter()
    .openapi(shopPageRoute, (c) =>
      showPublicPage(pageEdge(c), { handle: c.req.valid('param').shop, productSlug: null, src: c.req.valid('query').src ?? null, pathname: pathnameOf(c) }),
    )
    .openapi(productPageRoute, (c) => {
      const { shop, slug } = c.req.valid('param')
      return showPublicPage(pageEdge(c), { handle: shop, productSlug: slug, src: c.req.valid('query').src ?? null, pathname: pathnameOf(c) })
    }),
)

const searchShopRoute = publicRoute({
  method: 'get',
  path: '/{shop}/search',
  tags: ['Storefront'],
  summary: "Search a shop's published products (for its public page)",
  description: 'Public. Full-text and typo-tolerant; answers the ids of matching products, best first (the page already has their data).',
  request: { params: shopSearchParam, query: shopSearchQuery },
  responses: { 200: json(shopSearchSchema, 'Matching product ids, at most 48'), ...errors('bad_request', 'not_found') },
})

const getSettingsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/settings',
  tags: ['Storefront'],
  summary: "The shop's storefront settings and public address",
  responses: { 200: json(storefrontSettingsViewSchema, 'The settings'), ...errors('not_found') },
})

const putSettingsRoute = memberRoute('staff', {
  method: 'put',
  path: '/settings',
  tags: ['Storefront'],
  summary: 'Replace the storefront settings: theme, bio, contacts, blocks, link preview',
  description: "Other keys of the shop's settings are kept. The public pages show the change at once.",
  request: { body: { content: { 'application/json': { schema: storefrontSettingsInputSchema } }, required: true } },
  responses: { 200: json(storefrontSettingsViewSchema, 'The settings as saved'), ...errors('not_found') },
})

const appOf = (c: Context<AppEnv>) => ({ db: c.var.db, appUrl: c.var.config.APP_URL, origin: new URL(c.req.url).origin })

export const storefrontSettingsRoutes = createRouter()
  .openapi(searchShopRoute, async (c) => {
    const edge = { db: c.var.db, origin: new URL(c.req.url).origin, waitUntil: (work: Promise<unknown>) => c.executionCtx.waitUntil(work) }
    const result = await searchShop(edge, c.req.valid('param').shop, c.req.valid('query').q)
    c.header('cache-control', 'public, max-age=30')
    return c.json(result, 200)
  })
  .openapi(getSettingsRoute, async (c) => c.json(await getStorefrontSettings(appOf(c), merchantIdOf(c)), 200))
  .openapi(putSettingsRoute, async (c) => c.json(await updateStorefrontSettings(appOf(c), merchantIdOf(c), c.req.valid('json')), 200))
