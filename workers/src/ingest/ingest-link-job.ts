import { getLink, getMerchantCurrency, markLinkProposed, updateLink, upsertProposal } from '../../../db/queries/ingest'
import { admitVideo, getVideo, updateVideo } from '../../../db/queries/videos'
import { AppError } from '../errors'
import { storeMedia } from '../media/store-media'
import { enqueueJob } from '../queues/enqueue-job'
import { isPermanent } from '../queues/is-permanent'
import { defineJob, type JobHandler, type JobRunContext } from '../queues/job-context'
import { jobTypes } from '../queues/job-types'
import { emitWebhook } from '../webhooks/emit-webhook'
import type { CaptionUnderstanding } from './caption/schemas'
import { understandCaption } from './caption/understand-caption'
import { merchantTaxonomy } from './merchant-taxonomy'
import { buildDraft, matchExistingProduct } from './propose-product'
import type { IngestLinkPayload } from './schemas'
import { downloadCover } from './tiktok/download-cover'
import { fetchOembed } from './tiktok/oembed-client'
import { resolveShortLink } from './tiktok/resolve-short-link'
import { canonicalVideoUrl } from './tiktok/tiktok-url'

/** How a refused cover's reason starts, on the video's `error` and the link's `reason`. */
const COVER_NOTE = 'cover not copied: '

const isTerminal = (s: string) => s === 'proposed' || s === 'duplicate' || s === 'rejected'

/**
 * The INGEST queue's job for one pasted line: resolve (short links) → admit the video (once per
 * merchant) → oEmbed → copy the cover to R2 (+ a render job for thumbnails) → understand the
 * caption with the merchant's taxonomy → propose a product (or a link to an existing one).
 * Every step checks what is already stored, so a redelivered or retried message redoes nothing.
 */
export const ingestLinkJob: JobHandler<IngestLinkPayload> = defineJob({
  queue: jobTypes['ingest-link'].queue,
  payload: jobTypes['ingest-link'].payload,
  retryDelaySeconds: (attempt) => Math.min(120, 2 ** attempt),
  async run(ctx, payload) {
    try {
      return await ingestLink(ctx, payload.linkId)
    } catch (err) {
      await recordFailure(ctx, payload.linkId, err).catch((e) => ctx.log.error('could not record the link failure', { error: e }))
      throw err
    }
  },
  async onDead(ctx, { linkId }) {
    const link = await getLink(ctx.db, linkId)
    if (!link || isTerminal(link.status)) return
    const reason = ctx.job.error ?? 'gave up after retries'
    await updateLink(ctx.db, linkId, { status: 'failed', reason })
    if (link.videoId) await updateVideo(ctx.db, link.videoId, { status: 'failed', error: reason })
  },
})

/**
 * Shows a failure on the link: a permanent one (private video, bad input) fails it now; a
 * transient one keeps its step and says it will be retried.
 */
async function recordFailure(ctx: JobRunContext, linkId: string, err: unknown) {
  const message = err instanceof Error ? err.message : String(err)
  const permanent = isPermanent(err)
  const link = await getLink(ctx.db, linkId)
  if (!link || isTerminal(link.status)) return
  if (permanent) {
    await updateLink(ctx.db, linkId, { status: 'failed', reason: message })
    if (link.videoId) await updateVideo(ctx.db, link.videoId, { status: 'failed', error: message })
  } else {
    await updateLink(ctx.db, linkId, { reason: `retrying: ${message}` })
  }
}

