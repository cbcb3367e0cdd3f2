// /api/privacy – shop export, shop deletion, retention, and one shopper's data (owners only)
import { z } from '@hono/zod-openapi'
import { saveRetention } from '../../../db/queries/privacy'
import { AppError } from '../errors'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf, userIdOf } from '../middleware/auth'
import { getRetention } from './retention'
import {
  conversationIdParam,
  deletionSchema,
  erasureResultSchema,
  exportIdParam,
  requestDeletionBody,
  retentionBody,
  retentionResponseSchema,
  shopExportListSchema,
  shopExportSchema,
  shopperExportSchema,
} from './schemas'
import { cancelDeletion, getDeletion, refreshPublicCaches, requestShopDeletion } from './shop-deletion'
import { exportView, getExport, listExports, openExportDownload, requestShopExport } from './shop-export'
import { eraseShopper, exportShopper } from './shopper-data'

const tags: ['Privacy'] = ['Privacy']
const attachment = (fileName: string) => `attachment; filename="${fileName}"`

// GET /api/privacy/exports – recent exports with their progress
const listExportsRoute = memberRoute('owner', {
  method: 'get',
  path: '/exports',
  tags,
  summary: 'Recent shop exports, newest first, with progress',
  responses: { 200: json(shopExportListSchema, 'The last five exports') },
})

// POST /api/privacy/exports – start an export of the whole shop (one at a time)
const requestExportRoute = memberRoute('owner', {
  method: 'post',
  path: '/exports',
  tags,
  summary: 'Export the whole shop (zip of JSON and CSV per table), built in the background',
  description: 'Poll the export for progress (`rowsDone` of `rowsTotal`); when `ready` it can be downloaded for 7 days.',
  responses: { 202: json(shopExportSchema, 'The export, queued'), ...errors('conflict') },
})

// GET /api/privacy/exports/{id} – one export's progress
const getExportRoute = memberRoute('owner', {
  method: 'get',
  path: '/exports/{id}',
  tags,
  summary: "One export's progress",
  request: { params: exportIdParam },
  responses: { 200: json(shopExportSchema, 'The export'), ...errors('not_found') },
})

