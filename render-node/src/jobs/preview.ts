import { readFile } from 'node:fs/promises'
import { PREVIEW, renderPreview } from '../media/video'
import { type JobRunner, openVideoInput } from './types'

/** A silent storefront loop (MP4 + animated WebP) from an uploaded video. */
export const previewJob: JobRunner<'preview'> = async (job, ctx) => {
  const { file, info } = await openVideoInput(ctx, job.input)
  const duration = job.durationSeconds
  // skip a typical intro, but never run past the end
  const start = Math.max(0, Math.min(job.startSeconds ?? info.durationSeconds * 0.1, info.durationSeconds - duration))
  const out = await renderPreview(file, ctx.tmpDir, {
    encoder: ctx.encoder,
    startSeconds: start,
    durationSeconds: duration,
    sourceSeconds: info.durationSeconds,
    signal: ctx.signal,
    onCommand: ctx.onFfmpegCommand,
  })
  const durationMs = Math.round(duration * 1000)
  return {
    encoder: ctx.encoder,
    outputs: [
      { name: 'preview.mp4', contentType: 'video/mp4', width: PREVIEW.width, height: PREVIEW.height, durationMs, data: await readFile(out.mp4) },
      { name: 'preview.webp', contentType: 'image/webp', width: PREVIEW.webpWidth, height: PREVIEW.webpHeight, durationMs, data: await readFile(out.webp) },
    ],
    meta: {
      startSeconds: Math.round(start * 1000) / 1000,
      looped: info.durationSeconds < start + duration,
      source: { durationSeconds: info.durationSeconds, width: info.width, height: info.height },
    },
  }
}
