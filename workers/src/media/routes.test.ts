import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { TINY_PNG } from '../../test/helpers'

describe('GET /media/<key>', () => {
  const key = `m/00000000-0000-0000-0000-000000000000/${'a'.repeat(64)}.png`

  it('serves a content-addressed file with its type and an immutable cache header', async () => {
    await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const res = await SELF.fetch(`http://hub.test/media/${key}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(TINY_PNG)
  })

  it('answers a byte range with 206 (video players need it)', async () => {
    await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const res = await SELF.fetch(`http://hub.test/media/${key}`, { headers: { range: 'bytes=0-7' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 0-7/${TINY_PNG.byteLength}`)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(TINY_PNG.slice(0, 8))
  })

  it('answers 404 in the error shape for a missing file', async () => {
    const res = await SELF.fetch('http://hub.test/media/m/nope.png')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it('answers HEAD with the headers only, and a key without slashes too', async () => {
    await env.MEDIA.put(key, TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const head = await SELF.fetch(`http://hub.test/media/${key}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(TINY_PNG.byteLength))
    expect((await head.arrayBuffer()).byteLength).toBe(0)
    await env.MEDIA.put('flat.png', TINY_PNG, { httpMetadata: { contentType: 'image/png' } })
    const flat = await SELF.fetch('http://hub.test/media/flat.png')
    expect(flat.status).toBe(200)
    expect(flat.headers.get('cache-control')).toBe('public, max-age=300')
  })
})
