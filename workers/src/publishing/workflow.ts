import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { NonRetryableError } from 'cloudflare:workflows'
import { instagramOptionsSchema, tiktokOptionsSchema, youtubeOptionsSchema } from '../../../contracts/publishing'
import { getChannelById } from '../../../db/queries/publishing'
import { claimSend, getPostById, getTarget, type TargetPatch, updateTarget } from '../../../db/queries/publishing-posts'
import type { PublishingPostTarget } from '../../../db/schema'
import type { Database } from '../../../db/types'
import { type Config, configOf } from '../config'
import { createDb } from '../db'
import { createLogger, type Logger } from '../lib/logger'
import { checkSafety } from '../studio/safety/check-safety'
import { getBrandVoice } from '../studio/studio-settings'
import { accessTokenOf, withAccessToken } from './channel-tokens'
import { PlatformError, platformName } from './platforms/http'
import { instagramContainerStatus, instagramCreateReel, instagramPermalink, instagramPublish, instagramPublishingLimit } from './platforms/instagram'
import { TIKTOK_ERRORS, tiktokCreatorInfo, tiktokInit, tiktokStatus, tiktokUpload } from './platforms/tiktok'
import { youtubeProbe, youtubePut, youtubeResource, youtubeStartUpload } from './platforms/youtube'
import { takeTikTokCall } from './rate-limits'
import { type VideoFile, videoFileOf } from './video-source'
import type { PublishWorkflowParams } from './workflow-params'

/** Database steps ride out a busy pool (a burst of posts due at the same minute): up to about 8 minutes of backoff. */
const DB_STEP = { retries: { limit: 8, delay: '2 seconds', backoff: 'exponential' }, timeout: '2 minutes' } as const
/** Reads (status, container state) may be retried: asking twice publishes nothing. */
const READ_STEP = { retries: { limit: 3, delay: '5 seconds', backoff: 'exponential' }, timeout: '2 minutes' } as const
/** The irreversible call: never retried by the engine ("a retried send whose first attempt still went through would post twice"). */
const SEND_STEP = { retries: { limit: 0, delay: '1 second' }, timeout: '15 minutes' } as const

/** Status polls before the outcome is called `unconfirmed` (15 s apart: about 30 minutes, as Postiz waits). */
export const MAX_POLLS = 120
export const POLL_INTERVAL = '15 seconds'
/** The wait before status poll `i + 1`: soon at first (an inbox draft is usually ready in seconds), then every 15 s. */
export const pollWait = (i: number) => (i === 1 ? '3 seconds' : i === 2 ? '5 seconds' : i === 3 ? '10 seconds' : POLL_INTERVAL)
/** Times a refusal before anything was accepted (quota, rate limit, a temporary error) is waited out before the target fails. */
export const MAX_QUOTA_WAITS = 5
/** The wait after a temporary error before the send (nothing was sent). */
const TRANSIENT_WAIT_SECONDS = 10

type Deps = { db: Database; env: Env; config: Config; log: Logger }

/** What the send step hands the polling: where the platform's verdict will come from. */
type Sent =
  | { outcome: 'poll'; ref: string }
  | { outcome: 'published'; postId: string; permalink: string | null }
  | { outcome: 'unconfirmed'; message: string }
  | { outcome: 'failed'; message: string; reason: string }
  | { outcome: 'wait'; message: string; seconds: number }

const tiktokCaption = (t: PublishingPostTarget) => [t.caption, t.hashtags.join(' ')].filter(Boolean).join(' ').slice(0, 2200)

/**
 * One post on one platform (docs/publishing.md): sleep until the time → validate (this instance
 * still drives the target, the post is scheduled, the channel healthy, the caption passes the
 * safety check, the video fits) → refresh the token if needed → the irreversible call, never
 * retried → poll the platform's status with durable sleeps → record the result. An accepted send
 * that gives no verdict is `unconfirmed` and is never sent again by itself. The target's row is
 * the record; step names are fixed (a rename ships as `…V2`).
 */
