// /api/publishing – connected accounts (TikTok, YouTube, Instagram), scheduled posts, the TikTok export form's options
import type { Context } from 'hono'
import { PUBLISH_PLATFORMS } from '../../../contracts/publishing'
import { getChannel, getPublishingTimeZone, listChannels, savePublishingTimeZone } from '../../../db/queries/publishing'
import { listPosts, publishedTargetsOf } from '../../../db/queries/publishing-posts'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { createRouter, errors, json, jsonBody, memberRoute } from '../lib/openapi'
import { merchantIdOf } from '../middleware/auth'
import { channelView, disconnectChannel, finishConnect, startConnect } from './connect-channel'
import { importChannelVideos } from './import-videos'
import { cancelPost, createPost, creatorInfoOf, duplicatePost, editPost, getPostOrThrow, postView, publishNow } from './manage-posts'
import { PLATFORM_AUTH } from './platforms/adapters'
import { refreshMetrics } from './refresh-metrics'
import {
  authorizeSchema,
  callbackQuery,
  channelListSchema,
  connectBody,
  createPostBody,
  creatorInfoSchema,
  duplicatePostBody,
  idParam,
  importResultSchema,
  metricsRefreshSchema,
  platformParam,
  postListQuery,
  postListSchema,
  postSchema,
  settingsBody,
  settingsSchema,
  suggestionsSchema,
  updatePostBody,
  videoUploadListSchema,
  videoUploadSchema,
} from './schemas'
import { suggestNextPosts } from './suggest-next'
import { listVideoUploads, MAX_VIDEO_UPLOAD_BYTES, readVideoBody, uploadVideo } from './uploads'

const tags: ['Publishing'] = ['Publishing']
const deps = (c: Context<AppEnv>) => ({ db: c.var.db, env: c.env, config: c.var.config, log: c.var.log })
const actorOf = (c: Context<AppEnv>) => c.get('principal')?.userId ?? null
const principalOf = (c: Context<AppEnv>) => c.get('principal') as NonNullable<AppEnv['Variables']['principal']>

// GET /api/publishing/channels – connected accounts, which platforms can be connected, the shop's time zone
const listChannelsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/channels',
  tags,
  summary: 'Connected accounts',
  responses: { 200: json(channelListSchema, 'Channels (a `reconnect_required` one says why), available platforms, time zone') },
})

// POST /api/publishing/channels/connect – the consent page address (state bound to this session, PKCE)
const connectRoute = memberRoute('owner', {
  method: 'post',
  path: '/channels/connect',
  tags,
  summary: 'Start connecting an account',
  description: 'Answers the platform consent page to send the browser to; it comes back to `/channels/callback/{platform}`.',
  request: { body: jsonBody(connectBody) },
  responses: { 200: json(authorizeSchema, 'Where to send the browser'), ...errors('not_found') },
})

// GET /api/publishing/channels/callback/{platform} – the platform sends the browser back here
const callbackRoute = memberRoute('owner', {
  method: 'get',
  path: '/channels/callback/{platform}',
  tags,
  summary: 'Finish connecting an account (OAuth redirect)',
  description: 'Redirects to the dashboard with `?connected=<platform>` or `?error=<message>`.',
  request: { params: platformParam, query: callbackQuery },
  responses: { 302: { description: 'Back to the publishing settings' } },
})

// DELETE /api/publishing/channels/{id} – revoke and forget
const disconnectRoute = memberRoute('owner', {
  method: 'delete',
  path: '/channels/{id}',
  tags,
  summary: 'Disconnect an account (revokes the grant; unsent posts are cancelled)',
  request: { params: idParam },
  responses: { 204: { description: 'Disconnected' }, ...errors('not_found') },
})

// GET /api/publishing/tiktok/creator-info – what the TikTok export form may offer
const creatorInfoRoute = memberRoute('staff', {
  method: 'get',
  path: '/tiktok/creator-info',
  tags,
  summary: "The TikTok account's posting options (creator_info)",
  description: 'Nickname, the privacy levels allowed (the form shows them with no default), interactions the creator disabled, the longest video allowed.',
  responses: { 200: json(creatorInfoSchema, 'Creator info'), ...errors('conflict', 'bad_gateway') },
})

const getSettingsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/settings',
  tags,
  summary: 'Publishing settings (the time zone post times are in)',
  responses: { 200: json(settingsSchema, 'Settings') },
})

const putSettingsRoute = memberRoute('owner', {
  method: 'put',
  path: '/settings',
  tags,
  summary: 'Set the time zone post times are in',
  request: { body: jsonBody(settingsBody) },
  responses: { 200: json(settingsSchema, 'Settings') },
})

