import { z } from 'zod'
import type { JobRunContext } from '../queues/job-context'
import type { StoredRenderOutput } from './render-job'

/**
 * What to do with a render's outputs once they are stored, by `then.kind`. Features add an
 * entry here (e.g. ingestion attaches a copied cover to its video).
 */
export const afterRenderSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('none') })])
export type AfterRender = z.infer<typeof afterRenderSchema>

export const afterRenderHandlers: {
  [K in AfterRender['kind']]: (ctx: JobRunContext, then: Extract<AfterRender, { kind: K }>, outputs: StoredRenderOutput[], meta: Record<string, unknown>) => Promise<void>
} = {
  none: async () => {},
}
