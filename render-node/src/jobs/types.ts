import type { RenderConfig } from '../config'
import type { RenderJob, RenderOutput } from '../../../workers/src/queues/messages'

/** A file a job produced, with its bytes; the server turns it into a multipart part. */
export type ProducedFile = Omit<RenderOutput, 'sha256' | 'bytes'> & { data: Buffer }

export type JobContext = {
  config: RenderConfig
  jobId: string
  /** Input files by name, already checked against their declared sha256. */
  inputs: Map<string, Buffer>
  /** A private temp directory, removed when the job ends, whatever happens. */
  tmpDir: string
  signal: AbortSignal
}

export type JobOutcome = { outputs: ProducedFile[]; meta?: Record<string, unknown>; encoder?: string }

export type JobRunner<T extends RenderJob['type']> = (job: Extract<RenderJob, { type: T }>, ctx: JobContext) => Promise<JobOutcome>

export function requireInput(ctx: JobContext, name: string): Buffer {
  const buf = ctx.inputs.get(name)
  if (!buf) throw new Error(`input "${name}" is missing`)
  return buf
}
