// /api/studio – the content studio: settings, videos and batches, script review, progress streams
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { getStudioBatch, listStudioVideos } from '../../../db/queries/studio'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { createStudioVideos } from './create-videos'
import { approveVideo, deleteVideo, getVideoOrThrow, rejectVideo, resubmitVideo, saveScriptEdit, sendToPublishing } from './manage-video'
import {
  approveBodySchema,
  brandVoiceBodySchema,
  type CreateVideoBody,
  createBatchBodySchema,
  createdBatchSchema,
  createdVideoSchema,
  createVideoBodySchema,
  idParam,
  openAiKeyBodySchema,
  publishingBodySchema,
  rejectBodySchema,
  scriptBodySchema,
  scriptCheckSchema,
  studioSettingsSchema,
  studioVideoSchema,
  videoListQuerySchema,
  videoListSchema,
} from './schemas'
import { saveBrandVoice, saveOpenAiKey, studioSettingsView } from './studio-settings'
import { videoSummary, videoView } from './video-view'
import { lastEventIdOf, watchStudioEvents } from './watch-events'

const tags: ['Content studio'] = ['Content studio']
const actorOf = (c: Context<AppEnv>) => c.get('principal')?.userId ?? null
const deps = (c: Context<AppEnv>) => ({ db: c.var.db, env: c.env, config: c.var.config, log: c.var.log })
const sseResponse = { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } }
const lastEventQuery = z.object({
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
})

// GET /api/studio/settings – brand voice, key presence, today's usage and this month's cost
const getSettingsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Studio settings, usage and cost',
  responses: { 200: json(studioSettingsSchema, 'Brand voice (defaults applied), whether a key is stored, usage today vs quota, cost this month') },
})

// PUT /api/studio/settings – the brand voice
const putSettingsRoute = memberRoute('owner', {
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Save the brand voice',
  request: { body: jsonBody(brandVoiceBodySchema) },
  responses: { 200: json(studioSettingsSchema, 'The settings after the change') },
})

// PUT /api/studio/openai-key – the shop's own OpenAI key (or null to remove it)
const putKeyRoute = memberRoute('owner', {
  method: 'put',
  path: '/openai-key',
  tags,
  summary: "Store or remove the shop's OpenAI key",
  description: 'Stored encrypted with the secrets keyring; never returned. Without one the hub key (if configured) or the offline path is used.',
  request: { body: jsonBody(openAiKeyBodySchema) },
  responses: { 200: json(studioSettingsSchema, 'The settings after the change') },
})

// POST /api/studio/videos – make one video
const createVideoRoute = memberRoute('staff', {
  method: 'post',
  path: '/videos',
  tags,
  summary: 'Make a video (from a product, a collection or a topic)',
  description: 'Starts its Workflow and answers at once; follow it with `GET /videos/{id}/events`. Counts against the daily quota.',
  request: { body: jsonBody(createVideoBodySchema) },
  responses: { 202: json(createdVideoSchema, 'Started'), ...errors('not_found', 'rate_limited', 'unavailable') },
})

// POST /api/studio/batches – up to 10 videos, or 2–3 variants of one source
const createBatchRoute = memberRoute('staff', {
  method: 'post',
  path: '/batches',
  tags,
  summary: 'Make a batch of videos',
  description: '`{ items: [...] }` (at most 10) or `{ source, variants: 2 | 3 }`. The whole batch counts against the daily quota.',
  request: { body: jsonBody(createBatchBodySchema) },
  responses: { 202: json(createdBatchSchema, 'Started'), ...errors('not_found', 'rate_limited', 'unavailable') },
})

// GET /api/studio/videos – newest first
const listVideosRoute = memberRoute('viewer', {
  method: 'get',
  path: '/videos',
  tags,
  summary: 'Studio videos, newest first',
  request: { query: videoListQuerySchema },
  responses: { 200: json(videoListSchema, 'Videos') },
})

// GET /api/studio/videos/{id}
const getVideoRoute = memberRoute('viewer', {
  method: 'get',
  path: '/videos/{id}',
  tags,
  summary: 'One studio video',
  request: { params: idParam },
  responses: { 200: json(studioVideoSchema, 'Status, script, issues, safety verdict, outputs, QC, costs'), ...errors('not_found') },
})

