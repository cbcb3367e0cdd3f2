// The only module that imports sharp.
import { fileURLToPath } from 'node:url'
import sharp, { type OutputInfo, type OverlayOptions, type Sharp } from 'sharp'
import { rgbaToThumbHash } from 'thumbhash'
import { RenderError } from '../errors'
import { escapeXml, layoutLines, textWidthEm } from './text'

// librsvg/Pango inside sharp find fonts through fontconfig, which reads FONTCONFIG_FILE the first
// time text is drawn. Pointing it at our own file keeps the font set (Noto, see fonts.conf) the
// same on every machine, which keeps overlay pixels, and so output hashes, reproducible.
process.env.FONTCONFIG_FILE ??= fileURLToPath(new URL('../../fonts/fonts.conf', import.meta.url))

/** Families tried in order; fontconfig falls back per character across the whole Noto set. */
export const FONT_FAMILY = 'Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Hebrew, Noto Sans Thai, Noto Sans CJK SC, sans-serif'

export type ImageLimits = { maxInputPixels: number }

export type ImageInfo = { format: string; width: number; height: number; hasAlpha: boolean; orientation?: number }

export type ImageFormat = 'webp' | 'avif' | 'jpeg'

export const IMAGE_CONTENT_TYPES: Record<ImageFormat | 'png', string> = { webp: 'image/webp', avif: 'image/avif', jpeg: 'image/jpeg', png: 'image/png' }
export const IMAGE_EXTENSIONS: Record<ImageFormat | 'png', string> = { webp: 'webp', avif: 'avif', jpeg: 'jpg', png: 'png' }

/**
 * Encoder settings. AVIF at effort 2: sharp's default (4) is ~10× slower here for ~7 % smaller
 * files. All encoders are deterministic for the same pixels.
 */
const ENCODE = {
  webp: (img: Sharp) => img.webp({ quality: 80, effort: 4 }),
  avif: (img: Sharp) => img.avif({ quality: 50, effort: 2, chromaSubsampling: '4:2:0' }),
  jpeg: (img: Sharp) => img.jpeg({ quality: 82, mozjpeg: true, progressive: true }),
  png: (img: Sharp) => img.png({ compressionLevel: 6 }),
} satisfies Record<ImageFormat | 'png', (img: Sharp) => Sharp>

function open(input: Buffer | string, limits: ImageLimits) {
  // failOn 'error' refuses truncated and corrupt files instead of returning half-grey pictures.
  return sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error', sequentialRead: true })
}

/** Turns whatever sharp threw into the render node's error; hostile input must never become a 500. */
function translate(err: unknown, what: string): never {
  if (err instanceof RenderError) throw err
  const message = String((err as Error)?.message ?? err)
  if (/pixel limit|exceeds/i.test(message)) throw new RenderError('input_too_large', `${what} is larger than the pixel limit`, { cause: err })
  throw new RenderError('unsupported_input', `${what} is not a readable image: ${message.split('\n')[0].slice(0, 200)}`, { cause: err })
}

/** Reads an image's format and size without decoding its pixels; refuses corrupt or oversized input. */
export async function probeImage(input: Buffer, limits: ImageLimits, what = 'input'): Promise<ImageInfo> {
  try {
    const meta = await sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error' }).metadata()
    if (!meta.format || !meta.width || !meta.height) throw new RenderError('unsupported_input', `${what} is not a readable image`)
    if (meta.width * meta.height > limits.maxInputPixels) {
      throw new RenderError('input_too_large', `${what} has ${meta.width}×${meta.height} pixels, over the limit of ${limits.maxInputPixels}`)
    }
    if ((meta.pages ?? 1) > 1) throw new RenderError('unsupported_input', `${what} has ${meta.pages} pages or frames; send a still image`)
    return { format: meta.format, width: meta.width, height: meta.height, hasAlpha: Boolean(meta.hasAlpha), orientation: meta.orientation }
  } catch (err) {
    translate(err, what)
  }
}

