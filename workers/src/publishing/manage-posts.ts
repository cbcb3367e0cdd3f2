import {
  type CreatePostBody,
  type CreatorInfo,
  type PostSource,
  type PublishPlatform,
  type TargetInput,
  type TargetStatus,
  type UpdatePostBody,
  utcToZonedTime,
  zonedTimeToUtc,
} from '../../../contracts/publishing'
import { activeChannelOf, getPublishingTimeZone } from '../../../db/queries/publishing'
import {
  getPost,
  getPublishableStudioVideo,
  getShopVideoAsset,
  insertPost,
  latestMetrics,
  listTargetEvents,
  type NewTarget,
  type PostWithTargets,
  updatePost,
} from '../../../db/queries/publishing-posts'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { AppError } from '../errors'
import type { Logger } from '../lib/logger'
import { checkSafety } from '../studio/safety/check-safety'
import { getBrandVoice } from '../studio/studio-settings'
import { withAccessToken } from './channel-tokens'
import { PlatformError, platformName } from './platforms/http'
import { tiktokCreatorInfo } from './platforms/tiktok'
import { restartTargets } from './schedule-targets'

export type PostDeps = { db: Database; config: Config; env: Pick<Env, 'PUBLISH_WORKFLOW'>; log?: Logger }

/** How far ahead of now a post may be scheduled at the earliest (a time just past is "now"). */
const PAST_GRACE_MS = 60_000

async function checkSource(db: Database, merchantId: string, source: PostSource) {
  if (source.kind === 'studio') {
    const v = await getPublishableStudioVideo(db, merchantId, source.videoId)
    if (!v) throw new AppError('not_found', 'no such studio video')
    if (!v.sentToPublishingAt) throw new AppError('conflict', 'send the studio video to publishing first')
    return { studioVideoId: v.id }
  }
  const a = await getShopVideoAsset(db, merchantId, source.assetId)
  if (!a) throw new AppError('not_found', 'no such media file')
  if (!a.contentType.startsWith('video/')) throw new AppError('unprocessable', 'the chosen file is not a video')
  return { studioVideoId: null }
}

/** The TikTok account's posting options, read when the export form opens (and before each send). */
export async function creatorInfoOf(deps: PostDeps, merchantId: string): Promise<CreatorInfo & { channelId: string }> {
  const channel = await activeChannelOf(deps.db, merchantId, 'tiktok')
  if (!channel) throw new AppError('conflict', 'connect a TikTok account first')
  try {
    return { ...(await withAccessToken(deps, channel.id, (t) => tiktokCreatorInfo(deps.config, t))), channelId: channel.id }
  } catch (err) {
    if (err instanceof PlatformError) throw new AppError(err.kind === 'reconnect' ? 'conflict' : 'bad_gateway', err.message, { cause: err })
    throw err
  }
}

/**
 * The targets as stored, each with the shop's connected channel of its platform, after the checks
 * a merchant should hear about at once: a connected account, TikTok's creator rules (privacy
 * chosen from the returned options with no default, interactions the creator disabled stay
 * disabled, branded content not private, music consent), and the safety check of each caption.
 */