// POST /api/publishing/posts – schedule (or save as a draft) a video to one or more platforms
const createPostRoute = memberRoute('staff', {
  method: 'post',
  path: '/posts',
  tags,
  summary: 'Schedule a post',
  description:
    '`publishAt` is a wall-clock time in the shop time zone. Each platform gets its own caption, hashtags and options; captions go through the safety check.',
  request: { body: jsonBody(createPostBody) },
  responses: { 201: json(postSchema, 'The post, with one target per platform'), ...errors('not_found', 'conflict', 'unprocessable', 'bad_gateway') },
})

const listPostsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/posts',
  tags,
  summary: 'Posts in a time range (the queue and calendar)',
  request: { query: postListQuery },
  responses: { 200: json(postListSchema, 'Posts, soonest first') },
})

const getPostRoute = memberRoute('viewer', {
  method: 'get',
  path: '/posts/{id}',
  tags,
  summary: 'One post: each platform’s status, post id, log and latest metrics',
  request: { params: idParam },
  responses: { 200: json(postSchema, 'The post'), ...errors('not_found') },
})

// PATCH /api/publishing/posts/{id} – edit, reschedule, or schedule a draft
const editPostRoute = memberRoute('staff', {
  method: 'patch',
  path: '/posts/{id}',
  tags,
  summary: 'Edit or reschedule a post',
  description: 'Targets not sent yet take the change (a fresh Workflow instance each); targets already sent are left as they are.',
  request: { params: idParam, body: jsonBody(updatePostBody) },
  responses: { 200: json(postSchema, 'The post'), ...errors('not_found', 'conflict', 'unprocessable') },
})

const cancelPostRoute = memberRoute('staff', {
  method: 'post',
  path: '/posts/{id}/cancel',
  tags,
  summary: 'Cancel a post (targets not sent yet)',
  request: { params: idParam },
  responses: { 200: json(postSchema, 'The post'), ...errors('not_found') },
})

const publishNowRoute = memberRoute('staff', {
  method: 'post',
  path: '/posts/{id}/publish-now',
  tags,
  summary: 'Post now instead of at the scheduled time (targets not sent yet; a draft is scheduled for now)',
  request: { params: idParam },
  responses: { 200: json(postSchema, 'The post, rescheduled to now'), ...errors('not_found', 'conflict', 'unprocessable') },
})

const duplicatePostRoute = memberRoute('staff', {
  method: 'post',
  path: '/posts/{id}/duplicate',
  tags,
  summary: 'Duplicate a post to other platforms',
  request: { params: idParam, body: jsonBody(duplicatePostBody) },
  responses: { 201: json(postSchema, 'The new post'), ...errors('not_found', 'conflict', 'unprocessable') },
})

// POST /api/publishing/channels/{id}/import – import the TikTok account's new videos now
const importRoute = memberRoute('staff', {
  method: 'post',
  path: '/channels/{id}/import',
  tags,
  summary: "Import the TikTok account's videos now (also hourly)",
  description: 'Pages through the account’s videos down to the last import and pastes the new ones into the ingestion pipeline (same dedupe as pasted links).',
  request: { params: idParam },
  responses: { 200: json(importResultSchema, 'Videos listed and pasted, and the ingest batch'), ...errors('not_found', 'conflict', 'bad_gateway') },
})

// POST /api/publishing/metrics/refresh – read back the metrics of the shop's published posts now (also hourly)
const metricsRefreshRoute = memberRoute('staff', {
  method: 'post',
  path: '/metrics/refresh',
  tags,
  summary: 'Refresh the metrics of published posts now',
  responses: { 200: json(metricsRefreshSchema, 'Posts refreshed, failed, and platform calls made') },
})

// GET /api/publishing/suggestions – what to post next, from what sells
const suggestionsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/suggestions',
  tags,
  summary: 'What to post next',
  description:
    'Products ranked by attributed orders and revenue, orders per view of their posts, stock and time since last posted; each with a time and the studio request that makes its video.',
  responses: { 200: json(suggestionsSchema, 'Suggestions, best first') },
})

const settingsPage = (c: Context<AppEnv>, q: Record<string, string>) => {
  const u = new URL('/settings/publishing', c.var.config.APP_URL)
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v)
  return u.toString()
}

const binary = { type: 'string', format: 'binary' } as const

// POST /api/publishing/uploads – the merchant's own video, to post
const uploadVideoRoute = memberRoute('staff', {
  method: 'post',
  path: '/uploads',
  tags,
  summary: 'Upload a video to post',
  description: `A form with the video as \`file\`, or the raw bytes: an MP4 or MOV (QuickTime) file of at most ${MAX_VIDEO_UPLOAD_BYTES / 1024 / 1024} MB whose movie header and video track can be read (duration and size are taken from them, so each platform's rules apply before sending). A damaged, truncated or other file answers 400 and nothing is stored. Post it with \`source: { kind: 'asset', assetId }\`.`,
  request: {
    // Plain (non-zod) schemas: documented, not validated; the body is read by hand.
    body: {
      content: {
        'multipart/form-data': { schema: { type: 'object', properties: { file: binary }, required: ['file'] } },
        'application/octet-stream': { schema: binary },
      },
      required: true,
    },
  },
  responses: { 201: json(videoUploadSchema, 'The stored video'), ...errors('bad_request', 'payload_too_large') },
})

