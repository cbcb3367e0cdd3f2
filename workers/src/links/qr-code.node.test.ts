import jsQR from 'jsqr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { qrMatrix, qrPng, qrSvg } from './qr-code'

const decode = async (image: Buffer | Uint8Array) => {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null
}

describe('QR codes', () => {
  const url = 'https://hub.example/l/Ab3dE9x?qr=1'

  it('encodes a PNG with the logo hole in the middle that still decodes to the link', async () => {
    const png = await qrPng(qrMatrix(url), { scale: 8, badge: '#e11d48' })
    const meta = await sharp(png).metadata()
    expect(meta.format).toBe('png')
    expect(await decode(png)).toBe(url)
  })

  it('keeps the logo under ~20% of the modules', () => {
    const m = qrMatrix(url)
    expect(m.logo).not.toBeNull()
    expect((m.logo?.span ?? 0) ** 2 / m.size ** 2).toBeLessThan(0.2)
  })

  it('renders an SVG that rasterises to a scannable code', async () => {
    const svg = qrSvg(qrMatrix(url), { initial: 'Demo' })
    expect(svg).toContain('<svg')
    expect(await decode(await sharp(Buffer.from(svg)).png().toBuffer())).toBe(url)
  })
})
