// GET|POST /l/<code> – short link redirect (302 + UTM), password form, 404/410 pages
// GET /l/_og/<shop>.png – the generated default preview image of a shop
// /api/links – the merchant's short links: list, create, product link on demand, edit, delete, QR

import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { eventRecorder, requestFacts } from '../analytics/record-events'
import type { AppEnv } from '../env'
import { clientIp } from '../lib/client-ip'
import { createRouter, documentPlainPaths, errors, json, memberRoute, publicRoute, TAGS } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { createLink } from './create-link'
import { deleteLink } from './delete-link'
import { linkForProduct } from './link-for-product'
import { linkQrPng, linkQrSvg, shopPreviewPng } from './link-qr'
import { listLinks } from './list-links'
import { type LinkEdge, openLink, unlockLink } from './open-link'
import { linkResponse } from './pages'
import {
  codeParam,
  createLinkSchema,
  followQuery,
  linkEnvelopeSchema,
  linkIdParam,
  linkListSchema,
  ogImageParam,
  passwordForm,
  productIdParam,
  qrPngQuery,
  updateLinkSchema,
} from './schemas'
import { updateLink } from './update-link'

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })
const png = (description: string) => ({ description, content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } })

const getOgImageRoute = publicRoute({
  method: 'get',
  path: '/_og/{file{[a-z0-9-]+\\.png}}',
  tags: [TAGS.edge],
  summary: "A shop's default link preview image (the QR code of its page)",
  request: { params: ogImageParam },
  responses: { 200: png('The PNG, cached for a day') },
})

const openLinkRoute = publicRoute({
  method: 'get',
  path: '/{code}',
  tags: [TAGS.edge],
  summary: 'Follow a short link',
  description:
    'Redirects to the product, video or address with UTM parameters (and records the click, or the QR scan with `qr=1`). A protected link answers its password form; unknown or disabled links 404, expired ones 410 (HTML pages).',
  request: { params: codeParam, query: followQuery },
  responses: {
    200: html('The password form of a protected link'),
    302: { description: 'Redirect to the link target' },
    404: html('No such link, turned off, or without a destination'),
    410: html('The link has expired'),
    ...errors('bad_request'),
  },
})

const unlockLinkRoute = publicRoute({
  method: 'post',
  path: '/{code}',
  tags: [TAGS.edge],
  summary: "Post a protected link's password",
  description: 'The password form posts here; the right password redirects (303). Ten wrong passwords per IP and link lock it for ten minutes.',
  request: { params: codeParam, query: followQuery, body: { content: { 'application/x-www-form-urlencoded': { schema: passwordForm } } } },
  responses: {
    303: { description: 'Redirect to the link target' },
    401: html('The password form again, saying the password is wrong'),
    404: html('No such link, turned off, or without a destination'),
    410: html('The link has expired'),
    429: html('Too many wrong passwords from this IP'),
    ...errors('bad_request'),
  },
})

const linkEdge = (c: Context<AppEnv>): LinkEdge => ({
  db: c.var.db,
  appUrl: c.var.config.APP_URL,
  cache: { origin: new URL(c.req.url).origin, waitUntil: (work) => c.executionCtx.waitUntil(work) },
  record: eventRecorder(c),
  facts: requestFacts(c.req.raw),
  ip: clientIp(c.req),
})
const viaOf = (query: { qr?: string }): 'link' | 'qr' => (query.qr === '1' ? 'qr' : 'link')