// PUT /api/studio/videos/{id}/script – save an edit (checked at once; resumes nothing)
const putScriptRoute = memberRoute('staff', {
  method: 'put',
  path: '/videos/{id}/script',
  tags,
  summary: 'Save an edited script',
  description: 'Allowed while awaiting review, blocked, parked or failed. Validated and safety-checked at once; `approve` (or `resubmit`) goes on with it.',
  request: { params: idParam, body: jsonBody(scriptBodySchema) },
  responses: { 200: json(scriptCheckSchema, 'The video, the validator issues and the safety verdict'), ...errors('not_found', 'conflict') },
})

// POST /api/studio/videos/{id}/approve
const approveRoute = memberRoute('staff', {
  method: 'post',
  path: '/videos/{id}/approve',
  tags,
  summary: 'Approve the script (optionally edited) and go on',
  description: 'An edited script is validated and safety-checked again by the Workflow before the voice is made.',
  request: { params: idParam, body: jsonBody(approveBodySchema) },
  responses: { 202: json(createdVideoSchema, 'Sent to the waiting Workflow'), ...errors('not_found', 'conflict') },
})

// POST /api/studio/videos/{id}/reject
const rejectRoute = memberRoute('staff', {
  method: 'post',
  path: '/videos/{id}/reject',
  tags,
  summary: 'Reject the script (the video ends)',
  request: { params: idParam, body: jsonBody(rejectBodySchema) },
  responses: { 202: json(createdVideoSchema, 'Sent to the waiting Workflow'), ...errors('not_found', 'conflict') },
})

// POST /api/studio/videos/{id}/resubmit – parked, blocked or failed → a fresh instance
const resubmitRoute = memberRoute('staff', {
  method: 'post',
  path: '/videos/{id}/resubmit',
  tags,
  summary: 'Start a parked, blocked or failed video again',
  request: { params: idParam },
  responses: { 202: json(createdVideoSchema, 'Started again'), ...errors('not_found', 'conflict', 'unavailable') },
})

// POST /api/studio/videos/{id}/publishing – into the publishing queue (and the storefront)
const publishingRoute = memberRoute('staff', {
  method: 'post',
  path: '/videos/{id}/publishing',
  tags,
  summary: 'Send a ready video to publishing',
  description: 'Safety-checked again first (stage `publish`). `onStorefront` also shows it on the storefront.',
  request: { params: idParam, body: jsonBody(publishingBodySchema) },
  responses: { 200: json(studioVideoSchema, 'The video'), ...errors('not_found', 'conflict', 'unprocessable') },
})

// DELETE /api/studio/videos/{id}
const deleteRoute = memberRoute('staff', {
  method: 'delete',
  path: '/videos/{id}',
  tags,
  summary: 'Delete a video and its media',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors('not_found') },
})

// GET /api/studio/videos/{id}/events – progress (Server-Sent Events)
const videoEventsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/videos/{id}/events',
  tags,
  summary: "A video's progress, live (Server-Sent Events)",
  description:
    'Events `progress` (`{ videoId, seq, phase, status, percent, data, at }`, `id:` = seq) from after `Last-Event-ID` (or `?lastEventId=`), then `end` after a final status (ready, failed, rejected, parked). Heartbeat comments every 15 s; a stream lasts at most 10 minutes.',
  request: { params: idParam, query: lastEventQuery },
  responses: { 200: sseResponse, ...errors('not_found') },
})

// GET /api/studio/batches/{id}/events – progress of every video of a batch
const batchEventsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/batches/{id}/events',
  tags,
  summary: "A batch's progress, live (Server-Sent Events)",
  description:
    'Like the video stream for all videos of the batch; `id:` is the event row id (increasing across the batch). `end` once every video has a final status.',
  request: { params: idParam, query: lastEventQuery },
  responses: { 200: sseResponse, ...errors('not_found') },
})