export class PublishPostWorkflowV1 extends WorkflowEntrypoint<Env, PublishWorkflowParams> {
  async run(event: Readonly<WorkflowEvent<PublishWorkflowParams>>, step: WorkflowStep) {
    const { targetId } = event.payload
    const instanceId = event.instanceId
    try {
      return await this.pipeline(targetId, instanceId, step)
    } catch (err) {
      const message = err instanceof Error ? err.message.replace(/^(?:Error: )?NonRetryableError: /, '') : String(err)
      await step.do('record-failure', DB_STEP, () =>
        this.use(async (d) => {
          const row = await getTarget(d.db, targetId)
          if (!row || row.workflowInstanceId !== instanceId || ['published', 'inbox', 'failed', 'unconfirmed', 'cancelled', 'paused'].includes(row.status))
            return { recorded: false }
          // Once a send started, a failure of what follows does not say the post did not go out.
          const patch: TargetPatch = row.sendStartedAt
            ? {
                status: 'unconfirmed',
                message: `${platformName(row.platform)} gave no final answer (${message.slice(0, 300)}); check the account before posting again`,
              }
            : { status: 'failed', message: message.slice(0, 500) }
          await updateTarget(d.db, targetId, instanceId, patch, { kind: 'error', data: { error: message.slice(0, 300) } })
          return { recorded: true }
        }),
      )
      return { status: 'error' as const }
    }
  }

