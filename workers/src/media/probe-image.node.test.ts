import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { probeImage } from './probe-image'

const make = (format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif', o: { lossless?: boolean } = {}) =>
  sharp({ create: { width: 37, height: 23, channels: 3, background: '#3b82f6' } })
    [format](o.lossless ? { lossless: true } : {})
    .toBuffer()
    .then((b) => new Uint8Array(b))

describe('probeImage reads real files made by sharp', () => {
  it.each([
    ['jpeg', 'image/jpeg', {}],
    ['png', 'image/png', {}],
    ['webp', 'image/webp', {}],
    ['webp', 'image/webp', { lossless: true }],
    ['avif', 'image/avif', {}],
    ['gif', 'image/gif', {}],
  ] as const)('%s %o: type and 37×23', async (format, type, o) => {
    expect(probeImage(await make(format, o))).toEqual({ ok: true, type, width: 37, height: 23 })
  })

  it.each(['jpeg', 'png', 'webp', 'avif', 'gif'] as const)('refuses a truncated %s', async (format) => {
    const b = await make(format)
    const probe = probeImage(b.subarray(0, Math.floor(b.length * 0.6)))
    expect(probe.ok).toBe(false)
  })

  it('refuses what is not an image', () => {
    expect(probeImage(new TextEncoder().encode('<svg/>'))).toEqual({ ok: false, reason: 'it is not a JPEG, PNG, WebP, AVIF or GIF image' })
  })
})