export const studioRoutes = createRouter()
  .openapi(getSettingsRoute, async (c) => c.json(await studioSettingsView(c.var, merchantIdOf(c)), 200))
  .openapi(putSettingsRoute, async (c) => {
    await saveBrandVoice(c.var.db, merchantIdOf(c), c.req.valid('json'))
    return c.json(await studioSettingsView(c.var, merchantIdOf(c)), 200)
  })
  .openapi(putKeyRoute, async (c) => {
    await saveOpenAiKey(c.var, merchantIdOf(c), c.req.valid('json').apiKey)
    return c.json(await studioSettingsView(c.var, merchantIdOf(c)), 200)
  })
  .openapi(createVideoRoute, async (c) => {
    const { rows } = await createStudioVideos(deps(c), { merchantId: merchantIdOf(c), actorId: actorOf(c), items: [c.req.valid('json')], batch: false })
    return c.json({ video: videoSummary(rows[0]) }, 202)
  })
  .openapi(createBatchRoute, async (c) => {
    const body = c.req.valid('json')
    const { items: given, variants, source, ...options } = body
    const items = given ?? Array.from({ length: variants ?? 0 }, (_, variant) => ({ ...options, source: source as CreateVideoBody['source'], variant }))
    const { batchId, rows } = await createStudioVideos(deps(c), { merchantId: merchantIdOf(c), actorId: actorOf(c), items, batch: true })
    return c.json({ batchId: batchId as string, videos: rows.map(videoSummary) }, 202)
  })
  .openapi(listVideosRoute, async (c) => {
    const q = c.req.valid('query')
    const rows = await listStudioVideos(c.var.db, merchantIdOf(c), { ...q, before: q.before ? new Date(q.before) : undefined })
    return c.json({ items: rows.map(videoSummary) }, 200)
  })
  .openapi(getVideoRoute, async (c) => c.json(await videoView(c.var.db, await getVideoOrThrow(c.var.db, merchantIdOf(c), c.req.valid('param').id)), 200))
  .openapi(putScriptRoute, async (c) => {
    const { row, issues, verdict } = await saveScriptEdit(deps(c), {
      merchantId: merchantIdOf(c),
      id: c.req.valid('param').id,
      script: c.req.valid('json').script,
    })
    return c.json({ video: await videoView(c.var.db, row), issues, safety: verdict }, 200)
  })
  .openapi(approveRoute, async (c) => {
    const row = await approveVideo(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id, script: c.req.valid('json').script })
    return c.json({ video: videoSummary(row) }, 202)
  })
  .openapi(rejectRoute, async (c) => {
    const row = await rejectVideo(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id, reason: c.req.valid('json').reason })
    return c.json({ video: videoSummary(row) }, 202)
  })
  .openapi(resubmitRoute, async (c) =>
    c.json({ video: videoSummary(await resubmitVideo(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id })) }, 202),
  )
  .openapi(publishingRoute, async (c) => {
    const row = await sendToPublishing(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id, onStorefront: c.req.valid('json').onStorefront })
    return c.json(await videoView(c.var.db, row), 200)
  })
  .openapi(deleteRoute, async (c) => {
    await deleteVideo(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id })
    return c.body(null, 204)
  })
  .openapi(videoEventsRoute, async (c) => {
    const merchantId = merchantIdOf(c)
    const row = await getVideoOrThrow(c.var.db, merchantId, c.req.valid('param').id)
    const lastId = lastEventIdOf(c.req.header('last-event-id'), c.req.valid('query').lastEventId)
    c.header('cache-control', 'no-cache, no-transform')
    return streamSSE(c, (stream) => watchStudioEvents(c.var.config, { merchantId, videoId: row.id, lastId }, stream))
  })
  .openapi(batchEventsRoute, async (c) => {
    const merchantId = merchantIdOf(c)
    const batch = await getStudioBatch(c.var.db, merchantId, c.req.valid('param').id)
    if (!batch) throw new AppError('not_found', 'no such studio batch')
    const lastId = lastEventIdOf(c.req.header('last-event-id'), c.req.valid('query').lastEventId)
    c.header('cache-control', 'no-cache, no-transform')
    return streamSSE(c, (stream) => watchStudioEvents(c.var.config, { merchantId, batchId: batch.id, lastId }, stream))
  })