// GET /api/privacy/exports/{id}/download – the zip
const downloadExportRoute = memberRoute('owner', {
  method: 'get',
  path: '/exports/{id}/download',
  tags,
  summary: 'Download a ready export (zip)',
  request: { params: exportIdParam },
  responses: {
    200: { description: 'The zip, as an attachment', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errors('not_found', 'conflict', 'gone'),
  },
})

// GET /api/privacy/deletion – whether the shop is scheduled for deletion
const getDeletionRoute = memberRoute('owner', {
  method: 'get',
  path: '/deletion',
  tags,
  summary: 'Whether the shop is scheduled for deletion, and when it will be purged',
  responses: { 200: json(deletionSchema, 'The deletion state'), ...errors('not_found') },
})

// POST /api/privacy/deletion – schedule the shop's deletion (name + password)
const requestDeletionRoute = memberRoute('owner', {
  method: 'post',
  path: '/deletion',
  tags,
  summary: 'Delete the shop (after a 7-day grace period)',
  description:
    'Type the shop name and your password. The storefront, short links and chat bots stop at once; after 7 days every row and stored file of the shop is removed. Cancel any time before.',
  request: { body: jsonBody(requestDeletionBody) },
  responses: { 200: json(deletionSchema, 'Scheduled'), ...errors('not_found', 'rate_limited') },
})

// DELETE /api/privacy/deletion – cancel a scheduled deletion
const cancelDeletionRoute = memberRoute('owner', {
  method: 'delete',
  path: '/deletion',
  tags,
  summary: 'Cancel the scheduled deletion',
  responses: { 200: json(deletionSchema, 'Cancelled: the shop is back'), ...errors('conflict') },
})

// GET /api/privacy/retention – how long the shop keeps each kind of data
const getRetentionRoute = memberRoute('owner', {
  method: 'get',
  path: '/retention',
  tags,
  summary: 'Retention settings (days; 0 keeps forever), with the defaults',
  responses: { 200: json(retentionResponseSchema, 'The retention settings') },
})

// PUT /api/privacy/retention – change them
const putRetentionRoute = memberRoute('owner', {
  method: 'put',
  path: '/retention',
  tags,
  summary: 'Change the retention settings',
  description: 'Applied by the hourly sweep.',
  request: { body: jsonBody(retentionBody) },
  responses: { 200: json(retentionResponseSchema, 'The saved settings') },
})

// GET /api/privacy/conversations/{id}/export – one shopper's data as JSON
const exportShopperRoute = memberRoute('owner', {
  method: 'get',
  path: '/conversations/{id}/export',
  tags,
  summary: "One shopper's data: profile, messages, orders (JSON download)",
  request: { params: conversationIdParam },
  responses: { 200: json(shopperExportSchema, 'The shopper’s data, as an attachment'), ...errors('not_found') },
})

// POST /api/privacy/conversations/{id}/erase – erase one shopper's data
const eraseShopperRoute = memberRoute('owner', {
  method: 'post',
  path: '/conversations/{id}/erase',
  tags,
  summary: "Erase one shopper's data",
  description: 'Messages, name and chat state are deleted; their orders stay, with name, contact and address removed.',
  request: { params: conversationIdParam },
  responses: { 200: json(erasureResultSchema, 'Erased'), ...errors('not_found') },
})

const actorOf = (c: { get: (k: 'principal') => { userId: string | null } | undefined }) => c.get('principal')?.userId ?? null

export const privacyRoutes = createRouter()
  .openapi(listExportsRoute, async (c) => c.json({ items: await listExports(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(requestExportRoute, async (c) =>
    c.json(await requestShopExport({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), userId: actorOf(c) }), 202),
  )
  .openapi(getExportRoute, async (c) => c.json(exportView(await getExport(c.var.db, merchantIdOf(c), c.req.valid('param').id)), 200))
  .openapi(downloadExportRoute, async (c) => {
    const file = await openExportDownload({ db: c.var.db, env: c.env }, { merchantId: merchantIdOf(c), id: c.req.valid('param').id })
    return c.body(file.body, 200, {
      'content-type': 'application/zip',
      'content-length': String(file.size),
      'content-disposition': attachment(file.fileName),
      'cache-control': 'private, no-store',
    })
  })
  .openapi(getDeletionRoute, async (c) => c.json(await getDeletion(c.var.db, merchantIdOf(c)), 200))
  .openapi(requestDeletionRoute, async (c) => {
    const body = c.req.valid('json')
    // The password check is a person's: an API token cannot delete the shop.
    if (c.get('principal')?.kind !== 'session') throw new AppError('forbidden', 'sign in with your password to delete the shop')
    const deletion = await requestShopDeletion(c.var.db, { merchantId: merchantIdOf(c), userId: userIdOf(c), ...body })
    await refreshPublicCaches(c.var.db, merchantIdOf(c), [new URL(c.req.url).origin, c.var.config.APP_URL])
    return c.json(deletion, 200)
  })
  .openapi(cancelDeletionRoute, async (c) => {
    const deletion = await cancelDeletion(c.var.db, { merchantId: merchantIdOf(c), userId: actorOf(c) })
    await refreshPublicCaches(c.var.db, merchantIdOf(c), [new URL(c.req.url).origin, c.var.config.APP_URL])
    return c.json(deletion, 200)
  })
  .openapi(getRetentionRoute, async (c) => c.json(await getRetention(c.var.db, merchantIdOf(c)), 200))
  .openapi(putRetentionRoute, async (c) => {
    await saveRetention(c.var.db, merchantIdOf(c), c.req.valid('json'))
    return c.json(await getRetention(c.var.db, merchantIdOf(c)), 200)
  })
  .openapi(exportShopperRoute, async (c) => {
    const data = await exportShopper(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    c.header('content-disposition', attachment(`shopper-${c.req.valid('param').id.slice(0, 8)}.json`))
    c.header('cache-control', 'private, no-store')
    return c.json(data, 200)
  })
  .openapi(eraseShopperRoute, async (c) => {
    const r = await eraseShopper(c.var.db, { merchantId: merchantIdOf(c), conversationId: c.req.valid('param').id, by: 'merchant', userId: actorOf(c) })
    return c.json({ erasedAt: r.erasedAt, messages: r.messages, orders: r.orders }, 200)
  })