  private async pipeline(targetId: string, instanceId: string, step: WorkflowStep) {
    const plan = await step.do('load', DB_STEP, () =>
      this.use(async (d) => {
        const row = await getTarget(d.db, targetId)
        if (!row || row.workflowInstanceId !== instanceId) return { skip: 'superseded' as const, publishAt: '' }
        const post = await getPostById(d.db, row.postId)
        if (!post) return { skip: 'deleted' as const, publishAt: '' }
        return { skip: null, publishAt: post.publishAt.toISOString() }
      }),
    )
    if (plan.skip) return { status: plan.skip }

    // A time already come (posted now, or scheduled within the minute's grace) is not slept
    // until: Workflows refuse a sleep into the past. Steps are named, so a replay that skips it is safe.
    if (new Date(plan.publishAt).getTime() > Date.now()) await step.sleepUntil('wait-for-publish-time', new Date(plan.publishAt))

    const checked = await step.do('validate', DB_STEP, () => this.use((d) => this.validate(d, targetId, instanceId)))
    if (checked.skip) return { status: checked.skip }
    const file = checked.file as VideoFile

    await step.do('refresh-token', DB_STEP, () =>
      this.use(async (d) => {
        const row = (await getTarget(d.db, targetId)) as PublishingPostTarget
        try {
          await accessTokenOf(d, row.channelId as string)
        } catch (err) {
          // A refused refresh paused this target (with the channel); nothing was sent.
          if (err instanceof PlatformError && err.kind === 'reconnect') throw new NonRetryableError(err.message)
          throw err
        }
        return { ok: true }
      }),
    )

    let sent: Sent = { outcome: 'failed', message: 'not sent', reason: 'not_sent' }
    for (let round = 1; round <= MAX_QUOTA_WAITS + 1; round++) {
      sent = await step.do(round === 1 ? 'send' : `send-${round}`, SEND_STEP, () => this.use((d) => this.send(d, targetId, instanceId, file)))
      if (sent.outcome !== 'wait') break
      const wait = sent
      if (round > MAX_QUOTA_WAITS) {
        sent = { outcome: 'failed', message: `${wait.message}; gave up after ${MAX_QUOTA_WAITS} waits`, reason: 'quota' }
        break
      }
      await step.do(`quota-wait-note-${round}`, DB_STEP, () =>
        this.use(async (d) => {
          await updateTarget(d.db, targetId, instanceId, { status: 'scheduled', message: wait.message }, { kind: 'info', data: { waitSeconds: wait.seconds } })
          return { ok: true }
        }),
      )
      await step.sleep(`quota-wait-${round}`, wait.seconds * 1000)
    }

    if (sent.outcome === 'poll') {
      const ref = sent.ref
      let verdict: Sent | null = null
      for (let i = 1; i <= MAX_POLLS && !verdict; i++) {
        verdict = await step.do(`status-${i}`, READ_STEP, () => this.use((d) => this.poll(d, targetId, instanceId, ref)))
        if (!verdict) await step.sleep(`status-wait-${i}`, pollWait(i))
      }
      sent = verdict ?? {
        outcome: 'unconfirmed',
        message: `no final status after ${MAX_POLLS} checks; check the account before posting again`,
      }
      // Instagram: the container is ready; publishing it is the irreversible call. A refusal or a
      // hiccup before the claim (nothing published) is waited out and tried again, as for `send`.
      for (let round = 1; sent.outcome === 'poll' || (sent.outcome === 'wait' && round > 1); round++) {
        if (sent.outcome === 'wait') {
          const wait = sent
          if (round > MAX_QUOTA_WAITS + 1) {
            sent = { outcome: 'failed', message: `${wait.message}; gave up after ${MAX_QUOTA_WAITS} waits`, reason: 'quota' }
            break
          }
          await step.do(`publish-wait-note-${round - 1}`, DB_STEP, () =>
            this.use(async (d) => {
              await updateTarget(d.db, targetId, instanceId, { message: wait.message }, { kind: 'info', data: { waitSeconds: wait.seconds } })
              return { ok: true }
            }),
          )
          await step.sleep(`publish-wait-${round - 1}`, wait.seconds * 1000)
        }
        sent = await step.do(round === 1 ? 'publish' : `publish-${round}`, SEND_STEP, () =>
          this.use((d) => this.publishContainerSafely(d, targetId, instanceId, ref)),
        )
      }
    }

    const final = sent
    return step.do('record', DB_STEP, () =>
      this.use(async (d) => {
        const row = (await getTarget(d.db, targetId)) as PublishingPostTarget
        // TikTok's webhook gave a verdict while the last status check was waiting: it stands.
        if (final.outcome !== 'published' && row.platform === 'tiktok' && ['published', 'inbox', 'failed'].includes(row.status)) return { status: row.status }
        let patch: TargetPatch
        if (final.outcome === 'published')
          patch = {
            // An inbox draft the creator already posted (TikTok's webhook said so) stays published.
            status: row.status !== 'published' && row.options.mode === 'inbox' && row.platform === 'tiktok' ? 'inbox' : 'published',
            platformPostId: row.status === 'published' ? (row.platformPostId ?? final.postId) : final.postId,
            permalink: final.permalink ?? row.permalink,
            publishedAt: row.publishedAt ?? new Date(),
            message: null,
            nextMetricsAt: new Date(Date.now() + 3600_000),
          }
        else if (final.outcome === 'unconfirmed') patch = { status: 'unconfirmed', message: final.message }
        else if (final.outcome === 'failed') patch = { status: 'failed', message: final.message, failReason: final.reason }
        else patch = { status: 'unconfirmed', message: 'no final status' }
        await updateTarget(d.db, targetId, instanceId, patch, { kind: 'status', data: { outcome: final.outcome } })
        return { status: patch.status as string }
      }),
    )
  }