// GET /api/publishing/uploads – the shop's uploaded videos
const listUploadsRoute = memberRoute('viewer', {
  method: 'get',
  path: '/uploads',
  tags,
  summary: 'Uploaded videos',
  responses: { 200: json(videoUploadListSchema, 'Newest first (50)') },
})
export const publishingRoutes = createRouter()
  .openapi(listChannelsRoute, async (c) => {
    const merchantId = merchantIdOf(c)
    const [rows, timeZone] = await Promise.all([listChannels(c.var.db, merchantId), getPublishingTimeZone(c.var.db, merchantId)])
    return c.json(
      {
        items: rows.filter((r) => r.status !== 'disconnected').map(channelView),
        available: PUBLISH_PLATFORMS.filter((p) => PLATFORM_AUTH[p].enabled(c.var.config)),
        timeZone,
      },
      200,
    )
  })
  .openapi(connectRoute, async (c) => c.json(await startConnect(deps(c), principalOf(c), c.req.valid('json').platform), 200))
  .openapi(callbackRoute, async (c) => {
    const { platform } = c.req.valid('param')
    try {
      await finishConnect(deps(c), principalOf(c), platform, c.req.valid('query'))
      return c.redirect(settingsPage(c, { connected: platform }), 302)
    } catch (err) {
      c.var.log.warn('publishing connect failed', { platform, error: err })
      return c.redirect(settingsPage(c, { error: err instanceof Error ? err.message.slice(0, 300) : 'connecting failed' }), 302)
    }
  })
  .openapi(disconnectRoute, async (c) => {
    await disconnectChannel(deps(c), merchantIdOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(creatorInfoRoute, async (c) => c.json(await creatorInfoOf(deps(c), merchantIdOf(c)), 200))
  .openapi(getSettingsRoute, async (c) => c.json({ timeZone: await getPublishingTimeZone(c.var.db, merchantIdOf(c)) }, 200))
  .openapi(putSettingsRoute, async (c) => {
    await savePublishingTimeZone(c.var.db, merchantIdOf(c), c.req.valid('json').timeZone)
    return c.json({ timeZone: c.req.valid('json').timeZone }, 200)
  })
  .openapi(createPostRoute, async (c) => {
    const post = await createPost(deps(c), { merchantId: merchantIdOf(c), actorId: actorOf(c), body: c.req.valid('json') })
    return c.json(await postView(c.var.db, post), 201)
  })
  .openapi(listPostsRoute, async (c) => {
    const q = c.req.valid('query')
    const rows = await listPosts(c.var.db, merchantIdOf(c), { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined })
    return c.json({ items: await Promise.all(rows.map((p) => postView(c.var.db, p))) }, 200)
  })
  .openapi(getPostRoute, async (c) => c.json(await postView(c.var.db, await getPostOrThrow(c.var.db, merchantIdOf(c), c.req.valid('param').id)), 200))
  .openapi(editPostRoute, async (c) => {
    const post = await editPost(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id, body: c.req.valid('json') })
    return c.json(await postView(c.var.db, post), 200)
  })
  .openapi(cancelPostRoute, async (c) =>
    c.json(await postView(c.var.db, await cancelPost(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id })), 200),
  )
  .openapi(publishNowRoute, async (c) =>
    c.json(await postView(c.var.db, await publishNow(deps(c), { merchantId: merchantIdOf(c), id: c.req.valid('param').id })), 200),
  )
  .openapi(importRoute, async (c) => {
    const channel = await getChannel(c.var.db, merchantIdOf(c), c.req.valid('param').id)
    if (!channel) throw new AppError('not_found', 'no such channel')
    if (channel.platform !== 'tiktok') throw new AppError('conflict', 'videos are imported from TikTok accounts only')
    return c.json(await importChannelVideos(deps(c), channel.id), 200)
  })
  .openapi(metricsRefreshRoute, async (c) => c.json(await refreshMetrics(deps(c), { targets: await publishedTargetsOf(c.var.db, merchantIdOf(c)) }), 200))
  .openapi(uploadVideoRoute, async (c) => c.json(await uploadVideo({ db: c.var.db, env: c.env }, merchantIdOf(c), await readVideoBody(c)), 201))
  .openapi(listUploadsRoute, async (c) => c.json(await listVideoUploads(c.var.db, merchantIdOf(c)), 200))
  .openapi(suggestionsRoute, async (c) => c.json(await suggestNextPosts(c.var.db, merchantIdOf(c)), 200))
  .openapi(duplicatePostRoute, async (c) => {
    const body = c.req.valid('json')
    const post = await duplicatePost(deps(c), { merchantId: merchantIdOf(c), actorId: actorOf(c), id: c.req.valid('param').id, ...body })
    return c.json(await postView(c.var.db, post), 201)
  })
