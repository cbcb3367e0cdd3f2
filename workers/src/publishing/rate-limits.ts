import { takeBucketTokens } from '../../../db/queries/analytics'
import type { Database } from '../../../db/types'
import type { Config } from '../config'

/**
 * TikTok's per-access-token limits on the Content Posting API: 6 video inits and 30 status
 * fetches a minute. One channel holds one token, so the buckets are per channel, shared by every
 * Workflow instance posting to it (the same conditional-UPDATE token bucket as WhatsApp pacing).
 * The init limit is `TIKTOK_POSTS_PER_MINUTE` (6); status fetches get five per init, at least 30.
 */
export const tiktokLimits = (config: Pick<Config, 'TIKTOK_POSTS_PER_MINUTE'>) => ({
  init: { perMinute: config.TIKTOK_POSTS_PER_MINUTE },
  status: { perMinute: Math.max(30, config.TIKTOK_POSTS_PER_MINUTE * 5) },
})

/** Takes one call of `kind` for `channelId`; 0 when it may go now, else the seconds until it may. */
export async function takeTikTokCall(
  d: { db: Database; config: Pick<Config, 'TIKTOK_POSTS_PER_MINUTE'> },
  channelId: string,
  kind: 'init' | 'status',
): Promise<number> {
  const { perMinute } = tiktokLimits(d.config)[kind]
  return takeBucketTokens(d.db, `tiktok:${kind}:${channelId}`, perMinute, perMinute / 60, 1)
}