  private async validate(d: Deps, targetId: string, instanceId: string): Promise<{ skip: string | null; file?: VideoFile }> {
    const row = await getTarget(d.db, targetId)
    if (!row || row.workflowInstanceId !== instanceId) return { skip: 'superseded' }
    if (row.status !== 'scheduled') return { skip: row.status }
    const post = await getPostById(d.db, row.postId)
    if (post?.status !== 'scheduled') return { skip: post?.status ?? 'deleted' }
    const stop = async (status: 'failed' | 'paused', message: string) => {
      await updateTarget(d.db, targetId, instanceId, { status, message }, { kind: 'status' })
      return { skip: status }
    }
    const channel = row.channelId ? await getChannelById(d.db, row.channelId) : null
    if (!channel || channel.status === 'disconnected') return stop('failed', `${platformName(row.platform)} is not connected`)
    if (channel.status !== 'active') return stop('paused', `paused: ${channel.statusReason ?? 'the account needs to be connected again'}`)
    const voice = await getBrandVoice(d.db, row.merchantId)
    const text = [row.caption, row.hashtags.join(' '), typeof row.options.title === 'string' ? row.options.title : ''].filter(Boolean).join('\n')
    const { verdict } = await checkSafety([{ field: 'caption', text }], {
      products: [],
      allowlist: voice.safetyAllowlist,
      language: voice.language,
      openai: null,
      platform: row.platform,
    })
    if (verdict.decision === 'block') {
      const first = verdict.hits.find((h) => h.decision === 'block')
      return stop('failed', `the caption did not pass the safety check: ${first?.message ?? 'blocked'}${first ? ` (“${first.text}”)` : ''}`)
    }
    const file = await videoFileOf(d.db, row.merchantId, post.source, row.platform)
    if ('problem' in file) return stop('failed', file.problem)
    if (row.platform === 'youtube' && file.durationMs && file.durationMs > 180_000)
      await updateTarget(
        d.db,
        targetId,
        instanceId,
        {},
        { kind: 'info', message: 'longer than 3 minutes: YouTube will post it as a regular video, not a Short' },
      )
    await updateTarget(d.db, targetId, instanceId, {}, { kind: 'info', message: `validated; safety ${verdict.decision}`, data: { hits: verdict.hits.length } })
    return { skip: null, file }
  }

  /**
   * The send step. Anything that fails before the claim (a database or network hiccup while
   * preparing) sent nothing, so it is waited out and tried again; after the claim, a failure
   * goes to `record-failure`, which calls the outcome `unconfirmed`.
   */
  private async send(d: Deps, targetId: string, instanceId: string, file: VideoFile): Promise<Sent> {
    const state = { claimed: false }
    try {
      return await this.sendOnce(d, targetId, instanceId, file, state)
    } catch (err) {
      if (state.claimed || err instanceof NonRetryableError) throw err
      return {
        outcome: 'wait',
        seconds: TRANSIENT_WAIT_SECONDS,
        message: `a temporary error before sending (${err instanceof Error ? err.message.slice(0, 120) : String(err)}); trying again`,
      }
    }
  }

