import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { RenderError } from '../errors'
import { convertImage } from '../media/image'
import { analyseClip, pickClips } from '../media/studio/clips'
import { ffmpegOnInput, guardedInput } from '../media/video'
import { imageLimits, type JobRunner, openVideoInput, type ProducedFile } from './types'

/** Posters are delivery previews: at most this wide. */
const POSTER_WIDTH = 720

/**
 * Smart clips: the shots of an uploaded clip (FFmpeg's scene cuts), candidate segments inside
 * them scored for sharpness, motion, exposure and stable framing, and the best `count` that do
 * not overlap, each with a poster frame (its sharpest sampled moment).
 */
export const studioClipsJob: JobRunner<'studio-clips'> = async (job, ctx) => {
  if (job.minSeconds > job.maxSeconds) throw new RenderError('bad_request', `minSeconds (${job.minSeconds}) is more than maxSeconds (${job.maxSeconds})`)
  const { file, info } = await openVideoInput(ctx, job.input)
  const opts = { signal: ctx.signal, onCommand: ctx.onFfmpegCommand }
  const analysis = await analyseClip(file, info.durationSeconds, opts)
  if (analysis.frames.length === 0) throw new RenderError('unsupported_input', 'video has no decodable frames')
  const clips = pickClips(analysis, info.durationSeconds, job)
  const dir = path.join(ctx.tmpDir, 'posters')
  await mkdir(dir)
  const outputs: ProducedFile[] = []
  for (const [i, clip] of clips.entries()) {
    const png = path.join(dir, `clip-${i + 1}.png`)
    await ffmpegOnInput('video', [...guardedInput('video'), '-ss', clip.bestFrameSeconds.toFixed(3), '-i', file, '-frames:v', '1', '-y', png], opts)
    const jpeg = await convertImage(png, 'jpeg', { maxWidth: POSTER_WIDTH, limits: imageLimits(ctx) })
    outputs.push({
      name: `clip-${i + 1}.jpg`,
      contentType: 'image/jpeg',
      width: jpeg.width,
      height: jpeg.height,
      data: jpeg.data,
      meta: { rank: i + 1, startSeconds: clip.startSeconds, endSeconds: clip.endSeconds, score: clip.score },
    })
  }
  return {
    outputs,
    meta: {
      video: { durationSeconds: info.durationSeconds, width: info.width, height: info.height, codec: info.videoCodec },
      clips: clips.map(({ bestFrameSeconds: _b, ...c }) => c),
      cuts: analysis.cuts.map((c) => Math.round(c * 1000) / 1000),
      samples: analysis.frames.length,
    },
  }
}
