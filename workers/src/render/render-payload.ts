import { z } from 'zod'
import { renderJobSchema } from '../../../contracts/messages'
import { productImageAfterSchema } from '../catalog/product-image-thumbnails'
import { videoCoverAfterSchema } from '../ingest/schemas'

/**
 * What to do with a render's outputs once they are stored, by `then.kind`. Features add an
 * entry here and its hook in `after-render.ts` (e.g. ingestion attaches a copied cover to its video).
 */
export const afterRenderSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Outputs belong to a product (promo videos, previews, thumbnails shown on its media page). */
  z.object({ kind: z.literal('product-render'), productId: z.uuid() }),
  videoCoverAfterSchema,
  productImageAfterSchema,
])
export type AfterRender = z.infer<typeof afterRenderSchema>

/** The payload of a `render` job (the producer side of the RENDER queue). */
export const renderPayloadSchema = z.object({
  job: renderJobSchema,
  /** Inputs by multipart name, read from R2 by key just before the call. */
  inputs: z
    .array(z.object({ name: z.string(), key: z.string() }))
    .max(40)
    .default([]),
  after: afterRenderSchema.default({ kind: 'none' }),
})
export type RenderPayload = z.infer<typeof renderPayloadSchema>