async function ingestLink(ctx: JobRunContext, linkId: string) {
  const link = await getLink(ctx.db, linkId)
  if (!link) throw new AppError('not_found', `ingest link ${linkId} is gone`)
  if (isTerminal(link.status)) return { linkId, status: link.status, skipped: true }
  const override = ctx.config.TIKTOK_WEB_URL_OVERRIDE

  // 1. Resolve a short link (one hop at a time, each hop re-validated).
  let externalId = link.externalId
  let url = link.normalizedUrl
  if (!externalId) {
    await updateLink(ctx.db, linkId, { status: 'resolving' })
    const resolved = await resolveShortLink(link.normalizedUrl ?? link.input, { override })
    if (!resolved.ok) {
      if (resolved.retryable) throw new AppError('bad_gateway', resolved.reason)
      await updateLink(ctx.db, linkId, { status: 'rejected', reason: resolved.reason })
      return { linkId, status: 'rejected', reason: resolved.reason }
    }
    externalId = resolved.videoId
    url = resolved.url
    await updateLink(ctx.db, linkId, { externalId, normalizedUrl: url })
  }

  // 2. Admit the video: the first link to name it owns it; any other is a duplicate.
  const { video: admittedVideo, admitted } = await admitVideo(ctx.db, { merchantId: link.merchantId, externalId, url: url as string, sourceLinkId: link.id })
  if (!admitted) {
    const reason = 'already ingested: this video is in your catalog imports'
    await updateLink(ctx.db, linkId, { status: 'duplicate', reason, videoId: admittedVideo.id })
    return { linkId, status: 'duplicate', videoId: admittedVideo.id }
  }
  let video = admittedVideo
  // One update for both: the link's video, and (when oEmbed is still to fetch) its new status.
  if (!video.oembed) await updateLink(ctx.db, linkId, { videoId: video.id, status: 'fetching', reason: null })
  else if (link.videoId !== video.id) await updateLink(ctx.db, linkId, { videoId: video.id })

  // 3. oEmbed metadata.
  if (!video.oembed) {
    const o = await fetchOembed(video.url, { endpoint: ctx.config.TIKTOK_OEMBED_URL })
    const canonical = canonicalVideoUrl({
      videoId: externalId,
      user: o.author_unique_id ?? null,
      contentType: video.url.includes('/photo/') ? 'photo' : 'video',
    })
    video = await updateVideo(ctx.db, video.id, {
      url: canonical,
      caption: o.title,
      authorName: o.author_name ?? null,
      authorUrl: o.author_url ?? null,
      authorUniqueId: o.author_unique_id ?? null,
      embedType: o.embed_type ?? null,
      coverWidth: o.thumbnail_width ?? null,
      coverHeight: o.thumbnail_height ?? null,
      oembed: o.raw,
    })
  }

  // 4. Copy the signed cover before it expires; thumbnails come later from the render node.
  if (!video.coverAssetId && typeof video.oembed?.thumbnail_url === 'string') {
    video = await copyCover(ctx, video.id, link.merchantId, video.oembed.thumbnail_url)
    await ctx.progress(50)
  }

  // 5. Understand the caption with the merchant's own taxonomy (currency and taxonomy read side by side).
  let understanding = video.understanding as CaptionUnderstanding | null
  const [storedCurrency, taxonomy] = await Promise.all([
    getMerchantCurrency(ctx.db, link.merchantId),
    understanding ? undefined : merchantTaxonomy(ctx.db, link.merchantId),
  ])
  const currency = storedCurrency ?? 'USD'
  if (!understanding) {
    // The rules take milliseconds; the status is worth a write only while a model is asked.
    if (ctx.config.OPENAI_API_KEY) await updateLink(ctx.db, linkId, { status: 'understanding' })
    understanding = await understandCaption(
      video.caption ?? '',
      { defaultCurrency: currency, taxonomy },
      { apiKey: ctx.config.OPENAI_API_KEY || undefined, baseURL: ctx.config.OPENAI_BASE_URL, model: ctx.config.OPENAI_MODEL },
    )
    video = await updateVideo(ctx.db, video.id, { understanding: understanding as unknown as Record<string, unknown> })
  }

  // 6. Propose a product, or a link to one the catalog already has.
  const draft = buildDraft(video.caption ?? '', understanding, `TikTok video ${externalId}`, currency)
  const match = await matchExistingProduct(ctx.db, link.merchantId, draft.title)
  const proposal = await upsertProposal(ctx.db, { merchantId: link.merchantId, videoId: video.id, draft, matchedProductId: match?.id ?? null })
  // A refused cover does not stop the proposal, but its reason stays on the video and the line.
  const coverNote = video.error?.startsWith(COVER_NOTE) ? video.error : null
  const reason = [match ? `matches your product “${match.title}”` : null, coverNote].filter(Boolean).join('; ')
  await markLinkProposed(ctx.db, { linkId, videoId: video.id, videoError: coverNote, reason: reason || null })
  await emitWebhook(ctx, link.merchantId, 'proposal.ready', {
    proposalId: proposal.id,
    videoId: video.id,
    linkId,
    title: draft.title,
    matchedProductId: match?.id ?? null,
  })
  return { linkId, status: 'proposed', videoId: video.id, proposalId: proposal.id, matchedProductId: match?.id ?? null }
}

/**
 * Downloads the cover, stores the original in R2 (kind `cover`) and asks the render node for
 * thumbnails. An expired or refused cover is recorded and skipped (the product can get a photo
 * later); a transient failure throws so the job retries.
 */
async function copyCover(ctx: JobRunContext, videoId: string, merchantId: string, thumbnailUrl: string) {
  try {
    const cover = await downloadCover(thumbnailUrl, { override: ctx.config.TIKTOK_WEB_URL_OVERRIDE })
    const asset = await storeMedia(ctx, { merchantId, data: cover.data, contentType: cover.contentType, kind: 'cover', meta: { source: 'tiktok', videoId } })
    const video = await updateVideo(ctx.db, videoId, { coverAssetId: asset.id })
    await enqueueJob(ctx, {
      type: 'render',
      merchantId,
      dedupeKey: `video-cover:${videoId}:${asset.sha256}`,
      payload: {
        // WebP only: the JPEG original stays for link previews (WhatsApp wants JPEG/PNG), and 6
        // encodes instead of 12 halve the render node's work per imported video.
        job: { type: 'thumbnails', input: 'cover', crops: ['portrait', 'square'], formats: ['webp'] },
        inputs: [{ name: 'cover', key: asset.key }],
        after: { kind: 'video-cover', videoId, coverAssetId: asset.id },
      },
    })
    return video
  } catch (err) {
    if (isPermanent(err)) {
      ctx.log.warn('cover not copied', { videoId, error: err.message })
      const current = await getVideo(ctx.db, videoId)
      return updateVideo(ctx.db, videoId, { error: `${COVER_NOTE}${err.message}`, oembed: { ...(current?.oembed ?? {}), thumbnail_url: null } })
    }
    throw err
  }
}
