import { z } from 'zod'
import { fileThumbnailsUnder } from '../../../db/queries/media'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from '../render/render-output'
import { catalogChanged } from '../storefront/catalog-version'

/** After-render hook: the outputs are thumbnails of a product photo (an original media asset). */
export const productImageAfterSchema = z.object({ kind: z.literal('product-image'), assetId: z.uuid() })

/** Files each thumbnail under its original (parent_id), which is how product responses find them. */
export async function recordProductImageThumbnails(ctx: JobRunContext, after: z.infer<typeof productImageAfterSchema>, outputs: StoredRenderOutput[]) {
  const merchantId = ctx.job.merchantId
  const ids = outputs.flatMap((o) => (o.assetId ? [o.assetId] : []))
  if (!merchantId || !ids.length) return
  await fileThumbnailsUnder(ctx.db, merchantId, after.assetId, ids)
  // The storefront's OG image is the first photo's thumbnail: cached pages must be rebuilt.
  await catalogChanged(ctx.db, merchantId, { origins: [ctx.config.APP_URL] })
}
