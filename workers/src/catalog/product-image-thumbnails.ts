import { and, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import { mediaAssets } from '../../../db/schema'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from '../render/render-job'

/** After-render hook: the outputs are thumbnails of a product photo (an original media asset). */
export const productImageAfterSchema = z.object({ kind: z.literal('product-image'), assetId: z.uuid() })

/** Files each thumbnail under its original (parent_id), which is how product responses find them. */
export async function recordProductImageThumbnails(ctx: JobRunContext, after: z.infer<typeof productImageAfterSchema>, outputs: StoredRenderOutput[]) {
  const merchantId = ctx.job.merchantId
  const ids = outputs.flatMap((o) => (o.assetId ? [o.assetId] : []))
  if (!merchantId || !ids.length) return
  await ctx.db
    .update(mediaAssets)
    .set({ parentId: after.assetId, kind: 'thumbnail' })
    .where(and(eq(mediaAssets.merchantId, merchantId), inArray(mediaAssets.id, ids)))
}