export type RawImage = { data: Buffer; info: OutputInfo }

/**
 * Crops an image to exactly `width`×`height`, choosing the region with sharp's attention
 * strategy (skin tones, saturation, edges), after applying EXIF orientation. Returns raw pixels
 * so that several sizes and formats can be cut from one decode.
 */
export async function coverCrop(input: Buffer, width: number, height: number, limits: ImageLimits, what = 'input'): Promise<RawImage> {
  try {
    return await open(input, limits)
      .rotate()
      .resize(width, height, { fit: 'cover', position: 'attention', kernel: 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (err) {
    translate(err, what)
  }
}

/**
 * Decodes an image once (EXIF orientation applied), shrunk on load to the smallest size that still
 * covers every box in `boxes`, as raw pixels: the source for several crops (`coverCropRaw`)
 * without decoding the file again for each.
 */
export async function decodeToCover(input: Buffer, boxes: { width: number; height: number }[], limits: ImageLimits, what = 'input'): Promise<RawImage> {
  const meta = await probeImage(input, limits, what)
  const swap = (meta.orientation ?? 1) >= 5
  const w = swap ? meta.height : meta.width
  const h = swap ? meta.width : meta.height
  const scale = Math.min(1, Math.max(...boxes.map((b) => Math.max(b.width / w, b.height / h))))
  try {
    return await open(input, limits)
      .rotate()
      .resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), { fit: 'fill', kernel: 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (err) {
    translate(err, what)
  }
}

/** `coverCrop` from pixels already decoded by `decodeToCover`. */
export async function coverCropRaw(src: RawImage, width: number, height: number): Promise<RawImage> {
  return sharp(src.data, { raw: src.info })
    .resize(width, height, { fit: 'cover', position: 'attention', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true })
}

/** Resizes raw pixels to an exact size (same aspect), optionally laying an RGBA overlay on top; returns raw pixels. */
export async function resizeRaw(src: RawImage, width: number, height: number, overlay?: Buffer): Promise<RawImage> {
  let img = sharp(src.data, { raw: src.info })
  if (src.info.width !== width || src.info.height !== height) img = img.resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
  if (overlay) {
    // composite runs after resize in one pipeline; materialise the resize first so the overlay is drawn at the final size
    const resized = await img.raw().toBuffer({ resolveWithObject: true })
    img = sharp(resized.data, { raw: resized.info }).composite([{ input: overlay, top: 0, left: 0 }])
  }
  return img.removeAlpha().raw().toBuffer({ resolveWithObject: true })
}

/** Encodes raw pixels into one of the delivery formats. */
export async function encodeRaw(src: RawImage, format: ImageFormat | 'png'): Promise<Buffer> {
  return ENCODE[format](sharp(src.data, { raw: src.info })).toBuffer()
}

/** Encodes an image file (decoded with limits) to a format, optionally bounded to `maxWidth`. */
export async function convertImage(
  input: Buffer | string,
  format: ImageFormat | 'png',
  options: { maxWidth?: number; limits: ImageLimits },
): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    let img = open(input, options.limits).rotate()
    if (options.maxWidth) img = img.resize({ width: options.maxWidth, withoutEnlargement: true })
    const { data, info } = await ENCODE[format](img).toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height }
  } catch (err) {
    translate(err, 'frame')
  }
}

/** A ThumbHash (base64) of raw pixels: a ~25-byte blurred placeholder the web app paints before the image loads. */
export async function thumbHashOf(src: RawImage): Promise<string> {
  const scale = 100 / Math.max(src.info.width, src.info.height)
  const { data, info } = await sharp(src.data, { raw: src.info })
    .resize(Math.max(1, Math.round(src.info.width * scale)), Math.max(1, Math.round(src.info.height * scale)), { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
}

export type FrameScore = {
  /** 0..1, higher is better. */
  score: number
  sharpness: number
  entropy: number
  /** Mean luminance 0..1. */
  luminance: number
  /** 16×16 greyscale fingerprint, to tell scenes apart. */
  fingerprint: Uint8Array
}

/**
 * Scores a video frame for use as a cover: detail (Laplacian sharpness and entropy from
 * sharp's stats) weighted by exposure, so black, washed-out and blurred frames lose.
 */
export async function scoreFrame(file: string, limits: ImageLimits): Promise<FrameScore> {
  try {
    // A fixed working size makes sharpness comparable between videos of different resolutions.
    const grey = await open(file, limits).resize(320, 320, { fit: 'inside' }).greyscale().raw().toBuffer({ resolveWithObject: true })
    const stats = await sharp(grey.data, { raw: grey.info }).stats()
    const fingerprint = await sharp(grey.data, { raw: grey.info }).resize(16, 16, { fit: 'fill' }).raw().toBuffer()
    const luminance = stats.channels[0].mean / 255
    const sharpnessNorm = Math.min(1, stats.sharpness / 8)
    const entropyNorm = Math.min(1, stats.entropy / 7.5)
    // Full weight between 0.2 and 0.8 mean luminance, falling to 0 at pure black or white.
    const exposure = luminance < 0.2 ? luminance / 0.2 : luminance > 0.8 ? (1 - luminance) / 0.2 : 1
    const score = exposure * (0.6 * sharpnessNorm + 0.4 * entropyNorm)
    return {
      score: round(score),
      sharpness: round(stats.sharpness),
      entropy: round(stats.entropy),
      luminance: round(luminance),
      fingerprint: new Uint8Array(fingerprint),
    }
  } catch (err) {
    translate(err, 'frame')
  }
}

/** Mean absolute difference of two fingerprints, 0..1. */
export function fingerprintDistance(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i])
  return sum / a.length / 255
}

const round = (n: number) => Math.round(n * 1000) / 1000

// ---- overlays -------------------------------------------------------------------------------

/** A title and price drawn over a thumbnail. */
export type ThumbnailOverlay = { title?: string; price?: string }

/**
 * The title (bottom, on a dark scrim, wrapped to two lines and ellipsized) and a price badge
 * (top right) as a transparent RGBA PNG of exactly `width`×`height`.
 */
export async function renderThumbnailOverlay(overlay: ThumbnailOverlay, width: number, height: number): Promise<Buffer> {
  const u = width / 100 // one percent of the width
  const parts: string[] = []
  if (overlay.title) {
    const fontSize = Math.round(u * (height > width ? 6.4 : 7))
    const lines = layoutLines(overlay.title, { maxWidth: width - 10 * u, fontSize, maxLines: 2 })
    const lineHeight = fontSize * 1.25
    const scrimTop = height - (lines.length * lineHeight + 8 * u)
    parts.push(
      `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#000" stop-opacity="0"/><stop offset="0.35" stop-color="#000" stop-opacity="0.55"/><stop offset="1" stop-color="#000" stop-opacity="0.75"/></linearGradient></defs>`,
      `<rect x="0" y="${r(scrimTop - 6 * u)}" width="${width}" height="${r(height - scrimTop + 6 * u)}" fill="url(#s)"/>`,
      ...lines.map(
        (line, i) =>
          `<text x="${r(width / 2)}" y="${r(scrimTop + 3 * u + fontSize + i * lineHeight)}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="700" font-size="${fontSize}" fill="#fff">${escapeXml(line)}</text>`,
      ),
    )
  }
  if (overlay.price) parts.push(priceBadgeSvg(overlay.price, { right: width - 4 * u, top: 4 * u, fontSize: Math.round(u * (height > width ? 6 : 6.5)) }))
  return svgToPng(width, height, parts.join(''))
}

/** A rounded price badge anchored at its top-right corner. */
function priceBadgeSvg(price: string, at: { right: number; top: number; fontSize: number }): string {
  const [line] = layoutLines(price, { maxWidth: at.fontSize * 12, fontSize: at.fontSize, maxLines: 1 })
  const padX = at.fontSize * 0.6
  const w = textWidthEm(line) * at.fontSize + padX * 2
  const h = at.fontSize * 1.7
  const x = at.right - w
  return (
    `<rect x="${r(x)}" y="${r(at.top)}" width="${r(w)}" height="${r(h)}" rx="${r(h / 2)}" fill="#e11d48"/>` +
    `<text x="${r(x + w / 2)}" y="${r(at.top + h / 2 + at.fontSize * 0.36)}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="700" font-size="${at.fontSize}" fill="#fff">${escapeXml(line)}</text>`
  )
}

/** A caption box (white text on a translucent dark rounded box), centred horizontally. */
function captionSvg(text: string, o: { width: number; centerY: number; fontSize: number; maxLines: number; fill?: string; textFill?: string }): string {
  const lines = layoutLines(text, { maxWidth: o.width * 0.84, fontSize: o.fontSize, maxLines: o.maxLines })
  const lineHeight = o.fontSize * 1.28
  const boxW = Math.max(...lines.map((l) => textWidthEm(l))) * o.fontSize + o.fontSize * 1.4
  const boxH = lines.length * lineHeight + o.fontSize * 0.9
  const top = o.centerY - boxH / 2
  return (
    `<rect x="${r((o.width - boxW) / 2)}" y="${r(top)}" width="${r(boxW)}" height="${r(boxH)}" rx="${r(o.fontSize * 0.45)}" fill="${o.fill ?? '#000'}" fill-opacity="${o.fill ? 1 : 0.58}"/>` +
    lines
      .map(
        (line, i) =>
          `<text x="${r(o.width / 2)}" y="${r(top + o.fontSize * 0.45 + (i + 1) * lineHeight - o.fontSize * 0.3)}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="700" font-size="${o.fontSize}" fill="${o.textFill ?? '#fff'}">${escapeXml(line)}</text>`,
      )
      .join('')
  )
}

/** An overlay image cut to its visible part, with where it goes on the frame. */
export type PlacedOverlay = { png: Buffer; left: number; top: number; width: number; height: number }

export type PromoOverlaySpec = { title: string; priceText?: string; callToAction: string; disclosure?: string; logo?: Buffer }

/**
 * The promo video's overlays, drawn with the same fonts as thumbnails: `base` (price badge,
 * logo watermark, AI disclosure; shown throughout), `title` (caption over the first slides) and
 * `cta` (call to action over the last one). Each is trimmed to its visible box so FFmpeg blends
 * small images, not full frames.
 */
export async function renderPromoOverlays(
  spec: PromoOverlaySpec,
  width: number,
  height: number,
  limits: ImageLimits,
): Promise<{ base?: PlacedOverlay; title: PlacedOverlay; cta: PlacedOverlay }> {
  const u = width / 100
  const base: string[] = []
  const composites: OverlayOptions[] = []
  if (spec.priceText) base.push(priceBadgeSvg(spec.priceText, { right: width - 5 * u, top: 9 * u, fontSize: Math.round(6.6 * u) }))
  if (spec.disclosure) {
    const fs = Math.round(3 * u)
    const w = textWidthEm(spec.disclosure) * fs + fs * 1.2
    base.push(
      `<rect x="${r(3 * u)}" y="${r(height - 3 * u - fs * 1.8)}" width="${r(w)}" height="${r(fs * 1.8)}" rx="${r(fs * 0.4)}" fill="#000" fill-opacity="0.55"/>` +
        `<text x="${r(3 * u + fs * 0.6)}" y="${r(height - 3 * u - fs * 0.55)}" font-family="${FONT_FAMILY}" font-size="${fs}" fill="#fff">${escapeXml(spec.disclosure)}</text>`,
    )
  }
  if (spec.logo) {
    const box = Math.round(20 * u)
    try {
      const logo = await open(spec.logo, limits)
        .rotate()
        .resize(box, box, { fit: 'inside' })
        .ensureAlpha(1)
        // 85 % opacity: a watermark, not a sticker
        .linear([1, 1, 1, 0.85], [0, 0, 0, 0])
        .png()
        .toBuffer()
      composites.push({ input: logo, left: Math.round(5 * u), top: Math.round(9 * u) })
    } catch (err) {
      translate(err, 'logo')
    }
  }
  const title = captionSvg(spec.title, { width, centerY: height * 0.78, fontSize: Math.round(7 * u), maxLines: 3 })
  const cta = captionSvg(spec.callToAction, { width, centerY: height * 0.8, fontSize: Math.round(8 * u), maxLines: 2, fill: '#facc15', textFill: '#111' })
  // the three are independent: drawn side by side
  const [baseOverlay, titleOverlay, ctaOverlay] = await Promise.all([
    base.length || composites.length ? placed(width, height, base.join(''), composites) : undefined,
    placed(width, height, title),
    placed(width, height, cta),
  ])
  return { base: baseOverlay, title: titleOverlay, cta: ctaOverlay }
}

/**
 * Draws a full-frame overlay and cuts it to the box of its visible (alpha > 0) pixels. The box is
 * found by scanning the alpha channel of the raw pixels: libvips' `trim` median-filters the whole
 * frame first, which cost ~130 ms per 1080×1920 overlay, most of a promo's preparation.
 */
async function placed(width: number, height: number, svgBody: string, composites: OverlayOptions[] = []): Promise<PlacedOverlay> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${svgBody}</svg>`
  let img = sharp(Buffer.from(svg), { density: 72 })
  if (composites.length) img = sharp(await img.png().toBuffer()).composite(composites)
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const box = alphaBox(data, info.width, info.height, info.channels)
  const region = box ?? { left: 0, top: 0, width: 1, height: 1 }
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .extract(region)
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer()
  return { png, ...region }
}

/** The smallest box holding every pixel with alpha > 0 of raw interleaved pixels (alpha last), or null when none is visible. */
export function alphaBox(data: Uint8Array, width: number, height: number, channels: number) {
  const a = channels - 1
  const rowVisible = (y: number) => {
    for (let i = y * width * channels + a, end = i + width * channels; i < end; i += channels) if (data[i] !== 0) return true
    return false
  }
  let top = 0
  while (top < height && !rowVisible(top)) top++
  if (top === height) return null
  let bottom = height - 1
  while (bottom > top && !rowVisible(bottom)) bottom--
  let left = width
  let right = -1
  for (let y = top; y <= bottom; y++) {
    const row = y * width * channels + a
    for (let x = 0; x < left; x++) if (data[row + x * channels] !== 0) left = x
    for (let x = width - 1; x > right; x--) if (data[row + x * channels] !== 0) right = x
  }
  return { left, top, width: right - left + 1, height: bottom - top + 1 }
}

async function svgToPng(width: number, height: number, body: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`
  return sharp(Buffer.from(svg), { density: 72 }).png().toBuffer()
}