async function prepareTargets(deps: PostDeps, merchantId: string, targets: TargetInput[], scheduling: boolean): Promise<NewTarget[]> {
  const voice = await getBrandVoice(deps.db, merchantId)
  const out: NewTarget[] = []
  for (const t of targets) {
    const channel = await activeChannelOf(deps.db, merchantId, t.platform)
    if (!channel && scheduling) throw new AppError('conflict', `connect a ${platformName(t.platform)} account first`)
    const { verdict } = await checkSafety([{ field: 'caption', text: [t.caption, t.hashtags.join(' ')].filter(Boolean).join('\n') }], {
      products: [],
      allowlist: voice.safetyAllowlist,
      language: voice.language,
      openai: null,
      platform: t.platform,
    })
    if (verdict.decision === 'block')
      throw new AppError('unprocessable', `the ${platformName(t.platform)} caption did not pass the safety check`, {
        details: { platform: t.platform, safety: verdict },
      })
    let options: Record<string, unknown>
    if (t.platform === 'tiktok') {
      const o = { ...t.tiktok }
      if (scheduling) {
        const creator = await creatorInfoOf(deps, merchantId)
        if (o.mode === 'direct') {
          if (!o.privacyLevel) throw new AppError('bad_request', 'choose who can see the TikTok post (there is no default)')
          if (!creator.privacyLevelOptions.includes(o.privacyLevel))
            throw new AppError('bad_request', `this TikTok account can post as ${creator.privacyLevelOptions.join(', ')}, not ${o.privacyLevel}`)
          if (o.brandContent && o.privacyLevel === 'SELF_ONLY') throw new AppError('bad_request', 'branded content cannot be private on TikTok')
          if (!o.musicConsent) throw new AppError('bad_request', "agree to TikTok's Music Usage Confirmation before posting")
        }
        if (creator.commentDisabled) o.disableComment = true
        if (creator.duetDisabled) o.disableDuet = true
        if (creator.stitchDisabled) o.disableStitch = true
      }
      options = o
    } else if (t.platform === 'youtube') options = { ...t.youtube }
    else options = { ...t.instagram }
    out.push({ platform: t.platform, channelId: channel?.id ?? null, caption: t.caption, hashtags: t.hashtags, options })
  }
  return out
}

function timeOf(local: string, timeZone: string, draft: boolean) {
  const at = zonedTimeToUtc(local, timeZone)
  if (Number.isNaN(at.getTime())) throw new AppError('bad_request', 'not a valid time')
  if (!draft && at.getTime() < Date.now() - PAST_GRACE_MS) throw new AppError('bad_request', `${local} (${timeZone}) is in the past`)
  return at
}

const openTargets = (p: PostWithTargets) => p.targets.filter((t) => t.status === 'scheduled').map((t) => t.id)

export async function createPost(deps: PostDeps, input: { merchantId: string; actorId: string | null; body: CreatePostBody }) {
  const { body, merchantId } = input
  const { studioVideoId } = await checkSource(deps.db, merchantId, body.source)
  const timeZone = await getPublishingTimeZone(deps.db, merchantId)
  const publishAt = timeOf(body.publishAt, timeZone, body.draft)
  const targets = await prepareTargets(deps, merchantId, body.targets, !body.draft)
  const post = await insertPost(deps.db, {
    merchantId,
    createdBy: input.actorId,
    status: body.draft ? 'draft' : 'scheduled',
    source: body.source,
    studioVideoId,
    publishAt,
    localTime: body.publishAt,
    timeZone,
    targets,
  })
  if (!body.draft) await restartTargets(deps, openTargets(post))
  return (await getPost(deps.db, merchantId, post.id)) as PostWithTargets
}

export async function getPostOrThrow(db: Database, merchantId: string, id: string) {
  const p = await getPost(db, merchantId, id)
  if (!p) throw new AppError('not_found', 'no such post')
  return p
}

/**
 * Edit, reschedule or schedule a draft. Targets not sent yet get a fresh instance (the old one
 * wakes, sees it is superseded, and ends); targets already sent are left as they are.
 */
export async function editPost(deps: PostDeps, input: { merchantId: string; id: string; body: UpdatePostBody }) {
  const prior = await getPostOrThrow(deps.db, input.merchantId, input.id)
  if (prior.status === 'cancelled') throw new AppError('conflict', 'the post was cancelled; duplicate it instead')
  const draft = input.body.draft ?? prior.status === 'draft'
  const timeZone = input.body.publishAt ? await getPublishingTimeZone(deps.db, input.merchantId) : prior.timeZone
  const local = input.body.publishAt ?? prior.localTime
  const publishAt = timeOf(local, timeZone, draft)
  const targets = input.body.targets
    ? await prepareTargets(deps, input.merchantId, input.body.targets, !draft)
    : !draft && prior.status === 'draft'
      ? await prepareTargets(
          deps,
          input.merchantId,
          prior.targets.filter((t) => t.status !== 'cancelled').map((t) => targetInputOf(t)),
          true,
        )
      : undefined
  const post = (await updatePost(deps.db, {
    merchantId: input.merchantId,
    id: input.id,
    status: draft ? 'draft' : 'scheduled',
    publishAt,
    localTime: local,
    timeZone,
    targets,
  })) as PostWithTargets
  if (!draft) await restartTargets(deps, openTargets(post))
  return (await getPost(deps.db, input.merchantId, input.id)) as PostWithTargets
}

