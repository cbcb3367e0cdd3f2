import { getChannelById, saveImportCursor } from '../../../db/queries/publishing'
import { findVideosByExternalIds } from '../../../db/queries/videos'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import { createIngestBatch } from '../ingest/create-batch'
import type { Logger } from '../lib/logger'
import { defineJob } from '../queues/job-context'
import { withAccessToken } from './channel-tokens'
import { importPayloadSchema } from './import-payload'
import { tiktokListVideos } from './platforms/tiktok'

/** A first import reads at most this many pages (20 videos each). */
const MAX_PAGES = 25

/**
 * Imports the connected TikTok account's own videos through the ingestion pipeline a pasted link
 * takes (caption understanding, covers to R2, proposals): pages through `video/list` newest
 * first, down to the newest video of the last import, and pastes the share URLs of videos the
 * shop does not have yet as one batch. The pipeline's own dedupe (one video per TikTok id per
 * shop) still applies, so a re-import creates nothing twice.
 */
export async function importChannelVideos(
  deps: { db: Database; env: Env; config: Config; log?: Logger },
  channelId: string,
): Promise<{ listed: number; pasted: number; pages: number; batchId: string | null }> {
  const channel = await getChannelById(deps.db, channelId)
  if (channel?.platform !== 'tiktok' || channel.status !== 'active') return { listed: 0, pasted: 0, pages: 0, batchId: null }
  const stopAt = channel.importCursor ? Number(channel.importCursor) : 0
  const found: { id: string; url: string; createdMs: number }[] = []
  let cursor: number | undefined
  let pages = 0
  for (; pages < MAX_PAGES; ) {
    const page = await withAccessToken(deps, channelId, (t) => tiktokListVideos(deps.config, t, cursor))
    pages++
    const fresh = page.videos.filter((v) => v.create_time * 1000 > stopAt)
    for (const v of fresh)
      found.push({ id: v.id, url: v.share_url ?? `https://www.tiktok.com/@${channel.username ?? 'user'}/video/${v.id}`, createdMs: v.create_time * 1000 })
    if (!page.hasMore || fresh.length < page.videos.length) break
    cursor = page.cursor
  }
  const known = new Set(
    (
      await findVideosByExternalIds(
        deps.db,
        channel.merchantId,
        found.map((f) => f.id),
      )
    ).map((v) => v.externalId),
  )
  const lines = found.filter((f) => !known.has(f.id)).map((f) => f.url)
  let batchId: string | null = null
  if (lines.length) {
    const { batch } = await createIngestBatch(deps, { merchantId: channel.merchantId, userId: channel.connectedBy, lines })
    batchId = batch.id
  }
  const newest = found.reduce((m, f) => Math.max(m, f.createdMs), stopAt)
  await saveImportCursor(deps.db, channelId, newest ? String(newest) : null)
  return { listed: found.length, pasted: lines.length, pages, batchId }
}

/** The scheduled import of one channel (the hourly cron enqueues one per due channel). */
export const publishingImportJob = defineJob({
  queue: 'ingest',
  payload: importPayloadSchema,
  run: async (ctx, payload) => importChannelVideos(ctx, payload.channelId),
})
