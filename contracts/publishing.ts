// Publishing (issue 15, docs/publishing.md): the platforms a shop connects, the states of a
// channel, a post and each of its per-platform targets, and the request bodies of the API.
// Runtime-free: the Worker, the web app and scripts import it.
import { z } from 'zod'

export const PUBLISH_PLATFORMS = ['tiktok', 'youtube', 'instagram'] as const
export type PublishPlatform = (typeof PUBLISH_PLATFORMS)[number]

/** `active`: tokens work; `reconnect_required`: a refresh failed, posts paused until the merchant connects again; `disconnected`: revoked. */
export const CHANNEL_STATUSES = ['active', 'reconnect_required', 'disconnected'] as const
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number]

/** A post as the merchant made it: a draft, scheduled (its targets run), or cancelled. */
export const POST_STATUSES = ['draft', 'scheduled', 'cancelled'] as const
export type PostStatus = (typeof POST_STATUSES)[number]

/**
 * One (post, platform): `scheduled` (waiting for its time), `paused` (the channel needs
 * reconnecting), `publishing` (validated, sending), `processing` (the platform accepted it and is
 * working), `published` (live, with its post id), `inbox` (a TikTok draft delivered to the
 * creator's inbox), `failed` (a definite refusal, with a reason), `unconfirmed` (sent, but no
 * verdict came: check the account before posting again; never re-sent automatically),
 * `cancelled`.
 */
export const TARGET_STATUSES = ['scheduled', 'paused', 'publishing', 'processing', 'published', 'inbox', 'failed', 'unconfirmed', 'cancelled'] as const
export type TargetStatus = (typeof TARGET_STATUSES)[number]
/** Statuses after which nothing more happens to a target. */
export const FINAL_TARGET_STATUSES: readonly TargetStatus[] = ['published', 'inbox', 'failed', 'unconfirmed', 'cancelled']

/** TikTok's privacy levels (creator_info `privacy_level_options` is a subset of these). */
export const TIKTOK_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const
export const YOUTUBE_PRIVACY = ['public', 'unlisted', 'private'] as const

/** What a platform's OAuth scopes are (requested minimally). */
export const PLATFORM_SCOPES: Record<PublishPlatform, string[]> = {
  tiktok: ['user.info.basic', 'video.list', 'video.upload', 'video.publish'],
  youtube: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'],
  instagram: ['instagram_basic', 'instagram_content_publish', 'pages_show_list', 'pages_read_engagement', 'instagram_manage_insights'],
}

/** Caption limits per platform (characters). */
export const CAPTION_LIMITS: Record<PublishPlatform, number> = { tiktok: 2200, youtube: 5000, instagram: 2200 }

const hashtag = z
  .string()
  .trim()
  .regex(/^#?[\p{L}\p{N}_]{1,60}$/u, 'a hashtag is letters, digits or _')
  .transform((h) => (h.startsWith('#') ? h : `#${h}`))

export const tiktokOptionsSchema = z.object({
  /** `direct`: Direct Post (needs an audited app for public posts); `inbox`: a draft in the creator's inbox. */
  mode: z.enum(['direct', 'inbox']),
  /** Required for Direct Post, with no default; must be one creator_info returned. */
  privacyLevel: z.enum(TIKTOK_PRIVACY_LEVELS).optional(),
  disableComment: z.boolean().default(false),
  disableDuet: z.boolean().default(false),
  disableStitch: z.boolean().default(false),
  /** "Your brand" (promoting the creator's own business). */
  brandOrganic: z.boolean().default(false),
  /** "Branded content" (a paid partnership); cannot be private. */
  brandContent: z.boolean().default(false),
  /** The AI-generated content label. */
  isAigc: z.boolean().default(false),
  /** The merchant agreed to TikTok's Music Usage Confirmation (required before sending). */
  musicConsent: z.boolean().default(false),
})
export type TikTokOptions = z.infer<typeof tiktokOptionsSchema>

export const youtubeOptionsSchema = z.object({
  title: z.string().trim().min(1).max(100),
  privacyStatus: z.enum(YOUTUBE_PRIVACY).default('public'),
  madeForKids: z.boolean().default(false),
  /** `status.containsSyntheticMedia`: altered or synthetic content. */
  containsSyntheticMedia: z.boolean().default(false),
  categoryId: z
    .string()
    .regex(/^\d{1,3}$/)
    .default('22'),
})
export type YouTubeOptions = z.infer<typeof youtubeOptionsSchema>

export const instagramOptionsSchema = z.object({ shareToFeed: z.boolean().default(true) })
export type InstagramOptions = z.infer<typeof instagramOptionsSchema>

export const targetInputSchema = z.discriminatedUnion('platform', [
  z.object({
    platform: z.literal('tiktok'),
    caption: z.string().max(CAPTION_LIMITS.tiktok).default(''),
    hashtags: z.array(hashtag).max(30).default([]),
    tiktok: tiktokOptionsSchema,
  }),
  z.object({
    platform: z.literal('youtube'),
    caption: z.string().max(CAPTION_LIMITS.youtube).default(''),
    hashtags: z.array(hashtag).max(30).default([]),
    youtube: youtubeOptionsSchema,
  }),
  z.object({
    platform: z.literal('instagram'),
    caption: z.string().max(CAPTION_LIMITS.instagram).default(''),
    hashtags: z.array(hashtag).max(30).default([]),
    instagram: instagramOptionsSchema.default({ shareToFeed: true }),
  }),
])
export type TargetInput = z.infer<typeof targetInputSchema>

/** The video a post sends: a studio video sent to publishing, or a video file of the shop's media. */
export const postSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('studio'), videoId: z.uuid() }),
  z.object({ kind: z.literal('asset'), assetId: z.uuid() }),
])
export type PostSource = z.infer<typeof postSourceSchema>

