import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql, TINY_PNG } from '../../test/helpers'

const url = (p: string) => `http://hub.test${p}`
type H = { cookie: string }
const postJson = (p: string, headers: H, json: unknown) =>
  SELF.fetch(url(p), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(json) })
const postCsv = (p: string, headers: H, csv: string) => SELF.fetch(url(p), { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv })

/** The catalog as comparable data: everything but ids, timestamps and refs. */
async function catalogOf(merchantId: string) {
  const products = await query<Record<string, unknown>>(
    sql`select slug, title, description, status, price_minor::int, compare_at_minor::int, currency, sku, stock, category, tags,
      (select json_agg(json_build_object('title', v.title, 'options', v.options, 'price', v.price_minor, 'sku', v.sku, 'stock', v.stock) order by v.position) from product_variants v where v.product_id = p.id) as variants,
      (select json_agg(a.sha256 order by pm.position) from product_media pm join media_assets a on a.id = pm.asset_id where pm.product_id = p.id) as images
      from products p where merchant_id = ${merchantId} order by slug`,
  )
  return products
}

describe('CSV export and import', () => {
  it('exports a catalog that imports into another shop without loss (variants, prices, tags, images)', async () => {
    const a = await signedInMember()
    const created = (await (
      await postJson('/api/products', a.headers, {
        title: 'Crème Brûlée Candle, "large"',
        currency: 'USD',
        description: 'Line one\nline two, with commas',
        tags: ['home', 'gift'],
        category: 'home',
        status: 'published',
        variants: [
          { options: { size: 'S', scent: 'vanilla' }, priceMinor: 1999, compareAtMinor: 2499, sku: 'C-S', stock: 3 },
          { options: { size: 'L', scent: 'vanilla' }, priceMinor: 2999, sku: 'C-L', stock: null },
        ],
      })
    ).json()) as { id: string }
    await postJson('/api/products', a.headers, { title: '=SUM(A1) yen thing', currency: 'JPY', priceMinor: 1500, stock: 0, sku: null })
    await SELF.fetch(url(`/api/products/${created.id}/images`), { method: 'POST', headers: { ...a.headers, 'content-type': 'image/png' }, body: TINY_PNG })

    const exported = await SELF.fetch(url('/api/products/export.csv'), { headers: a.headers })
    expect(exported.headers.get('content-type')).toContain('text/csv')
    const csv = await exported.text()
    expect(csv).toContain("'=SUM(A1)") // formula neutralised for spreadsheets

    const b = await signedInMember()
    const preview = (await (await postCsv('/api/products/import?dryRun=true', b.headers, csv)).json()) as {
      summary: Record<string, number>
      items: { action: string }[]
    }
    expect(preview.summary).toEqual({ create: 2, update: 0, unchanged: 0 })
    expect(await query(sql`select 1 from products where merchant_id = ${b.merchantId}`)).toHaveLength(0)

    const imported = await postCsv('/api/products/import', b.headers, csv)
    expect(imported.status).toBe(200)
    expect(((await imported.json()) as { imageErrors: unknown[] }).imageErrors).toEqual([])
    expect(await catalogOf(b.merchantId)).toEqual(await catalogOf(a.merchantId))

    // Importing the same file again changes nothing.
    const again = (await (await postCsv('/api/products/import?dryRun=1', b.headers, csv)).json()) as { summary: Record<string, number> }
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 2 })
  })

  it('reports row-level errors with line numbers and imports nothing', async () => {
    const { headers, merchantId } = await signedInMember()
    const csv = [
      'handle,title,currency,price,status,variant_stock,option1_name,option1_value,variant_price',
      'good-one,Good,USD,10.00,published,,,,',
      'bad price,Bad,USD,12.345,draft,,,,',
      'shirt,Shirt,USD,,sold,,size,M,abc',
      'shirt,Shirt,USD,,,-1,size,,',
    ].join('\n')
    const res = await postCsv('/api/products/import', headers, csv)
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { message: string; details: { line: number; column: string; message: string }[] } }
    expect(body.error.message).toMatch(/nothing was imported/)
    expect(body.error.details.map((d) => [d.line, d.column])).toEqual([
      [3, 'handle'],
      [4, 'status'],
      [4, 'variant_price'],
      [5, 'option1_value'],
      [5, 'variant_stock'],
    ])
    expect(await query(sql`select 1 from products where merchant_id = ${merchantId}`)).toHaveLength(0)
  })

  it('previews which products would change and which fields', async () => {
    const { headers } = await signedInMember()
    await postCsv('/api/products/import', headers, 'handle,title,currency,price\nmug,Mug,USD,5.00\ncap,Cap,USD,7.00\n')
    const res = await postCsv(
      '/api/products/import?dryRun=true',
      headers,
      'handle,title,currency,price\nmug,Mug,USD,6.00\ncap,Cap,USD,7.00\nhat,Hat,USD,9.00\n',
    )
    const body = (await res.json()) as { items: { slug: string; action: string; changes: string[] }[] }
    expect(body.items.map((i) => [i.slug, i.action, i.changes.join()])).toEqual([
      ['mug', 'update', 'price'],
      ['cap', 'unchanged', ''],
      ['hat', 'create', ''],
    ])
  })

  it('takes the CSV as the `file` field of a form upload too, and says which field is missing', async () => {
    const { headers } = await signedInMember()
    const form = new FormData()
    form.append('file', new Blob(['handle,title,currency,price\nmug,Mug,USD,5.00\n'], { type: 'text/csv' }), 'catalog.csv')
    const res = await SELF.fetch(url('/api/products/import?dryRun=true'), { method: 'POST', headers, body: form })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { summary: Record<string, number> }).summary).toEqual({ create: 1, update: 0, unchanged: 0 })
    const wrong = new FormData()
    wrong.append('csv', 'handle,title\nmug,Mug\n')
    const missing = await SELF.fetch(url('/api/products/import'), { method: 'POST', headers, body: wrong })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('attach the CSV as the "file" field')
  })
})