/**
 * Posts now instead of at the scheduled time: the post is rescheduled to this minute (the shop's
 * clock) and its targets not sent yet get a fresh instance, which finds its time already come.
 * A draft is scheduled the same way. Targets already sent are left as they are.
 */
export async function publishNow(deps: PostDeps, input: { merchantId: string; id: string }) {
  const prior = await getPostOrThrow(deps.db, input.merchantId, input.id)
  if (prior.status !== 'draft' && !prior.targets.some((t) => t.status === 'scheduled'))
    throw new AppError('conflict', 'nothing of this post is waiting to be sent')
  const now = utcToZonedTime(new Date(), await getPublishingTimeZone(deps.db, input.merchantId))
  return editPost(deps, { merchantId: input.merchantId, id: input.id, body: { publishAt: now, draft: false } })
}

export async function cancelPost(deps: PostDeps, input: { merchantId: string; id: string }) {
  await getPostOrThrow(deps.db, input.merchantId, input.id)
  return (await updatePost(deps.db, { merchantId: input.merchantId, id: input.id, status: 'cancelled' })) as PostWithTargets
}

/** A new post with the same video, to other (or the same) platforms. */
export async function duplicatePost(
  deps: PostDeps,
  input: { merchantId: string; actorId: string | null; id: string; publishAt?: string; targets: TargetInput[] },
) {
  const prior = await getPostOrThrow(deps.db, input.merchantId, input.id)
  const tz = await getPublishingTimeZone(deps.db, input.merchantId)
  return createPost(deps, {
    merchantId: input.merchantId,
    actorId: input.actorId,
    body: {
      source: prior.source as PostSource,
      publishAt: input.publishAt ?? (prior.publishAt.getTime() > Date.now() ? prior.localTime : utcToZonedTime(new Date(Date.now() + 5 * 60_000), tz)),
      draft: false,
      targets: input.targets,
    },
  })
}

function targetInputOf(t: PostWithTargets['targets'][number]): TargetInput {
  const base = { caption: t.caption, hashtags: t.hashtags }
  if (t.platform === 'tiktok') return { platform: 'tiktok', ...base, tiktok: t.options as never }
  if (t.platform === 'youtube') return { platform: 'youtube', ...base, youtube: t.options as never }
  return { platform: 'instagram', ...base, instagram: t.options as never }
}

/** What the API shows of a post: its targets with their log and latest metrics. */
export async function postView(db: Database, p: PostWithTargets) {
  const ids = p.targets.map((t) => t.id)
  const [events, metrics] = await Promise.all([listTargetEvents(db, ids), latestMetrics(db, ids)])
  return {
    id: p.id,
    status: p.status,
    source: p.source as PostSource,
    publishAt: p.publishAt.toISOString(),
    localTime: p.localTime,
    timeZone: p.timeZone,
    revision: p.revision,
    createdAt: p.createdAt.toISOString(),
    targets: p.targets.map((t) => {
      const m = metrics.find((x) => x.targetId === t.id)
      return {
        id: t.id,
        platform: t.platform as PublishPlatform,
        status: t.status as TargetStatus,
        caption: t.caption,
        hashtags: t.hashtags,
        options: t.options,
        attempts: t.attempts,
        platformPostId: t.platformPostId,
        permalink: t.permalink,
        failReason: t.failReason,
        message: t.message,
        publishedAt: t.publishedAt?.toISOString() ?? null,
        metrics: m
          ? {
              takenAt: m.takenAt.toISOString(),
              views: m.views,
              likes: m.likes,
              comments: m.comments,
              shares: m.shares,
              saves: m.saves,
              watchSeconds: m.watchSeconds,
            }
          : null,
        log: events.filter((e) => e.targetId === t.id).map((e) => ({ at: e.createdAt.toISOString(), kind: e.kind, status: e.status, message: e.message })),
      }
    }),
  }
}
