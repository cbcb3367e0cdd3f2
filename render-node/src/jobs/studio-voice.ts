import { RenderError } from '../errors'
import type { JobRunner } from './types'

/** PLACEHOLDER until the render-node studio helper lands it (issue 14). */
export const studioVoiceJob: JobRunner<'studio-voice'> = async () => {
  throw new RenderError('bad_request', 'studio-voice is not built yet')
}