export const publicLinkRoutes = documentPlainPaths(
  createRouter()
    .openapi(getOgImageRoute, async (c) => {
      const image = await shopPreviewPng(c.var.config.APP_URL, c.req.valid('param').file)
      return c.body(image as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' })
    })
    .openapi(openLinkRoute, async (c) => {
      const outcome = await openLink(linkEdge(c), { code: c.req.valid('param').code, via: viaOf(c.req.valid('query')) })
      return linkResponse(outcome, 302, new URL(c.req.url).search)
    })
    .openapi(unlockLinkRoute, async (c) => {
      const input = { code: c.req.valid('param').code, via: viaOf(c.req.valid('query')), password: c.req.valid('form').password }
      return linkResponse(await unlockLink(linkEdge(c), input), 303, new URL(c.req.url).search)
    }),
)

const appOf = (c: Context<AppEnv>) => ({ db: c.var.db, appUrl: c.var.config.APP_URL, origin: new URL(c.req.url).origin })

const listLinksRoute = memberRoute('viewer', {
  method: 'get',
  path: '/',
  tags: ['Links'],
  summary: "The shop's short links, newest first, with clicks",
  responses: { 200: json(linkListSchema, 'Up to 500 links') },
})

const createLinkRoute = memberRoute('staff', {
  method: 'post',
  path: '/',
  tags: ['Links'],
  summary: 'Create a short link to a product, a video or any web address',
  request: { body: { content: { 'application/json': { schema: createLinkSchema } }, required: true } },
  responses: { 201: json(linkEnvelopeSchema, 'The new link'), ...errors('not_found') },
})

const linkForProductRoute = memberRoute('staff', {
  method: 'post',
  path: '/for-product/{productId}',
  tags: ['Links'],
  summary: "A product's plain short link, created on first use",
  request: { params: productIdParam },
  responses: { 200: json(linkEnvelopeSchema, 'The existing link'), 201: json(linkEnvelopeSchema, 'A new link'), ...errors('not_found') },
})

const updateLinkRoute = memberRoute('staff', {
  method: 'patch',
  path: '/{id}',
  tags: ['Links'],
  summary: 'Edit a link: name, UTM, password, expiry, on/off',
  request: { params: linkIdParam, body: { content: { 'application/json': { schema: updateLinkSchema } }, required: true } },
  responses: { 200: json(linkEnvelopeSchema, 'The link as saved'), ...errors('not_found') },
})

const deleteLinkRoute = memberRoute('staff', {
  method: 'delete',
  path: '/{id}',
  tags: ['Links'],
  summary: 'Delete a link (it stops working)',
  request: { params: linkIdParam },
  responses: { 204: { description: 'Deleted' }, ...errors('not_found') },
})

const qrSvgRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}/qr.svg',
  tags: ['Links'],
  summary: "A link's QR code as SVG, with the shop's avatar or initial",
  request: { params: linkIdParam },
  responses: { 200: { description: 'The SVG', content: { 'image/svg+xml': { schema: z.string() } } }, ...errors('not_found') },
})

const qrPngRoute = memberRoute('viewer', {
  method: 'get',
  path: '/{id}/qr.png',
  tags: ['Links'],
  summary: "A link's QR code as PNG, for print",
  request: { params: linkIdParam, query: qrPngQuery },
  responses: { 200: png('The PNG'), ...errors('not_found') },
})

export const linkApiRoutes = createRouter()
  .openapi(listLinksRoute, async (c) => c.json(await listLinks(appOf(c), merchantIdOf(c)), 200))
  .openapi(createLinkRoute, async (c) => c.json(await createLink(appOf(c), merchantIdOf(c), c.req.valid('json')), 201))
  .openapi(linkForProductRoute, async (c) => {
    const { link, created } = await linkForProduct(appOf(c), merchantIdOf(c), c.req.valid('param').productId)
    return created ? c.json({ link }, 201) : c.json({ link }, 200)
  })
  .openapi(updateLinkRoute, async (c) => c.json(await updateLink(appOf(c), merchantIdOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(deleteLinkRoute, async (c) => {
    await deleteLink(appOf(c), merchantIdOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(qrSvgRoute, async (c) => {
    const svg = await linkQrSvg(appOf(c), merchantIdOf(c), c.req.valid('param').id)
    return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=300' })
  })
  .openapi(qrPngRoute, async (c) => {
    const image = await linkQrPng(appOf(c), merchantIdOf(c), c.req.valid('param').id, c.req.valid('query').scale)
    return c.body(image as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=300' })
  })
