import type { PostMetrics } from '../../../contracts/publishing'
import { getChannelById } from '../../../db/queries/publishing'
import { saveMetricsSnapshot, targetsDueForMetrics } from '../../../db/queries/publishing-posts'
import type { PublishingPostTarget } from '../../../db/schema'
import type { Database } from '../../../db/types'
import type { Config } from '../config'
import type { Logger } from '../lib/logger'
import { withAccessToken } from './channel-tokens'
import { PlatformError } from './platforms/http'
import { instagramInsights } from './platforms/instagram'
import { tiktokQueryVideos } from './platforms/tiktok'
import { youtubeStatistics } from './platforms/youtube'

/** Next refresh: an hour on, plus up to 5 minutes of jitter so a shop's posts do not all come due at once. */
const nextRefresh = (now: Date) => new Date(now.getTime() + 3600_000 + Math.floor(Math.random() * 300_000))

/**
 * Reads back the counters of published posts whose refresh is due (or, with `merchantId` and
 * `force`, all of that shop's): one TikTok `video/query` per 20 ids, one YouTube `videos.list`
 * per 50, one Instagram insights call per post. Each read appends a snapshot; a number the
 * platform does not give is stored as null, never 0. A rate limit leaves the slot due (read again next run).
 */
export async function refreshMetrics(
  deps: { db: Database; config: Config; log?: Logger },
  o: { now?: Date; limit?: number; targets?: PublishingPostTarget[] } = {},
): Promise<{ refreshed: number; failed: number; calls: number }> {
  const now = o.now ?? new Date()
  const due = o.targets ?? (await targetsDueForMetrics(deps.db, now, o.limit ?? 100))
  const byChannel = new Map<string, PublishingPostTarget[]>()
  for (const t of due) if (t.channelId && t.platformPostId) byChannel.set(t.channelId, [...(byChannel.get(t.channelId) ?? []), t])
  let refreshed = 0
  let failed = 0
  let calls = 0
  for (const [channelId, targets] of byChannel) {
    const channel = await getChannelById(deps.db, channelId)
    if (channel?.status !== 'active') continue
    const results = new Map<string, PostMetrics>()
    try {
      if (channel.platform === 'tiktok') {
        for (let i = 0; i < targets.length; i += 20) {
          const ids = targets.slice(i, i + 20).map((t) => t.platformPostId as string)
          calls++
          for (const v of await withAccessToken(deps, channelId, (tok) => tiktokQueryVideos(deps.config, tok, ids)))
            results.set(v.id, {
              views: v.view_count ?? null,
              likes: v.like_count ?? null,
              comments: v.comment_count ?? null,
              shares: v.share_count ?? null,
              saves: null,
              watchSeconds: null,
            })
        }
      } else if (channel.platform === 'youtube') {
        for (let i = 0; i < targets.length; i += 50) {
          calls++
          const stats = await withAccessToken(deps, channelId, (tok) =>
            youtubeStatistics(
              deps.config,
              tok,
              targets.slice(i, i + 50).map((t) => t.platformPostId as string),
            ),
          )
          for (const s of stats) results.set(s.id, { views: s.views, likes: s.likes, comments: s.comments, shares: null, saves: null, watchSeconds: null })
        }
      } else {
        for (const t of targets) {
          calls++
          const m = await withAccessToken(deps, channelId, (tok) => instagramInsights(deps.config, tok, t.platformPostId as string))
          results.set(t.platformPostId as string, { ...m, watchSeconds: null })
        }
      }
    } catch (err) {
      failed += targets.length
      deps.log?.warn('metrics refresh failed', { channelId, error: err instanceof PlatformError ? `${err.kind}: ${err.message}` : String(err) })
      continue
    }
    for (const t of targets) {
      const m = results.get(t.platformPostId as string)
      if (!m) continue
      await saveMetricsSnapshot(deps.db, { targetId: t.id, merchantId: t.merchantId, platform: t.platform, ...m, nextAt: nextRefresh(now) })
      refreshed++
    }
  }
  return { refreshed, failed, calls }
}
