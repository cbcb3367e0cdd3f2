// The only module that imports sharp.
import sharp from 'sharp'
import { RenderError } from '../errors'

export type ImageLimits = { maxInputPixels: number }

export type ImageInfo = { format: string; width: number; height: number; hasAlpha: boolean; orientation?: number }

/** Reads an image's format and size without decoding its pixels; refuses corrupt or oversized input. */
export async function probeImage(input: Buffer, limits: ImageLimits): Promise<ImageInfo> {
  try {
    const meta = await sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error' }).metadata()
    if (!meta.format || !meta.width || !meta.height) throw new RenderError('unsupported_input', 'not a readable image')
    if (meta.width * meta.height > limits.maxInputPixels) {
      throw new RenderError('input_too_large', `image has ${meta.width}×${meta.height} pixels, over the limit of ${limits.maxInputPixels}`)
    }
    return { format: meta.format, width: meta.width, height: meta.height, hasAlpha: Boolean(meta.hasAlpha), orientation: meta.orientation }
  } catch (err) {
    if (err instanceof RenderError) throw err
    throw new RenderError('unsupported_input', `not a readable image: ${(err as Error).message}`, { cause: err })
  }
}
