import type { z } from 'zod'
import { setVideoThumbnails } from '../../../db/queries/ingest'
import { fileThumbnailsUnder } from '../../../db/queries/media'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from '../render/render-output'
import { catalogChanged } from '../storefront/catalog-version'
import type { videoCoverAfterSchema } from './schemas'

/**
 * Records the render node's thumbnails of a cover on its video, and files them under the cover
 * asset itself (parent_id), which is how a product image approved from that cover finds its
 * thumbnails, whichever of approval and render-done comes first (approval attaches the cover
 * asset as the product's photo). Only while the video still has that cover for the video's list
 * (a newer cover wins); idempotent: the list is replaced, never appended.
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
  const merchantId = ctx.job.merchantId
  const ids = outputs.flatMap((o) => (o.assetId ? [o.assetId] : []))
  if (!merchantId || !ids.length) return
  await fileThumbnailsUnder(ctx.db, merchantId, then.coverAssetId, ids)
  // A product showing this cover gets a new preview image.
  await catalogChanged(ctx.db, merchantId, { origins: [ctx.config.APP_URL] })
}
