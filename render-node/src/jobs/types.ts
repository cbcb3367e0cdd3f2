import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { RenderJob, RenderOutput } from '../../../contracts/messages'
import type { RenderConfig } from '../config'
import { RenderError } from '../errors'
import { assertPlainMedia, type CommandHook, type H264Encoder, probeMedia } from '../media/video'

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
  /** The H.264 encoder the server chose at start (NVENC when it really works, else libx264). */
  encoder: H264Encoder
  /** Sees each FFmpeg command line (the bench replays them); unset in production. */
  onFfmpegCommand?: CommandHook
}

export type JobOutcome = { outputs: ProducedFile[]; meta?: Record<string, unknown>; encoder?: string }

export type JobRunner<T extends RenderJob['type']> = (job: Extract<RenderJob, { type: T }>, ctx: JobContext) => Promise<JobOutcome>

export function requireInput(ctx: JobContext, name: string): Buffer {
  const buf = ctx.inputs.get(name)
  if (!buf) throw new RenderError('bad_request', `input "${name}" is missing`)
  return buf
}

/** Writes an input into the job's temp directory (FFmpeg reads files, not buffers) and returns its path. */
export async function inputFile(ctx: JobContext, name: string): Promise<string> {
  const file = path.join(ctx.tmpDir, `input-${name}`)
  await writeFile(file, requireInput(ctx, name))
  return file
}

export function imageLimits(ctx: JobContext) {
  return { maxInputPixels: ctx.config.RENDER_MAX_INPUT_PIXELS }
}

/** Checks an uploaded video input (plain media, duration and size limits) and returns its temp file and probe. */
export async function openVideoInput(ctx: JobContext, name: string) {
  assertPlainMedia(requireInput(ctx, name), 'video')
  const file = await inputFile(ctx, name)
  const info = await probeMedia(file, {
    kind: 'video',
    maxSeconds: ctx.config.RENDER_MAX_VIDEO_SECONDS,
    maxPixels: ctx.config.RENDER_MAX_INPUT_PIXELS,
    what: 'video',
  })
  return { file, info }
}
