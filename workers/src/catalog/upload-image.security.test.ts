import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, TINY_PNG } from '../../test/helpers'

const hub = (p: string) => `http://hub.test${p}`

/** A valid 3×2 baseline JPEG (sharp). */
const JPEG = Uint8Array.from(
  atob(
    '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABgj/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdABykX//Z',
  ),
  (c) => c.charCodeAt(0),
)

/** A PNG whose header claims 100000×100000 pixels (a decompression bomb's shape), with valid chunks. */
function bombPng() {
  const b = new Uint8Array(TINY_PNG)
  const v = new DataView(b.buffer)
  v.setUint32(16, 100_000)
  v.setUint32(20, 100_000)
  return b
}

async function newProduct(headers: { cookie: string }) {
  const res = await SELF.fetch(hub('/api/products'), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Probe me', currency: 'USD', priceMinor: 100 }),
  })
  return ((await res.json()) as { id: string }).id
}
const upload = (id: string, headers: { cookie: string }, body: Uint8Array, type = 'application/octet-stream') =>
  SELF.fetch(hub(`/api/products/${id}/images`), { method: 'POST', headers: { ...headers, 'content-type': type }, body })

describe('image uploads are probed before they are stored', () => {
  it('refuses a truncated JPEG with a clear 4xx and stores nothing', async () => {
    const { headers, merchantId } = await signedInMember()
    const id = await newProduct(headers)
    const res = await upload(id, headers, JPEG.subarray(0, JPEG.length - 6))
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.message).toMatch(/JPEG is truncated/)
    expect(await query(sql`select 1 from media_assets where merchant_id = ${merchantId}`)).toHaveLength(0)
  })

  it('refuses a PNG that claims 100000×100000 pixels with a clear 4xx and stores nothing', async () => {
    const { headers, merchantId } = await signedInMember()
    const id = await newProduct(headers)
    const res = await upload(id, headers, bombPng(), 'image/png')
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { message: string } }
    expect(body.error.message).toBe('the image is 100000×100000 pixels; at most 40 megapixels are accepted')
    expect(await query(sql`select 1 from media_assets where merchant_id = ${merchantId}`)).toHaveLength(0)
  })

  it('accepts a valid JPEG and records its size', async () => {
    const { headers, merchantId } = await signedInMember()
    const id = await newProduct(headers)
    const res = await upload(id, headers, JPEG, 'image/jpeg')
    expect(res.status).toBe(201)
    expect(await query(sql`select content_type, width, height from media_assets where merchant_id = ${merchantId}`)).toEqual([
      { content_type: 'image/jpeg', width: 3, height: 2 },
    ])
  })

  it('enforces the 10 MB cap while reading a body sent without a content-length', async () => {
    const { headers, merchantId } = await signedInMember()
    const id = await newProduct(headers)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 1024 * 1024
        if (sent > 64 * 1024 * 1024) c.close()
        else c.enqueue(sent === 1024 * 1024 ? new Uint8Array([...TINY_PNG, ...new Uint8Array(1024 * 1024 - TINY_PNG.length)]) : new Uint8Array(1024 * 1024))
      },
    })
    const res = await SELF.fetch(hub(`/api/products/${id}/images`), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body,
      // @ts-expect-error workerd needs duplex for a streamed request body
      duplex: 'half',
    })
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(20 * 1024 * 1024)
    expect(await query(sql`select 1 from media_assets where merchant_id = ${merchantId}`)).toHaveLength(0)
  })
})
