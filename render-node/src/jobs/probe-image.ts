import { probeImage } from '../media/image'
import { type JobRunner, requireInput } from './types'

/** Reports an image's format and size: the smallest real round trip through the render node. */
export const probeImageJob: JobRunner<'probe-image'> = async (job, ctx) => {
  const info = await probeImage(requireInput(ctx, job.input), { maxInputPixels: ctx.config.RENDER_MAX_INPUT_PIXELS })
  return { outputs: [], meta: { ...info } }
}
