import {
  coverCrop,
  encodeRaw,
  IMAGE_CONTENT_TYPES,
  IMAGE_EXTENSIONS,
  type ImageFormat,
  probeImage,
  renderThumbnailOverlay,
  resizeRaw,
  thumbHashOf,
} from '../media/image'
import { imageLimits, type JobRunner, type ProducedFile, requireInput } from './types'

/**
 * Output sizes per crop. 9:16 at 320/640/1080 covers phone tiles at 1×–3× DPR up to a full-screen
 * story; square at 200/400/800 covers grid cards and chat previews at 1×–2×.
 */
export const THUMBNAIL_SIZES = {
  portrait: [
    { width: 320, height: 568 },
    { width: 640, height: 1136 },
    { width: 1080, height: 1920 },
  ],
  square: [
    { width: 200, height: 200 },
    { width: 400, height: 400 },
    { width: 800, height: 800 },
  ],
} as const

/** Thumbnails: one decode and attention crop per aspect, then every width × format from those pixels. */
export const thumbnailsJob: JobRunner<'thumbnails'> = async (job, ctx) => {
  const input = requireInput(ctx, job.input)
  const limits = imageLimits(ctx)
  const source = await probeImage(input, limits)
  const overlay = job.overlay && (job.overlay.title?.trim() || job.overlay.price?.trim()) ? job.overlay : undefined
  const outputs: ProducedFile[] = []
  const thumbhash: Record<string, string> = {}
  for (const crop of job.crops) {
    const sizes = THUMBNAIL_SIZES[crop]
    const largest = sizes[sizes.length - 1]
    const base = await coverCrop(input, largest.width, largest.height, limits)
    // the placeholder shows the picture, not the text over it
    thumbhash[crop] = await thumbHashOf(base)
    for (const size of sizes) {
      const ov = overlay ? await renderThumbnailOverlay(overlay, size.width, size.height) : undefined
      const pixels = await resizeRaw(base, size.width, size.height, ov)
      const encoded = await Promise.all(job.formats.map((format: ImageFormat) => encodeRaw(pixels, format)))
      job.formats.forEach((format, i) => {
        outputs.push({
          name: `${crop}-${size.width}.${IMAGE_EXTENSIONS[format]}`,
          contentType: IMAGE_CONTENT_TYPES[format],
          width: size.width,
          height: size.height,
          data: encoded[i],
          meta: { crop, format },
        })
      })
    }
  }
  return {
    outputs,
    meta: {
      thumbhash,
      source: { format: source.format, width: source.width, height: source.height },
      overlay: Boolean(overlay),
      upscaled: job.crops.some((c) => {
        const l = THUMBNAIL_SIZES[c][2]
        return source.width < l.width && source.height < l.height
      }),
    },
  }
}
