import { recordProductImageThumbnails } from '../catalog/product-image-thumbnails'
import { recordVideoThumbnails } from '../ingest/record-video-thumbnails'
import { tagOutputsWithProduct } from '../promo/tag-outputs'
import type { JobRunContext } from '../queues/job-context'
import { emitWebhook } from '../webhooks/emit-webhook'
import type { StoredRenderOutput } from './render-output'
import type { AfterRender } from './render-payload'

/** The hook of each `after` kind (its schema is in `render-payload.ts`), run once the outputs are stored. */
export const afterRenderHandlers: {
  [K in AfterRender['kind']]: (
    ctx: JobRunContext,
    then: Extract<AfterRender, { kind: K }>,
    outputs: StoredRenderOutput[],
    meta: Record<string, unknown>,
  ) => Promise<void>
} = {
  none: async () => {},
  'product-render': async (ctx, after, outputs) => {
    if (!ctx.job.merchantId) return
    await tagOutputsWithProduct(
      ctx.db,
      ctx.job.merchantId,
      after.productId,
      outputs.flatMap((o) => (o.assetId ? [o.assetId] : [])),
    )
    const videos = outputs
      .filter((o) => o.contentType.startsWith('video/'))
      .map((o) => ({ assetId: o.assetId, name: o.name, contentType: o.contentType, durationMs: o.durationMs ?? null }))
    if (videos.length) await emitWebhook(ctx, ctx.job.merchantId, 'video.ready', { productId: after.productId, jobId: ctx.job.id, videos })
  },
  'video-cover': recordVideoThumbnails,
  'product-image': recordProductImageThumbnails,
}
