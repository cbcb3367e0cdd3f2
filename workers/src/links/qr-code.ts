import { create } from 'qrcode'
import { escapeHtml } from '../lib/html'

/**
 * QR codes for short links and products, drawn from the module matrix of the `qrcode` package
 * (error correction H: up to ~30% of codewords can be lost, so a logo in the middle still scans).
 * SVG and PNG are both made here, in the Worker: `qrcode`'s own PNG path needs Node's pngjs/zlib,
 * so PNG is encoded by hand (filter 0 rows, zlib via CompressionStream('deflate')) — no render
 * node round trip for an image the merchant downloads on demand.
 */

export type QrMatrix = { size: number; dark: (row: number, col: number) => boolean; logo: { start: number; span: number } | null }

const QUIET = 4 // modules of white border the spec asks for

/** The module matrix with a centred square hole for the logo, ≤ ~20% of the modules' side², i.e. ~7% of the area. */
export function qrMatrix(text: string, opts: { logo?: boolean } = {}): QrMatrix {
  const qr = create(text, { errorCorrectionLevel: 'H' })
  const size = qr.modules.size
  const data = qr.modules.data
  let logo: QrMatrix['logo'] = null
  if (opts.logo !== false) {
    // Odd span so the hole is centred; about 26% of the side → ~7% of the modules, well within H's margin.
    let span = Math.floor(size * 0.26)
    if (span % 2 === 0) span -= 1
    logo = { start: (size - span) / 2, span }
  }
  const inLogo = (r: number, c: number) => !!logo && r >= logo.start && r < logo.start + logo.span && c >= logo.start && c < logo.start + logo.span
  return { size, logo, dark: (r, c) => !inLogo(r, c) && data[r * size + c] === 1 }
}

/** SVG with the logo (an image URL, e.g. the shop avatar) or a badge with the shop's initial. */
export function qrSvg(m: QrMatrix, opts: { color?: string; logoUrl?: string | null; initial?: string } = {}): string {
  const color = opts.color ?? '#111827'
  const full = m.size + QUIET * 2
  let path = ''
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) if (m.dark(r, c)) path += `M${c + QUIET} ${r + QUIET}h1v1h-1z`
  }
  let logo = ''
  if (m.logo) {
    const x = m.logo.start + QUIET
    const pad = 0.6
    const inner = m.logo.span - pad * 2
    logo = `<rect x="${x}" y="${x}" width="${m.logo.span}" height="${m.logo.span}" fill="#fff"/>`
    logo += opts.logoUrl
      ? `<image href="${escapeHtml(opts.logoUrl)}" x="${x + pad}" y="${x + pad}" width="${inner}" height="${inner}" preserveAspectRatio="xMidYMid slice"/>`
      : `<rect x="${x + pad}" y="${x + pad}" width="${inner}" height="${inner}" rx="${inner / 4}" fill="${escapeHtml(color)}"/><text x="${x + m.logo.span / 2}" y="${x + m.logo.span / 2}" dominant-baseline="central" text-anchor="middle" font-family="system-ui,sans-serif" font-weight="700" font-size="${inner * 0.6}" fill="#fff">${escapeHtml((opts.initial ?? '').slice(0, 1).toUpperCase())}</text>`
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" width="${full * 8}" height="${full * 8}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="${escapeHtml(color)}" d="${path}"/>${logo}</svg>`
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

const hexRgb = (hex: string): [number, number, number] => {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex)
  const n = m ? Number.parseInt(m[1], 16) : 0x111827
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** An RGB PNG of the matrix, `scale` pixels per module, with a rounded colour badge as the logo. */
export async function qrPng(m: QrMatrix, opts: { scale?: number; color?: string; badge?: string } = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 10
  const fg = hexRgb(opts.color ?? '#111827')
  const badge = hexRgb(opts.badge ?? opts.color ?? '#111827')
  const px = (m.size + QUIET * 2) * scale
  const raw = new Uint8Array(px * (px * 3 + 1)).fill(255)
  const logoPx = m.logo ? { from: (m.logo.start + QUIET) * scale, to: (m.logo.start + QUIET + m.logo.span) * scale } : null
  for (let y = 0; y < px; y++) {
    const rowStart = y * (px * 3 + 1)
    raw[rowStart] = 0 // filter type: none
    const r = Math.floor(y / scale) - QUIET
    for (let x = 0; x < px; x++) {
      const c = Math.floor(x / scale) - QUIET
      let color: [number, number, number] | null = null
      if (r >= 0 && c >= 0 && r < m.size && c < m.size && m.dark(r, c)) color = fg
      else if (logoPx && x >= logoPx.from && x < logoPx.to && y >= logoPx.from && y < logoPx.to) {
        // A rounded badge inset by 60% of a module: the brand mark in the middle.
        const inset = Math.round(scale * 0.6)
        const lo = logoPx.from + inset
        const hi = logoPx.to - inset
        const rad = (hi - lo) / 4
        const dx = Math.max(lo + rad - x, 0, x - (hi - rad))
        const dy = Math.max(lo + rad - y, 0, y - (hi - rad))
        if (x >= lo && x < hi && y >= lo && y < hi && dx * dx + dy * dy <= rad * rad) color = badge
      }
      if (color) raw.set(color, rowStart + 1 + x * 3)
    }
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, px)
  v.setUint32(4, px)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit, RGB, deflate, adaptive filtering, no interlace
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', await zlib(raw)), chunk('IEND', new Uint8Array())]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
