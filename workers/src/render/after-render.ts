import { z } from 'zod'
import { tagOutputsWithProduct } from '../promo/tag-outputs'
import { productImageAfterSchema, recordProductImageThumbnails } from '../catalog/product-image-thumbnails'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from './render-job'
import { recordVideoThumbnails, videoCoverAfterSchema } from '../ingest/record-video-thumbnails'

/**
 * What to do with a render's outputs once they are stored, by `then.kind`. Features add an
 * entry here (e.g. ingestion attaches a copied cover to its video).
 */
export const afterRenderSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Outputs belong to a product (promo videos, previews, thumbnails shown on its media page). */
  z.object({ kind: z.literal('product-render'), productId: z.uuid() }),
  videoCoverAfterSchema,
  productImageAfterSchema,
])
export type AfterRender = z.infer<typeof afterRenderSchema>

export const afterRenderHandlers: {
  [K in AfterRender['kind']]: (ctx: JobRunContext, then: Extract<AfterRender, { kind: K }>, outputs: StoredRenderOutput[], meta: Record<string, unknown>) => Promise<void>
} = {
  none: async () => {},
  'product-render': async (ctx, after, outputs) => {
    if (!ctx.job.merchantId) return
    await tagOutputsWithProduct(ctx.db, ctx.job.merchantId, after.productId, outputs.flatMap((o) => (o.assetId ? [o.assetId] : [])))
  },
  'video-cover': recordVideoThumbnails,
  'product-image': recordProductImageThumbnails,
}
