import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, TINY_PNG } from '../../test/helpers'

const url = (p: string) => `http://hub.test${p}`
type Headers = { cookie: string }
const send = (method: string, p: string, headers: Headers, json?: unknown) =>
  SELF.fetch(url(p), {
    method,
    headers: { ...headers, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })

type Product = {
  id: string
  slug: string
  title: string
  status: string
  priceMinor: number
  stock: number | null
  tags: string[]
  variants: { id: string; title: string; priceMinor: number; options: Record<string, string> }[]
  images: { assetId: string; key: string }[]
}

const tee = {
  title: 'Ankara Print Tee',
  currency: 'NGN',
  description: 'Bold wax-print cotton tee',
  tags: ['Ankara', 'tee'],
  category: 'fashion',
  variants: [
    { options: { size: 'M', colour: 'Red' }, priceMinor: 1_500_000, sku: 'TEE-M-R', stock: 4 },
    { options: { size: 'L', colour: 'Red' }, priceMinor: 1_700_000, sku: 'TEE-L-R', stock: 0 },
  ],
}

describe('products', () => {
  it('creates a product with two variants; price and stock roll up from the variants', async () => {
    const { headers } = await signedInMember()
    const res = await send('POST', '/api/products', headers, tee)
    expect(res.status).toBe(201)
    const p = (await res.json()) as Product
    expect(p.slug).toBe('ankara-print-tee')
    expect(p.status).toBe('draft')
    expect(p.priceMinor).toBe(1_500_000)
    expect(p.stock).toBe(4)
    expect(p.tags).toEqual(['ankara', 'tee'])
    expect(p.variants.map((v) => v.title)).toEqual(['M / Red', 'L / Red'])
    const second = (await (await send('POST', '/api/products', headers, tee)).json()) as Product
    expect(second.slug).toBe('ankara-print-tee-2')
  })

  it('rejects money in decimals and a bad currency with field-level messages', async () => {
    const { headers } = await signedInMember()
    const res = await send('POST', '/api/products', headers, { title: 'x', currency: 'naira', priceMinor: 12.5 })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } }
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['currency', 'priceMinor'])
  })

  it('updates variants keeping ids, and records the change in the audit log', async () => {
    const { headers } = await signedInMember()
    const p = (await (await send('POST', '/api/products', headers, tee)).json()) as Product
    const keep = p.variants[0]
    const res = await send('PATCH', `/api/products/${p.id}`, headers, {
      status: 'published',
      variants: [{ id: keep.id, options: keep.options, priceMinor: 1_200_000, stock: 2 }],
    })
    expect(res.status).toBe(200)
    const updated = (await res.json()) as Product
    expect(updated.variants).toHaveLength(1)
    expect(updated.variants[0].id).toBe(keep.id)
    expect(updated.priceMinor).toBe(1_200_000)
    const audit = (await (await send('GET', `/api/audit?entityId=${p.id}`, headers)).json()) as {
      items: { action: string; userEmail: string; changes: Record<string, unknown> }[]
    }
    expect(audit.items.map((a) => a.action)).toEqual(['product.update', 'product.create'])
    expect(audit.items[0].changes.status).toEqual({ from: 'draft', to: 'published' })
  })

  it('finds a product by a misspelled word and filters by status, tag, price and stock', async () => {
    const { headers } = await signedInMember()
    await send('POST', '/api/products', headers, tee)
    await send('POST', '/api/products', headers, {
      title: 'Leather Sandals',
      currency: 'NGN',
      priceMinor: 900_000,
      stock: 0,
      status: 'published',
      tags: ['shoes'],
    })
    const search = async (qs: string) => ((await (await send('GET', `/api/products?${qs}`, headers)).json()) as { items: Product[] }).items.map((p) => p.title)
    expect(await search('q=ankra')).toEqual(['Ankara Print Tee'])
    expect(await search('q=sandels')).toEqual(['Leather Sandals'])
    expect(await search('status=published')).toEqual(['Leather Sandals'])
    expect(await search('tag=ankara')).toEqual(['Ankara Print Tee'])
    expect(await search('maxPriceMinor=1000000')).toEqual(['Leather Sandals'])
    expect(await search('inStock=true')).toEqual(['Ankara Print Tee'])
  })

  it('lets a viewer read but not write', async () => {
    const owner = await signedInMember()
    const viewer = await signedInMember({ merchantId: owner.merchantId, role: 'viewer' })
    expect((await send('GET', '/api/products', viewer.headers)).status).toBe(200)
    expect((await send('POST', '/api/products', viewer.headers, tee)).status).toBe(403)
  })

  it('uploads an image to R2 and its thumbnails appear once the render node is done', async () => {
    const { headers } = await signedInMember()
    const p = (await (await send('POST', '/api/products', headers, tee)).json()) as Product
    const form = new FormData()
    form.append('file', new Blob([TINY_PNG], { type: 'image/png' }), 'tee.png')
    const res = await SELF.fetch(url(`/api/products/${p.id}/images`), { method: 'POST', headers, body: form })
    expect(res.status).toBe(201)
    const image = (await res.json()) as { key: string; contentType: string }
    expect(image.contentType).toBe('image/png')
    const media = await SELF.fetch(url(`/media/${image.key}`))
    expect(media.status).toBe(200)
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(TINY_PNG)
    const thumbs = await eventually(
      async () => {
        const d = (await (await send('GET', `/api/products/${p.id}`, headers)).json()) as { images: { thumbnails: unknown[] }[] }
        return d.images[0]?.thumbnails.length ? d.images[0].thumbnails : null
      },
      { timeoutMs: 30_000 },
    )
    expect(thumbs.length).toBeGreaterThan(0)
    // The products table reads the same first image with its thumbnails (one query with the search).
    const list = (await (await send('GET', '/api/products?q=tee', headers)).json()) as {
      items: { id: string; image: { key: string; thumbnails: { key: string }[] } | null }[]
    }
    const row = list.items.find((i) => i.id === p.id)
    expect(row?.image?.key).toBe(image.key)
    expect(row?.image?.thumbnails.map((t) => t.key).sort()).toEqual((thumbs as { key: string }[]).map((t) => t.key).sort())
  })

  it('refuses a file that is not an image, whatever its declared type', async () => {
    const { headers } = await signedInMember()
    const p = (await (await send('POST', '/api/products', headers, tee)).json()) as Product
    const res = await SELF.fetch(url(`/api/products/${p.id}/images`), { method: 'POST', headers: { ...headers, 'content-type': 'image/png' }, body: 'hello' })
    expect(res.status).toBe(415)
  })
})