/**
 * Prepares a promo slide: attention-cropped to the frame's aspect at `scale`× the frame size, so
 * the gentle zoom in the video never magnifies past the source pixels. Written as PNG for FFmpeg.
 */
export async function preparePromoSlide(input: Buffer, width: number, height: number, scale: number, limits: ImageLimits, what: string): Promise<Buffer> {
  const raw = await coverCrop(input, Math.round((width * scale) / 2) * 2, Math.round((height * scale) / 2) * 2, limits, what)
  // An intermediate read once by FFmpeg on the same disk: fastest zlib level, no filter search
  // (level 6 with adaptive filtering spent ~0.3 s per 1242×2208 slide for bytes nobody keeps).
  return sharp(raw.data, { raw: raw.info }).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer()
}

const r = (n: number) => Math.round(n * 10) / 10

// ---- studio -------------------------------------------------------------------------------

/** Photos whose aspect is within this ratio of the frame's are cover-cropped; others get a blurred fill. */
const COVER_ASPECT_TOLERANCE = 1.25

/**
 * A studio slide at `scale`× the frame: photos near the frame's aspect are attention-cropped
 * like promo slides (`preparePromoSlide`); others (a landscape product shot in a 9:16 video) are
 * shown whole over a blurred, darkened fill of themselves, so nothing important is cut off.
 */
