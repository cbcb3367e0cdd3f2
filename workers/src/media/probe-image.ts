/**
 * Reads an image's format and dimensions from its header bytes, in plain TypeScript (the Worker
 * cannot run sharp), so an upload that the render node would refuse later (corrupt, truncated, or
 * a decompression bomb that claims billions of pixels) is refused at once with a clear message.
 * Not a decoder: it checks the container structure (segments, chunks, boxes) and the end marker.
 */

/** The render node's `RENDER_MAX_INPUT_PIXELS` default: larger images are refused at upload. */
export const MAX_IMAGE_PIXELS = 40_000_000

export type ImageProbe = { ok: true; type: string; width: number; height: number } | { ok: false; reason: string }

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1]
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8)
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
const u32le = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
const bad = (reason: string): ImageProbe => ({ ok: false, reason })
const dims = (type: string, width: number, height: number): ImageProbe =>
  width > 0 && height > 0 ? { ok: true, type, width, height } : bad('it has no width or height')

function probePng(b: Uint8Array): ImageProbe {
  if (b.length < 33 || ascii(b, 12, 16) !== 'IHDR') return bad('the PNG header is missing')
  let o = 8
  let sawData = false
  while (o + 12 <= b.length) {
    const len = u32be(b, o)
    const type = ascii(b, o + 4, o + 8)
    if (o + 12 + len > b.length) return bad('the PNG is truncated')
    if (type === 'IDAT') sawData = true
    if (type === 'IEND') return sawData ? dims('image/png', u32be(b, 16), u32be(b, 20)) : bad('the PNG has no image data')
    o += 12 + len
  }
  return bad('the PNG is truncated')
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

function probeJpeg(b: Uint8Array): ImageProbe {
  let o = 2
  let size: { w: number; h: number } | null = null
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) return bad('the JPEG is damaged')
    const marker = b[o + 1]
    if (marker === 0xff) {
      o++
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2
      continue
    }
    const len = u16be(b, o + 2)
    if (len < 2 || o + 2 + len > b.length) return bad('the JPEG is truncated')
    if (SOF.has(marker)) {
      if (len < 7) return bad('the JPEG is damaged')
      size = { h: u16be(b, o + 5), w: u16be(b, o + 7) }
    }
    if (marker === 0xda) break // start of scan: entropy-coded data follows
    o += 2 + len
  }
  if (!size) return bad('the JPEG has no frame header')
  // The scan runs to the end-of-image marker; a truncated file lacks it.
  let end = b.length - 1
  while (end > 0 && b[end] === 0x00) end--
  if (!(b[end - 1] === 0xff && b[end] === 0xd9)) return bad('the JPEG is truncated')
  return dims('image/jpeg', size.w, size.h)
}

function probeGif(b: Uint8Array): ImageProbe {
  if (b.length < 14) return bad('the GIF is truncated')
  if (b[b.length - 1] !== 0x3b) return bad('the GIF is truncated')
  return dims('image/gif', u16le(b, 6), u16le(b, 8))
}

function probeWebp(b: Uint8Array): ImageProbe {
  if (u32le(b, 4) + 8 > b.length) return bad('the WebP is truncated')
  const chunk = ascii(b, 12, 16)
  if (chunk === 'VP8X' && b.length >= 30) return dims('image/webp', u24le(b, 24) + 1, u24le(b, 27) + 1)
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21)
    return dims('image/webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
  }
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
    return dims('image/webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff)
  return bad('the WebP header is damaged')
}

/** AVIF (ISOBMFF): the top-level boxes must add up to the file, and `ispe` gives the size. */
function probeAvif(b: Uint8Array): ImageProbe {
  let o = 0
  let meta: [number, number] | null = null
  while (o + 8 <= b.length) {
    let size = u32be(b, o)
    const type = ascii(b, o + 4, o + 8)
    let header = 8
    if (size === 1) {
      if (o + 16 > b.length) return bad('the AVIF is truncated')
      size = u32be(b, o + 8) * 2 ** 32 + u32be(b, o + 12)
      header = 16
    } else if (size === 0) size = b.length - o
    if (size < header || o + size > b.length) return bad('the AVIF is truncated')
    if (type === 'meta') meta = [o + header, o + size]
    o += size
  }
  if (o !== b.length) return bad('the AVIF is truncated')
  if (!meta) return bad('the AVIF has no metadata')
  let best: { w: number; h: number } | null = null
  for (let i = meta[0]; i + 20 <= meta[1]; i++) {
    if (ascii(b, i, i + 4) === 'ispe') {
      const w = u32be(b, i + 8)
      const h = u32be(b, i + 12)
      if (!best || w * h > best.w * best.h) best = { w, h }
    }
  }
  return best ? dims('image/avif', best.w, best.h) : bad('the AVIF has no image size')
}

/** The format and size of an image from its bytes, or why it cannot be used. */
export function probeImage(b: Uint8Array): ImageProbe {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === 'PNG') return probePng(b)
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return probeJpeg(b)
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return probeWebp(b)
  if (b.length >= 6 && ascii(b, 0, 4) === 'GIF8') return probeGif(b)
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 12))) return probeAvif(b)
  return bad('it is not a JPEG, PNG, WebP, AVIF or GIF image')
}