describe('bulk edit', () => {
  it('publishes, tags and reprices many products at once (variants too)', async () => {
    const { headers } = await signedInMember()
    const a = (await (await send('POST', '/api/products', headers, tee)).json()) as Product
    const b = (await (await send('POST', '/api/products', headers, { title: 'Cap', currency: 'NGN', priceMinor: 1000 })).json()) as Product
    const ids = [a.id, b.id]
    expect((await send('POST', '/api/products/bulk', headers, { ids, action: { type: 'set_status', status: 'published' } })).status).toBe(200)
    await send('POST', '/api/products/bulk', headers, { ids, action: { type: 'add_tags', tags: ['sale'] } })
    const res = await send('POST', '/api/products/bulk', headers, { ids, action: { type: 'change_price', by: 'percent', value: -10 } })
    expect(await res.json()).toEqual({ updated: 2, notFound: [] })
    const rows = await query<{ status: string; price_minor: string; tags: string[] }>(
      sql`select status, price_minor, tags from products where id in (${a.id}, ${b.id}) order by title`,
    )
    expect(rows.map((r) => [r.status, Number(r.price_minor), r.tags.includes('sale')])).toEqual([
      ['published', 1_350_000, true],
      ['published', 900, true],
    ])
    const variants = await query<{ price_minor: string }>(sql`select price_minor from product_variants where product_id = ${a.id} order by position`)
    expect(variants.map((v) => Number(v.price_minor))).toEqual([1_350_000, 1_530_000])
  })
})
