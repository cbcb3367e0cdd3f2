import {
  coverCrop,
  coverCropRaw,
  decodeToCover,
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

/**
 * Thumbnails: one decode of the source for the whole job (one crop: decoded, shrunk on load and
 * attention-cropped in one pipeline; several: decoded once to cover them all, then cropped from
 * those pixels), then every width × format from the crop, all sizes and formats encoded at once
 * so libvips keeps both cores busy while the small sizes finish.
 */
export const thumbnailsJob: JobRunner<'thumbnails'> = async (job, ctx) => {
  const input = requireInput(ctx, job.input)
  const limits = imageLimits(ctx)
  const source = await probeImage(input, limits)
  const overlay = job.overlay && (job.overlay.title?.trim() || job.overlay.price?.trim()) ? job.overlay : undefined
  const largestOf = (crop: (typeof job.crops)[number]) => THUMBNAIL_SIZES[crop][THUMBNAIL_SIZES[crop].length - 1]
  const decoded = job.crops.length > 1 ? await decodeToCover(input, job.crops.map(largestOf), limits) : undefined
  const thumbhash: Record<string, string> = {}
  const perCrop = await Promise.all(
    job.crops.map(async (crop) => {
      const largest = largestOf(crop)
      const base = decoded ? await coverCropRaw(decoded, largest.width, largest.height) : await coverCrop(input, largest.width, largest.height, limits)
      const [hash, ...perSize] = await Promise.all([
        // the placeholder shows the picture, not the text over it
        thumbHashOf(base),
        ...THUMBNAIL_SIZES[crop].map(async (size) => {
          const ov = overlay ? await renderThumbnailOverlay(overlay, size.width, size.height) : undefined
          const pixels = await resizeRaw(base, size.width, size.height, ov)
          const encoded = await Promise.all(job.formats.map((format: ImageFormat) => encodeRaw(pixels, format)))
          return job.formats.map(
            (format, i): ProducedFile => ({
              name: `${crop}-${size.width}.${IMAGE_EXTENSIONS[format]}`,
              contentType: IMAGE_CONTENT_TYPES[format],
              width: size.width,
              height: size.height,
              data: encoded[i],
              meta: { crop, format },
            }),
          )
        }),
      ])
      thumbhash[crop] = hash as string
      return (perSize as ProducedFile[][]).flat()
    }),
  )
  const outputs = perCrop.flat()
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
