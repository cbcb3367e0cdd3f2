import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import { videos } from '../../../db/schema'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from '../render/render-job'

/** `after` hook of the render job that resizes a copied TikTok cover. */
export const videoCoverAfterSchema = z.object({ kind: z.literal('video-cover'), videoId: z.uuid(), coverAssetId: z.uuid() })

/**
 * Records the render node's thumbnails of a cover on its video. Only while the video still has
 * that cover (a newer cover wins); idempotent: the list is replaced, never appended.
 */
export async function recordVideoThumbnails(
  ctx: JobRunContext,
  then: z.infer<typeof videoCoverAfterSchema>,
  outputs: StoredRenderOutput[],
  meta: Record<string, unknown>,
) {
  const thumbnails = outputs
    .filter((o) => o.assetId)
    .map((o) => ({
      name: o.name,
      assetId: o.assetId,
      key: o.key,
      contentType: o.contentType,
      width: o.width ?? null,
      height: o.height ?? null,
      meta: o.meta ?? {},
    }))
  await ctx.db
    .update(videos)
    .set({ thumbnails: thumbnails.length ? thumbnails : [{ meta }] })
    .where(and(eq(videos.id, then.videoId), eq(videos.coverAssetId, then.coverAssetId)))
}
