import { z } from 'zod'

/**
 * Render job types (the `job` field of a render request). Inputs are referred to by the name of
 * a multipart part sent with the request (see `renderInputSchema` in messages.ts).
 */
export const probeImageJobSchema = z.object({
  type: z.literal('probe-image'),
  input: z.string(),
})

/** Every render job type. Extend this union to add a job; the render node dispatches on `type`. */
export const renderJobSchema = z.discriminatedUnion('type', [probeImageJobSchema])
export type RenderJob = z.infer<typeof renderJobSchema>
export type RenderJobType = RenderJob['type']
