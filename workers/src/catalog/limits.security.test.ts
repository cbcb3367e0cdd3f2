import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

// Issue 12 #9/#10: one schema per entity on every write path; no 500 for input the API can name.
const url = (p: string) => `http://hub.test${p}`
type H = { cookie: string }
const send = (method: string, p: string, headers: H, json?: unknown) =>
  SELF.fetch(url(p), { method, headers: { ...headers, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) })
const postCsv = (headers: H, csv: string) =>
  SELF.fetch(url('/api/products/import'), { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv })
type ErrorBody = { error: { code: string; message: string; details?: { path?: string; column?: string; line?: number; message: string }[] } }
const countProducts = async (merchantId: string) =>
  Number((await query<{ n: number }>(sql`select count(*)::int as n from products where merchant_id = ${merchantId}`))[0].n)

describe('PATCH with nothing to change', () => {
  it('answers 400 naming the problem on the product, shop, link and category PATCH routes', async () => {
    const { headers } = await signedInMember()
    const product = (await (await send('POST', '/api/products', headers, { title: 'Tee', currency: 'USD', priceMinor: 100 })).json()) as { id: string }
    const link = (await (await send('POST', '/api/links', headers, { url: 'https://example.com/x', title: 'x' })).json()) as { link?: { id: string } }
    const targets = [`/api/products/${product.id}`, '/api/shop']
    if (link.link?.id) targets.push(`/api/links/${link.link.id}`)
    for (const p of targets) {
      const res = await send('PATCH', p, headers, {})
      expect(res.status, p).toBe(400)
      const body = (await res.json()) as ErrorBody
      expect(body.error.code).toBe('bad_request')
      expect(JSON.stringify(body.error)).toMatch(/at least one field/)
    }
  })
})

describe('bulk change_price keeps to the price cap', () => {
  it('never pushes a price (or a variant price) above 1e12, however often it repeats', async () => {
    const { headers } = await signedInMember()
    const a = (await (await send('POST', '/api/products', headers, { title: 'Capped', currency: 'USD', priceMinor: 1e12 })).json()) as { id: string }
    const b = (await (
      await send('POST', '/api/products', headers, { title: 'Variants', currency: 'USD', variants: [{ options: { size: 'M' }, priceMinor: 9e11 }] })
    ).json()) as { id: string }
    for (let i = 0; i < 5; i++) {
      const res = await send('POST', '/api/products/bulk', headers, { ids: [a.id, b.id], action: { type: 'change_price', by: 'percent', value: 1000 } })
      expect(res.status).toBe(200)
    }
    const up = await send('POST', '/api/products/bulk', headers, { ids: [a.id, b.id], action: { type: 'change_price', by: 'amount', value: 1e12 } })
    expect(up.status).toBe(200)
    const rows = await query<{ price: string }>(
      sql`select price_minor::text as price from products where id in (${a.id}, ${b.id}) union all select price_minor::text from product_variants where product_id = ${b.id}`,
    )
    for (const r of rows) expect(Number(r.price)).toBeLessThanOrEqual(1e12)
    const got = (await (await send('GET', `/api/products/${a.id}`, headers)).json()) as { priceMinor: number }
    expect(got.priceMinor).toBe(1e12)
  })
})

describe('CSV import validates rows with the JSON API schema', () => {
  const header = 'handle,title,description,tags,price,stock,variant_price,option1_name,option1_value,variant_stock'
  it('refuses a 4 MB description, 3,000 tags and stock=99999999999999 as row errors naming the field; nothing is written', async () => {
    const { headers, merchantId } = await signedInMember()
    const tags = Array.from({ length: 3000 }, (_, i) => `t${i}`).join(',')
    const csv = [
      header,
      `huge-description,Huge,"${'x'.repeat(4 * 1024 * 1024)}",,10.00,1,,,,`,
      `many-tags,Tags,ok,"${tags}",10.00,1,,,,`,
      'big-stock,Stock,ok,,10.00,99999999999999,,,,',
      'big-variant-stock,Variant,ok,,,,10.00,size,M,99999999999999',
      'fine,Fine,ok,,10.00,3,,,,',
    ].join('\n')
    const res = await postCsv(headers, csv)
    expect(res.status).toBe(422)
    const body = (await res.json()) as ErrorBody
    const byLine = new Map((body.error.details ?? []).map((d) => [d.line, d]))
    expect(byLine.get(2)?.column).toBe('description')
    expect(byLine.get(3)?.column).toBe('tags')
    expect(byLine.get(4)?.column).toBe('stock')
    expect(byLine.get(5)?.column).toBe('variant_stock')
    expect(byLine.has(6)).toBe(false)
    expect(await countProducts(merchantId)).toBe(0)
  })
})
