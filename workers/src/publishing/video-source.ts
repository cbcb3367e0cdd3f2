import { type PublishPlatform, postSourceSchema } from '../../../contracts/publishing'
import { getPublishableStudioVideo, getShopVideoAsset } from '../../../db/queries/publishing-posts'
import type { Database } from '../../../db/types'

/** The file a target sends: an R2 key and what the platforms check before accepting it. */
export type VideoFile = { key: string; bytes: number; durationMs: number | null; contentType: string }

/**
 * The video of a post for one platform, or why there is none. A studio video must have been sent
 * to publishing; TikTok gets only the platform-clean cut (no price badge, link, QR or mark: TikTok's
 * content-sharing rules), the others the storefront cut when there is one.
 */
export async function videoFileOf(db: Database, merchantId: string, source: unknown, platform: PublishPlatform): Promise<VideoFile | { problem: string }> {
  const parsed = postSourceSchema.safeParse(source)
  if (!parsed.success) return { problem: 'the post has no video' }
  const s = parsed.data
  if (s.kind === 'asset') {
    const a = await getShopVideoAsset(db, merchantId, s.assetId)
    if (!a) return { problem: 'the video file was deleted' }
    if (!a.contentType.startsWith('video/')) return { problem: 'the chosen file is not a video' }
    const meta = (a.meta ?? {}) as { durationMs?: number }
    return { key: a.key, bytes: a.bytes, durationMs: a.durationMs ?? meta.durationMs ?? null, contentType: a.contentType }
  }
  const v = await getPublishableStudioVideo(db, merchantId, s.videoId)
  if (!v) return { problem: 'the studio video was deleted' }
  if (!v.sentToPublishingAt) return { problem: 'the studio video was not sent to publishing' }
  const cuts = v.outputs.filter((o) => o.kind === 'cut')
  const cut = platform === 'tiktok' ? cuts.find((o) => o.cut === 'clean') : (cuts.find((o) => o.cut === 'storefront') ?? cuts.find((o) => o.cut === 'clean'))
  if (!cut)
    return {
      problem: platform === 'tiktok' ? 'the studio video has no platform-clean cut for TikTok; remake it with the clean cut' : 'the studio video has no cut',
    }
  return { key: cut.key, bytes: cut.bytes, durationMs: cut.durationMs ?? null, contentType: cut.contentType }
}