  /** The irreversible call for each platform, behind the claim that makes it happen at most once per target. */
  private async sendOnce(d: Deps, targetId: string, instanceId: string, file: VideoFile, state: { claimed: boolean }): Promise<Sent> {
    const claim = async () => {
      state.claimed = (await claimSend(d.db, targetId, instanceId)) !== null
      return state.claimed
    }
    const row = (await getTarget(d.db, targetId)) as PublishingPostTarget
    const channelId = row.channelId as string
    if (row.platform === 'instagram') return this.createContainer(d, row, file)
    const bytes = await this.bytesOf(d, file)
    if (row.platform === 'youtube') {
      // Opening the session publishes nothing; refused for quota, it is waited out and retried.
      let session = row.platformRef
      if (!session) {
        const o = youtubeOptionsSchema.parse(row.options)
        try {
          session = await withAccessToken(d, channelId, (t) =>
            youtubeStartUpload(d.config, t, youtubeResource(o, [row.caption, row.hashtags.join(' ')].filter(Boolean).join('\n\n')), bytes.byteLength),
          )
        } catch (err) {
          return this.refusedBeforeSend(err)
        }
        await updateTarget(d.db, targetId, instanceId, { platformRef: session }, { kind: 'info', message: 'upload session opened' })
      }
      if (!(await claim())) return alreadySent()
      return this.youtubeUpload(d, targetId, instanceId, session, bytes)
    }
    // TikTok takes 6 inits a minute per account: past that the send waits (nothing was sent yet).
    const waitSeconds = await takeTikTokCall(d, channelId, 'init')
    if (waitSeconds > 0) {
      const seconds = Math.ceil(waitSeconds)
      return {
        outcome: 'wait',
        seconds,
        message: `TikTok takes at most ${d.config.TIKTOK_POSTS_PER_MINUTE} posts a minute from one account; sending in ${seconds} s`,
      }
    }
    // TikTok: creator_info gates the options at send time too.
    const opts = tiktokOptionsSchema.parse(row.options)
    let postInfo: Parameters<typeof tiktokInit>[2]['postInfo']
    try {
      const creator = await withAccessToken(d, channelId, (t) => tiktokCreatorInfo(d.config, t))
      if (file.durationMs && file.durationMs / 1000 > creator.maxVideoPostDurationSec)
        return {
          outcome: 'failed',
          reason: 'duration_check_failed',
          message: `the video is longer than this account may post (${creator.maxVideoPostDurationSec} s)`,
        }
      if (opts.mode === 'direct') {
        if (!opts.privacyLevel || !creator.privacyLevelOptions.includes(opts.privacyLevel))
          return { outcome: 'failed', reason: 'privacy_level_option_mismatch', message: TIKTOK_ERRORS.privacy_level_option_mismatch.message }
        postInfo = {
          title: tiktokCaption(row),
          privacy_level: opts.privacyLevel,
          disable_comment: opts.disableComment || creator.commentDisabled,
          disable_duet: opts.disableDuet || creator.duetDisabled,
          disable_stitch: opts.disableStitch || creator.stitchDisabled,
          brand_content_toggle: opts.brandContent,
          brand_organic_toggle: opts.brandOrganic,
          is_aigc: opts.isAigc,
        }
      }
    } catch (err) {
      return this.refusedBeforeSend(err)
    }
    if (!(await claim())) return alreadySent()
    let init: { publishId: string; uploadUrl: string }
    const call = (t: string) => tiktokInit(d.config, t, { mode: opts.mode, size: bytes.byteLength, postInfo })
    try {
      const token = await accessTokenOf(d, channelId)
      try {
        init = await call(token)
      } catch (err) {
        // A 401 means TikTok refused it (nothing created): one retry with a fresh token is not a resend.
        if (!(err instanceof PlatformError && err.kind === 'auth')) throw err
        init = await call(await accessTokenOf(d, channelId, { stale: token }))
      }
    } catch (err) {
      return this.afterSendError(err)
    }
    await updateTarget(
      d.db,
      targetId,
      instanceId,
      { status: 'processing', platformRef: init.publishId },
      { kind: 'info', message: 'TikTok accepted the post', data: { publishId: init.publishId } },
    )
    try {
      await tiktokUpload(d.config, init.uploadUrl, bytes)
    } catch (err) {
      // The bytes may have arrived: TikTok's status gives the verdict; the post is never sent again.
      await updateTarget(
        d.db,
        targetId,
        instanceId,
        {},
        { kind: 'error', message: `upload interrupted (${err instanceof Error ? err.message : String(err)}); waiting for TikTok's status` },
      )
    }
    return { outcome: 'poll', ref: init.publishId }
  }

  /** YouTube: PUT the bytes; an interrupted PUT is probed (`bytes *\/N`) and resumed from what arrived, a few times. */
  private async youtubeUpload(d: Deps, targetId: string, instanceId: string, session: string, bytes: Uint8Array): Promise<Sent> {
    let from = 0
    for (let attempt = 1; attempt <= 4; attempt++) {
      try {
        const s = await youtubePut(d.config, session, bytes, from)
        if (s.done) return { outcome: 'published', postId: s.videoId, permalink: `https://youtube.com/shorts/${s.videoId}` }
        from = s.received
      } catch (err) {
        if (err instanceof PlatformError && !['timeout', 'network', 'transient'].includes(err.kind)) return this.afterSendError(err)
        await updateTarget(
          d.db,
          targetId,
          instanceId,
          {},
          { kind: 'error', message: `upload interrupted (${err instanceof Error ? err.message : String(err)}); resuming` },
        )
      }
      try {
        const probe = await youtubeProbe(d.config, session, bytes.byteLength)
        if (probe.done) return { outcome: 'published', postId: probe.videoId, permalink: `https://youtube.com/shorts/${probe.videoId}` }
        from = probe.received
      } catch (err) {
        if (err instanceof PlatformError && err.code === 'sessionExpired')
          return {
            outcome: 'failed',
            reason: 'sessionExpired',
            message: 'the YouTube upload session expired before the video was complete; nothing was posted',
          }
      }
    }
    return { outcome: 'unconfirmed', message: 'the upload to YouTube kept failing; check YouTube Studio before posting again' }
  }