export async function prepareStudioSlide(input: Buffer, width: number, height: number, scale: number, limits: ImageLimits, what: string): Promise<Buffer> {
  const meta = await probeImage(input, limits, what)
  const swap = (meta.orientation ?? 1) >= 5
  const aspect = (swap ? meta.height / meta.width : meta.width / meta.height) / (width / height)
  if (aspect < COVER_ASPECT_TOLERANCE && aspect > 1 / COVER_ASPECT_TOLERANCE) return preparePromoSlide(input, width, height, scale, limits, what)
  const sw = Math.round((width * scale) / 2) * 2
  const sh = Math.round((height * scale) / 2) * 2
  try {
    // the fill is blurred at an eighth of the size (cheap), then scaled up: it only has to be soft
    const small = await coverCrop(input, Math.max(8, Math.round(sw / 8)), Math.max(8, Math.round(sh / 8)), limits, what)
    const fill = await sharp(small.data, { raw: small.info }).blur(3).modulate({ brightness: 0.72 }).resize(sw, sh, { kernel: 'cubic' }).raw().toBuffer()
    const photo = await open(input, limits)
      .rotate()
      .resize(Math.round(sw * 0.92), Math.round(sh * 0.92), { fit: 'inside', kernel: 'lanczos3' })
      .png()
      .toBuffer({ resolveWithObject: true })
    return await sharp(fill, { raw: { width: sw, height: sh, channels: 3 } })
      .composite([{ input: photo.data, left: Math.round((sw - photo.info.width) / 2), top: Math.round((sh - photo.info.height) / 2) }])
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer()
  } catch (err) {
    translate(err, what)
  }
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textColourOn(hex: string): '#111111' | '#ffffff' {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.35 ? '#111111' : '#ffffff'
}

/**
 * A text card at `scale`× the frame (so it zooms like a photo slide): the text large and centred
 * on the brand colour, with a soft diagonal shade so the motion is visible.
 */
export async function renderTextCard(text: string, brandColor: string, width: number, height: number, scale: number): Promise<Buffer> {
  const w = Math.round((width * scale) / 2) * 2
  const h = Math.round((height * scale) / 2) * 2
  const u = w / 100
  const fontSize = Math.round(9 * u)
  const lines = text.trim() ? layoutLines(text, { maxWidth: w * 0.74, fontSize, maxLines: 5 }) : []
  const lineHeight = fontSize * 1.22
  const top = h * 0.46 - (lines.length * lineHeight) / 2
  const fill = textColourOn(brandColor)
  const body =
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.14"/><stop offset="1" stop-color="#000" stop-opacity="0.22"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="${brandColor}"/><rect width="${w}" height="${h}" fill="url(#g)"/>` +
    lines
      .map(
        (line, i) =>
          `<text x="${r(w / 2)}" y="${r(top + (i + 0.8) * lineHeight)}" text-anchor="middle" font-family="${FONT_FAMILY}" font-weight="800" font-size="${fontSize}" fill="${fill}">${escapeXml(line)}</text>`,
      )
      .join('')
  const png = await svgToPng(w, h, body)
  return sharp(png).removeAlpha().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer()
}

/** Where the studio's overlays sit on the frame, in pixels; the layout module computes it. */
export type StudioOverlayLayout = {
  logo: { left: number; top: number; box: number }
  disclosure: { left: number; top: number; fontSize: number }
  badge: { right: number; top: number; fontSize: number }
  cta: { centerY: number; fontSize: number }
  qr: { centerX: number; top: number; size: number }
}

export type StudioOverlaySpec = {
  logo?: Buffer
  disclosure?: string
  priceText?: string
  callToAction?: string
  qr?: { size: number; dark: (row: number, col: number) => boolean }
}

/**
 * The studio video's overlays, trimmed to their visible boxes: `disclosure` (the AI label, on
 * every cut, all the time), `logo` (the shop's watermark: storefront cut only, since TikTok's
 * sharing guidelines forbid superimposed logos and watermarks) and `store` (price badge, call to
 * action and QR code, for the storefront cut's last scene).
 */
export async function renderStudioOverlays(
  spec: StudioOverlaySpec,
  layout: StudioOverlayLayout,
  width: number,
  height: number,
  limits: ImageLimits,
): Promise<{ disclosure?: PlacedOverlay; logo?: PlacedOverlay; store?: PlacedOverlay }> {
  let disclosure: string | undefined
  if (spec.disclosure) {
    const { left, top, fontSize: fs } = layout.disclosure
    const w = textWidthEm(spec.disclosure) * fs + fs * 1.2
    disclosure =
      `<rect x="${r(left)}" y="${r(top)}" width="${r(w)}" height="${r(fs * 1.8)}" rx="${r(fs * 0.4)}" fill="#000" fill-opacity="0.55"/>` +
      `<text x="${r(left + fs * 0.6)}" y="${r(top + fs * 1.25)}" font-family="${FONT_FAMILY}" font-size="${fs}" fill="#fff">${escapeXml(spec.disclosure)}</text>`
  }
  let logo: PlacedOverlay | undefined
  if (spec.logo) {
    try {
      const png = await open(spec.logo, limits)
        .rotate()
        .resize(layout.logo.box, layout.logo.box, { fit: 'inside' })
        .ensureAlpha(1)
        // 85 % opacity: a watermark, not a sticker
        .linear([1, 1, 1, 0.85], [0, 0, 0, 0])
        .png()
        .toBuffer({ resolveWithObject: true })
      logo = { png: png.data, left: layout.logo.left, top: layout.logo.top, width: png.info.width, height: png.info.height }
    } catch (err) {
      translate(err, 'logo')
    }
  }
  const store: string[] = []
  if (spec.priceText) store.push(priceBadgeSvg(spec.priceText, layout.badge))
  if (spec.callToAction) {
    store.push(
      captionSvg(spec.callToAction, { width, centerY: layout.cta.centerY, fontSize: layout.cta.fontSize, maxLines: 2, fill: '#facc15', textFill: '#111' }),
    )
  }
  if (spec.qr) {
    const { centerX, top, size } = layout.qr
    const quiet = 2
    const cell = size / (spec.qr.size + quiet * 2)
    const x0 = centerX - size / 2
    let path = ''
    for (let row = 0; row < spec.qr.size; row++)
      for (let col = 0; col < spec.qr.size; col++)
        if (spec.qr.dark(row, col)) path += `M${r(x0 + (col + quiet) * cell)} ${r(top + (row + quiet) * cell)}h${r(cell)}v${r(cell)}h-${r(cell)}z`
    store.push(
      `<rect x="${r(x0)}" y="${r(top)}" width="${r(size)}" height="${r(size)}" rx="${r(cell)}" fill="#fff"/><path d="${path}" fill="#000" shape-rendering="crispEdges"/>`,
    )
  }
  return {
    disclosure: disclosure ? await placed(width, height, disclosure) : undefined,
    logo,
    store: store.length ? await placed(width, height, store.join('')) : undefined,
  }
}
