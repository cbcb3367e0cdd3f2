import { RenderError } from '../errors'
import type { JobRunner } from './types'

/** PLACEHOLDER until the render-node studio helper lands it (issue 14). */
export const studioAssembleJob: JobRunner<'studio-assemble'> = async () => {
  throw new RenderError('bad_request', 'studio-assemble is not built yet')
}