  /** Instagram's first step: a Reels container from our media domain (publishes nothing; it expires in 24 h). */
  private async createContainer(d: Deps, row: PublishingPostTarget, file: VideoFile): Promise<Sent> {
    if (row.platformRef) return { outcome: 'poll', ref: row.platformRef }
    const channel = await getChannelById(d.db, row.channelId as string)
    const o = instagramOptionsSchema.parse(row.options)
    try {
      const id = await withAccessToken(d, row.channelId as string, (t) =>
        instagramCreateReel(d.config, t, channel?.externalId as string, {
          videoUrl: `${d.config.APP_URL.replace(/\/+$/, '')}/media/${file.key.split('/').map(encodeURIComponent).join('/')}`,
          caption: [row.caption, row.hashtags.join(' ')].filter(Boolean).join('\n\n').slice(0, 2200),
          shareToFeed: o.shareToFeed,
        }),
      )
      await updateTarget(
        d.db,
        row.id,
        row.workflowInstanceId,
        { status: 'processing', platformRef: id },
        { kind: 'info', message: 'Instagram container created', data: { containerId: id } },
      )
      return { outcome: 'poll', ref: id }
    } catch (err) {
      return this.refusedBeforeSend(err)
    }
  }

  /** Instagram's irreversible call, after reading the live publishing limit. */
  /** `publishContainer`, with anything failing before the claim (nothing published) turned into a wait. */
  private async publishContainerSafely(d: Deps, targetId: string, instanceId: string, containerId: string): Promise<Sent> {
    const state = { claimed: false }
    try {
      return await this.publishContainer(d, targetId, instanceId, containerId, state)
    } catch (err) {
      if (state.claimed || err instanceof NonRetryableError) throw err
      if (err instanceof PlatformError && err.kind === 'reconnect') throw new NonRetryableError(err.message)
      return {
        outcome: 'wait',
        seconds: TRANSIENT_WAIT_SECONDS,
        message: `a temporary error before publishing (${err instanceof Error ? err.message.slice(0, 120) : String(err)}); trying again`,
      }
    }
  }

  private async publishContainer(d: Deps, targetId: string, instanceId: string, containerId: string, state: { claimed: boolean }): Promise<Sent> {
    const row = (await getTarget(d.db, targetId)) as PublishingPostTarget
    const channel = await getChannelById(d.db, row.channelId as string)
    const igUser = channel?.externalId as string
    try {
      const limit = await withAccessToken(d, row.channelId as string, (t) => instagramPublishingLimit(d.config, t, igUser))
      if (limit.total !== null && limit.used >= limit.total)
        return { outcome: 'failed', reason: '9', message: `Instagram’s limit of ${limit.total} posts from apps in 24 hours is reached; reschedule for later` }
    } catch (err) {
      return this.refusedBeforeSend(err)
    }
    const token = await accessTokenOf(d, row.channelId as string)
    state.claimed = (await claimSend(d.db, targetId, instanceId)) !== null
    if (!state.claimed) return alreadySent()
    try {
      const mediaId = await instagramPublish(d.config, token, igUser, containerId)
      return { outcome: 'published', postId: mediaId, permalink: await instagramPermalink(d.config, token, mediaId) }
    } catch (err) {
      return this.afterSendError(err)
    }
  }

