import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'

async function shop() {
  const member = await signedInMember({ role: 'owner' })
  const [m] = await query<{ slug: string }>(sql`select slug from merchants where id = ${member.merchantId}`)
  const [p] = await query<{ id: string; ref: string }>(
    sql`insert into products (merchant_id, slug, title, status, price_minor, currency, description) values (${member.merchantId}, 'red-runner', 'Red Runner <Sneakers>', 'published', 450000, 'NGN', 'Light & fast') returning id, ref`,
  )
  await SELF.fetch('http://hub.test/api/storefront/settings', {
    method: 'PUT',
    headers: { ...member.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      theme: 'sunset',
      whatsappNumber: '2348000000000',
      telegramBot: 'demo_shop_bot',
      blocks: [{ type: 'link', title: 'Size guide', url: 'https://example.com/sizes' }],
    }),
  })
  return { ...member, shop: m.slug, product: p }
}

const meta = (html: string, key: string) => html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1] ?? null

describe('public storefront pages', () => {
  it('writes OG and Twitter tags, the page data and order links into the product page HTML', async () => {
    const s = await shop()
    const res = await SELF.fetch(`http://hub.test/@${s.shop}/p/red-runner?src=V7301234567890`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(meta(html, 'og:title')).toBe('Red Runner &#60;Sneakers&#62; – ₦4,500')
    expect(meta(html, 'og:url')).toBe(`http://hub.test/@${s.shop}/p/red-runner`)
    expect(meta(html, 'og:image')).toMatch(/^http:\/\/hub\.test\//)
    expect(meta(html, 'twitter:card')).toBe('summary_large_image')
    expect(meta(html, 'product:price:amount')).toBe('450000')
    const ref = `${s.product.ref}-V7301234567890`
    expect(html).toContain(
      `https://wa.me/2348000000000?text=${encodeURIComponent(`Hi! I'd like to order Red Runner <Sneakers> (ref ${ref})`).replace(/'/g, '&#39;')}`,
    )
    expect(html).toContain(`https://t.me/demo_shop_bot?start=${ref}`)
    const data = JSON.parse(html.match(/<script id="__DATA__" type="application\/json">(.*?)<\/script>/s)?.[1] ?? '{}')
    expect(data.product.order.ref).toBe(ref)
    expect(data.shop.theme).toBe('sunset')
  })

  it('serves the link-in-bio page from the edge cache until the catalog changes', async () => {
    const s = await shop()
    const first = await SELF.fetch(`http://hub.test/@${s.shop}`)
    expect(first.headers.get('x-cache')).toBe('miss')
    expect(await first.text()).toContain('Size guide')
    const second = await eventually(async () => {
      const r = await SELF.fetch(`http://hub.test/@${s.shop}`)
      return r.headers.get('x-cache') === 'hit' ? r : null
    })
    await second.arrayBuffer()
    // A settings change drops the cached version: the next view is rebuilt with the new preview text.
    await SELF.fetch('http://hub.test/api/storefront/settings', {
      method: 'PUT',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ preview: { title: 'Fresh drops every Friday' } }),
    })
    const third = await SELF.fetch(`http://hub.test/@${s.shop}`)
    expect(third.headers.get('x-cache')).toBe('miss')
    expect(meta(await third.text(), 'og:title')).toBe('Fresh drops every Friday')
  })

  it('records a page view with device and the video it came from', async () => {
    const s = await shop()
    await (
      await SELF.fetch(`http://hub.test/@${s.shop}/p/red-runner?src=V42424242&utm_source=tiktok`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } })
    ).text()
    const [e] = await eventually(() =>
      query<{ type: string; device: string; utm: unknown; meta: unknown; product_id: string }>(
        sql`select * from events where merchant_id = ${s.merchantId}`,
      ).then((r) => (r.length ? r : null)),
    )
    expect(e).toMatchObject({ type: 'page_view', device: 'mobile', utm: { source: 'tiktok' }, meta: { videoExternalId: '42424242' }, product_id: s.product.id })
  })

  it('answers 404 pages for an unknown shop, an unknown product and a draft product', async () => {
    const s = await shop()
    await query(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${s.merchantId}, 'secret', 'Secret', 'draft', 1, 'NGN')`,
    )
    expect((await SELF.fetch('http://hub.test/@no-such-shop-xyz')).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/@${s.shop}/p/nope`)).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/@${s.shop}/p/secret`)).status).toBe(404)
  })

  it('documents the public pages at their plain paths as HTML edge pages', async () => {
    const doc = (await (await SELF.fetch('http://hub.test/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, { content?: Record<string, unknown> }> }>>
    }
    for (const path of ['/{shop}', '/{shop}/p/{slug}', '/l/_og/{file}', '/l/{code}']) {
      const op = doc.paths[path]?.get
      expect(op?.tags, path).toEqual(['Edge pages'])
    }
    expect(Object.keys(doc.paths['/{shop}'].get.responses['200'].content ?? {})).toEqual(['text/html'])
    // Only a first segment starting with @ is a shop page.
    expect((await SELF.fetch('http://hub.test/healthz')).status).toBe(200)
  })

  it('validates storefront settings and keeps other settings keys', async () => {
    const s = await shop()
    await query(sql`update merchants set settings = settings || '{"faq":{"delivery":"2 days"}}'::jsonb where id = ${s.merchantId}`)
    const bad = await SELF.fetch('http://hub.test/api/storefront/settings', {
      method: 'PUT',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ whatsappNumber: '+234 800' }),
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(await bad.json())).toContain('digits only')
    const ok = await SELF.fetch('http://hub.test/api/storefront/settings', {
      method: 'PUT',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ theme: 'midnight' }),
    })
    expect(ok.status).toBe(200)
    const [m] = await query<{ settings: Record<string, { theme?: string; delivery?: string }> }>(sql`select settings from merchants where id = ${s.merchantId}`)
    expect(m.settings.storefront.theme).toBe('midnight')
    expect(m.settings.faq.delivery).toBe('2 days')
  })
})