/** A wall-clock time in the shop's time zone, `YYYY-MM-DDTHH:mm` (seconds optional). */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/, 'a local time like 2026-12-24T18:30')

export const createPostBodySchema = z.object({
  source: postSourceSchema,
  publishAt: localDateTimeSchema,
  /** A draft is saved without starting anything. */
  draft: z.boolean().default(false),
  targets: z
    .array(targetInputSchema)
    .min(1)
    .max(3)
    .refine((t) => new Set(t.map((x) => x.platform)).size === t.length, 'one target per platform'),
})
export type CreatePostBody = z.infer<typeof createPostBodySchema>

export const updatePostBodySchema = z.object({
  publishAt: localDateTimeSchema.optional(),
  draft: z.boolean().optional(),
  targets: createPostBodySchema.shape.targets.optional(),
})
export type UpdatePostBody = z.infer<typeof updatePostBodySchema>

export const duplicatePostBodySchema = z.object({
  publishAt: localDateTimeSchema.optional(),
  targets: createPostBodySchema.shape.targets,
})

export const connectBodySchema = z.object({ platform: z.enum(PUBLISH_PLATFORMS) })

export const publishingSettingsBodySchema = z.object({
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz })
      return true
    } catch {
      return false
    }
  }, 'an IANA time zone such as Africa/Lagos'),
})

/** What a TikTok creator may post (creator_info/query), which gates the export form. */
export type CreatorInfo = {
  nickname: string
  username: string
  avatarUrl: string | null
  privacyLevelOptions: string[]
  commentDisabled: boolean
  duetDisabled: boolean
  stitchDisabled: boolean
  maxVideoPostDurationSec: number
}

/** Metrics of one post on one platform; null where the platform gives no number (never 0 for "unknown"). */
export type PostMetrics = {
  views: number | null
  likes: number | null
  comments: number | null
  shares: number | null
  saves: number | null
  watchSeconds: number | null
}

/**
 * Converts a wall-clock time in `timeZone` to the instant it names. Ambiguous (autumn) times
 * take the earlier instant; skipped (spring) times move forward by the gap.
 */
export function zonedTimeToUtc(local: string, timeZone: string): Date {
  const [d, t] = local.split('T')
  const [y, mo, da] = d.split('-').map(Number)
  const [h, mi, s = 0] = t.split(':').map(Number)
  const asUtc = Date.UTC(y, mo - 1, da, h, mi, s)
  const offsetAt = (ms: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(ms))
        .map((p) => [p.type, p.value]),
    )
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - ms
  }
  const first = asUtc - offsetAt(asUtc)
  return new Date(asUtc - offsetAt(first))
}

/** The wall-clock time (`YYYY-MM-DDTHH:mm`) of an instant in `timeZone`. */
export function utcToZonedTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  )
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}