  /** One status read; null while the platform is still working. */
  private async poll(d: Deps, targetId: string, instanceId: string, ref: string): Promise<Sent | null> {
    const row = (await getTarget(d.db, targetId)) as PublishingPostTarget
    const channelId = row.channelId as string
    if (row.platform === 'instagram') {
      const s = await withAccessToken(d, channelId, (t) => instagramContainerStatus(d.config, t, ref))
      if (s.statusCode === 'FINISHED') return { outcome: 'poll', ref }
      if (s.statusCode === 'ERROR' || s.statusCode === 'EXPIRED') {
        const code = /(\d{7})/.exec(s.status ?? '')?.[1] ?? s.statusCode
        return { outcome: 'failed', reason: code, message: `Instagram could not process the video (${s.status ?? s.statusCode})` }
      }
      return null
    }
    // TikTok's webhook may have given the verdict already: no status call needed.
    if (row.status === 'published' || row.status === 'inbox') return { outcome: 'published', postId: row.platformPostId ?? ref, permalink: row.permalink }
    if (row.status === 'failed') return { outcome: 'failed', reason: row.failReason ?? 'unknown', message: row.message ?? 'TikTok refused the post' }
    // 30 status fetches a minute per account: past that this check is skipped and the next one asks.
    if ((await takeTikTokCall(d, channelId, 'status')) > 0) return null
    const s = await withAccessToken(d, channelId, (t) => tiktokStatus(d.config, t, ref))
    await updateTarget(d.db, targetId, instanceId, {}, { kind: 'status', message: s.status, data: { status: s.status } })
    if (s.status === 'SEND_TO_USER_INBOX') return { outcome: 'published', postId: ref, permalink: null }
    if (s.status === 'PUBLISH_COMPLETE') {
      if (!s.postId) return null
      const channel = await getChannelById(d.db, channelId)
      return { outcome: 'published', postId: s.postId, permalink: channel?.username ? `https://www.tiktok.com/@${channel.username}/video/${s.postId}` : null }
    }
    if (s.status === 'FAILED') {
      const reason = s.failReason ?? 'unknown'
      return { outcome: 'failed', reason, message: TIKTOK_ERRORS[reason]?.message ?? `TikTok refused the post (${reason})` }
    }
    return null
  }

  /** A refusal before anything was accepted: quota and rate limits are waited out; the rest is final. */
  private refusedBeforeSend(err: unknown): Sent {
    if (!(err instanceof PlatformError)) throw err
    if (err.kind === 'quota') return { outcome: 'wait', message: err.message, seconds: 3600 }
    if (err.kind === 'rate_limited') return { outcome: 'wait', message: err.message, seconds: 60 }
    // Nothing was sent yet: a slow or failing platform is waited out too.
    if (err.kind === 'timeout' || err.kind === 'network' || err.kind === 'transient')
      return { outcome: 'wait', message: `${err.message}; trying again`, seconds: TRANSIENT_WAIT_SECONDS }
    if (err.kind === 'reconnect') throw new NonRetryableError(err.message)
    return { outcome: 'failed', reason: err.code, message: err.message }
  }

  /** The irreversible call failed: a clear refusal is `failed`; no answer is `unconfirmed` (it may have gone through). */
  private afterSendError(err: unknown): Sent {
    if (!(err instanceof PlatformError)) throw err
    if (err.kind === 'timeout' || err.kind === 'network')
      return { outcome: 'unconfirmed', message: `${platformName(err.platform)} did not answer after the post was sent; check the account before posting again` }
    return { outcome: 'failed', reason: err.code, message: `${err.message}; nothing was posted` }
  }

  private async bytesOf(d: Deps, file: VideoFile): Promise<Uint8Array> {
    const obj = await d.env.MEDIA.get(file.key)
    if (!obj) throw new NonRetryableError('the video file is gone from storage')
    return new Uint8Array(await obj.arrayBuffer())
  }

  /** Runs `fn` with a database of its own (a step may run in a fresh isolate) and closes it. */
  private async use<T>(fn: (d: Deps) => Promise<T>): Promise<T> {
    const config = configOf(this.env)
    const { db, close } = createDb(config)
    try {
      return await fn({ db, env: this.env, config, log: createLogger(config.LOG_LEVEL, { task: 'publish' }) })
    } finally {
      await close().catch(() => {})
    }
  }
}

/** Bookkeeping after an irreversible call: its failure must not turn an accepted post into a failed step. */
async function _bestEffort(fn: () => Promise<unknown>) {
  try {
    await fn()
  } catch {}
}

const alreadySent = (): Sent => ({
  outcome: 'unconfirmed',
  message: 'a send of this post had already started (the run was interrupted); check the account before posting again',
})
