import type { RenderJob } from '../../../workers/src/queues/messages'
import { probeImageJob } from './probe-image'
import type { JobRunner } from './types'

/** Every job type the node can run. The type makes a missing runner a compile error. */
export const jobRunners: { [T in RenderJob['type']]: JobRunner<T> } = {
  'probe-image': probeImageJob,
}
