import type { RenderJob } from '../../../contracts/messages'
import { framesJob } from './frames'
import { previewJob } from './preview'
import { probeImageJob } from './probe-image'
import { promoJob } from './promo'
import { studioAssembleJob } from './studio-assemble'
import { studioClipsJob } from './studio-clips'
import { studioVoiceJob } from './studio-voice'
import { thumbnailsJob } from './thumbnails'
import type { JobRunner } from './types'

/** Every job type the node can run. The type makes a missing runner a compile error. */
export const jobRunners: { [T in RenderJob['type']]: JobRunner<T> } = {
  'probe-image': probeImageJob,
  thumbnails: thumbnailsJob,
  frames: framesJob,
  preview: previewJob,
  promo: promoJob,
  'studio-voice': studioVoiceJob,
  'studio-clips': studioClipsJob,
  'studio-assemble': studioAssembleJob,
}
