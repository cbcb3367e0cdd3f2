import type { z } from 'zod'
import { setVideoThumbnails } from '../../../db/queries/ingest'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from '../render/render-output'
import type { videoCoverAfterSchema } from './schemas'

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
  await setVideoThumbnails(ctx.db, { videoId: then.videoId, coverAssetId: then.coverAssetId, thumbnails: thumbnails.length ? thumbnails : [{ meta }] })
}
