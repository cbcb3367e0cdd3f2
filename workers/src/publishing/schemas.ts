import { z } from '@hono/zod-openapi'
import {
  CHANNEL_STATUSES,
  connectBodySchema,
  createPostBodySchema,
  duplicatePostBodySchema,
  POST_STATUSES,
  PUBLISH_PLATFORMS,
  postSourceSchema,
  publishingSettingsBodySchema,
  TARGET_STATUSES,
  updatePostBodySchema,
} from '../../../contracts/publishing'

export const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
export const platformParam = z.object({ platform: z.enum(PUBLISH_PLATFORMS).openapi({ param: { name: 'platform', in: 'path' } }) })

export const connectBody = connectBodySchema.openapi('PublishingConnect')
export const createPostBody = createPostBodySchema.openapi('PublishingCreatePost')
export const updatePostBody = updatePostBodySchema.openapi('PublishingUpdatePost')
export const duplicatePostBody = duplicatePostBodySchema.openapi('PublishingDuplicatePost')
export const settingsBody = publishingSettingsBodySchema.openapi('PublishingSettingsBody')

export const callbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  scope: z.string().max(2000).optional(),
  scopes: z.string().max(2000).optional(),
})

export const postListQuery = z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })

export const channelSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(PUBLISH_PLATFORMS),
    externalId: z.string(),
    displayName: z.string(),
    username: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    status: z.enum(CHANNEL_STATUSES),
    /** Why the merchant must act (with `reconnect_required`). */
    statusReason: z.string().nullable(),
    scopes: z.array(z.string()),
    accessExpiresAt: z.string().nullable(),
    refreshExpiresAt: z.string().nullable(),
    lastRefreshedAt: z.string().nullable(),
    connectedAt: z.string(),
  })
  .openapi('PublishingChannel')

export const channelListSchema = z.object({
  items: z.array(channelSchema),
  /** Platforms this hub has developer apps for (the others cannot be connected). */
  available: z.array(z.enum(PUBLISH_PLATFORMS)),
  timeZone: z.string(),
})

export const authorizeSchema = z.object({ authorizeUrl: z.url() })

export const creatorInfoSchema = z
  .object({
    channelId: z.uuid(),
    nickname: z.string(),
    username: z.string(),
    avatarUrl: z.string().nullable(),
    privacyLevelOptions: z.array(z.string()),
    commentDisabled: z.boolean(),
    duetDisabled: z.boolean(),
    stitchDisabled: z.boolean(),
    maxVideoPostDurationSec: z.number().int(),
  })
  .openapi('TikTokCreatorInfo')

const metricsSchema = z.object({
  takenAt: z.string(),
  views: z.number().nullable(),
  likes: z.number().nullable(),
  comments: z.number().nullable(),
  shares: z.number().nullable(),
  saves: z.number().nullable(),
  watchSeconds: z.number().nullable(),
})

export const postSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(POST_STATUSES),
    source: postSourceSchema,
    publishAt: z.string(),
    localTime: z.string(),
    timeZone: z.string(),
    revision: z.number().int(),
    createdAt: z.string(),
    targets: z.array(
      z.object({
        id: z.uuid(),
        platform: z.enum(PUBLISH_PLATFORMS),
        status: z.enum(TARGET_STATUSES),
        caption: z.string(),
        hashtags: z.array(z.string()),
        options: z.record(z.string(), z.unknown()),
        /** Irreversible calls made; more than one would be a duplicate post. */
        attempts: z.number().int(),
        platformPostId: z.string().nullable(),
        permalink: z.string().nullable(),
        failReason: z.string().nullable(),
        message: z.string().nullable(),
        publishedAt: z.string().nullable(),
        metrics: metricsSchema.nullable(),
        log: z.array(z.object({ at: z.string(), kind: z.string(), status: z.string().nullable(), message: z.string().nullable() })),
      }),
    ),
  })
  .openapi('PublishingPost')

export const postListSchema = z.object({ items: z.array(postSchema) })
export const settingsSchema = z.object({ timeZone: z.string() })

export const importResultSchema = z.object({
  listed: z.number().int(),
  pasted: z.number().int(),
  pages: z.number().int(),
  batchId: z.uuid().nullable(),
})

export const metricsRefreshSchema = z.object({ refreshed: z.number().int(), failed: z.number().int(), calls: z.number().int() })

export const suggestionsSchema = z.object({
  timeZone: z.string(),
  items: z.array(
    z.object({
      productId: z.uuid(),
      title: z.string(),
      score: z.number(),
      orders: z.number().int(),
      revenueMinor: z.number().int(),
      currency: z.string().nullable(),
      views: z.number().int(),
      stock: z.number().int().nullable(),
      lastPostedAt: z.string().nullable(),
      reasons: z.array(z.string()),
      suggestedTime: z.string(),
      studio: z.object({ source: z.object({ kind: z.literal('product'), productId: z.uuid() }) }),
    }),
  ),
})

export const videoUploadSchema = z
  .object({
    id: z.uuid(),
    url: z.string().describe('Where the file is served (`/media/<key>`)'),
    contentType: z.enum(['video/mp4', 'video/quicktime']),
    bytes: z.number().int(),
    durationMs: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    filename: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('VideoUpload')
export const videoUploadListSchema = z.object({ items: z.array(videoUploadSchema) })
