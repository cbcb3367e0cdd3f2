import { RenderError } from '../errors'
import type { JobRunner } from './types'

/** PLACEHOLDER until the render-node studio helper lands it (issue 14). */
export const studioClipsJob: JobRunner<'studio-clips'> = async () => {
  throw new RenderError('bad_request', 'studio-clips is not built yet')
}
