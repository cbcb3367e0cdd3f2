import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql, TINY_PNG } from '../../test/helpers'

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
const titleOf = (html: string) => html.match(/<title>(.*?)<\/title>/s)?.[1] ?? null
const pageData = (html: string) => JSON.parse(html.match(/<script id="__DATA__" type="application\/json">(.*?)<\/script>/s)?.[1] ?? '{}')
/** A page fetched until the edge serves it from cache, so the next change has a cached copy to beat. */
async function cachedPage(url: string) {
  await (await SELF.fetch(url)).arrayBuffer()
  return eventually(async () => {
    const r = await SELF.fetch(url)
    const html = await r.text()
    return r.headers.get('x-cache') === 'hit' ? html : null
  })
}

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

  it('lists only videos linked to a published product, and counts "1 product" (issue 11)', async () => {
    const s = await shop()
    const video = async (externalId: string) =>
      (
        await query<{ id: string }>(
          sql`insert into videos (merchant_id, external_id, url, status) values (${s.merchantId}, ${externalId}, ${`https://www.tiktok.com/@x/video/${externalId}`}, 'ready') returning id`,
        )
      )[0].id
    const [shown, ofDraft, rejected] = [await video('7100000000000000001'), await video('7100000000000000002'), await video('7100000000000000003')]
    const [draft] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${s.merchantId}, 'draft-one', 'Draft one', 'draft', 100, 'NGN') returning id`,
    )
    await query(
      sql`insert into product_videos (merchant_id, product_id, video_id) values (${s.merchantId}, ${s.product.id}, ${shown}), (${s.merchantId}, ${draft.id}, ${ofDraft})`,
    )
    const html = await (await SELF.fetch(`http://hub.test/@${s.shop}`)).text()
    const data = pageData(html)
    expect(data.videos.map((v: { id: string }) => v.id)).toEqual([shown])
    expect(data.videos.map((v: { id: string }) => v.id)).not.toContain(rejected)
    expect(meta(html, 'og:description')).toContain(': 1 product.')
  })

  it("previews follow the product's current title and SEO, and a cached page changes at once after an edit, a photo and its thumbnail (issue 11)", async () => {
    const s = await shop()
    const url = `http://hub.test/@${s.shop}/p/red-runner`
    const api = (path: string, init: RequestInit) => SELF.fetch(`http://hub.test${path}`, { ...init, headers: { ...s.headers, ...(init.headers ?? {}) } })
    const patch = (body: unknown) =>
      api(`/api/products/${s.product.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(meta(await cachedPage(url), 'og:title')).toBe('Red Runner &#60;Sneakers&#62; – ₦4,500')

    // A title edit: og:title, <title> and twitter:title show it on the very next view (not 30 s later).
    expect((await patch({ title: 'Red Runner Classic', description: 'Breathable mesh, sizes 40 to 45' })).status).toBe(200)
    let res = await SELF.fetch(url)
    expect(res.headers.get('x-cache')).toBe('miss')
    let html = await res.text()
    expect(meta(html, 'og:title')).toBe('Red Runner Classic – ₦4,500')
    expect(titleOf(html)).toBe('Red Runner Classic – ₦4,500')
    expect(meta(html, 'og:description')).toBe('Breathable mesh, sizes 40 to 45')

    // The product API shows SEO defaulting to the product's fields; an override wins, '' resets it.
    const seoOf = async () => ((await (await api(`/api/products/${s.product.id}`, {})).json()) as { seo: Record<string, unknown> }).seo
    expect(await seoOf()).toMatchObject({
      title: 'Red Runner Classic',
      titleIsDefault: true,
      description: 'Breathable mesh, sizes 40 to 45',
      descriptionIsDefault: true,
    })
    await cachedPage(url)
    expect((await patch({ seo: { title: 'Red Runner – free delivery in Lagos' } })).status).toBe(200)
    expect(await seoOf()).toMatchObject({ title: 'Red Runner – free delivery in Lagos', titleIsDefault: false })
    html = await (await SELF.fetch(url)).text()
    expect(meta(html, 'og:title')).toBe('Red Runner – free delivery in Lagos')
    expect((await patch({ seo: { title: '' } })).status).toBe(200)
    expect(meta(await (await SELF.fetch(url)).text(), 'og:title')).toBe('Red Runner Classic – ₦4,500')

    // A photo: og:image becomes it at once; its rendered JPEG thumbnail replaces it when the render is done.
    const before = meta(await cachedPage(url), 'og:image')
    expect(before).toContain('/l/_og/')
    const form = new FormData()
    form.append('file', new Blob([TINY_PNG], { type: 'image/png' }), 'runner.png')
    const upload = await api(`/api/products/${s.product.id}/images`, { method: 'POST', body: form })
    expect(upload.status).toBe(201)
    const photo = ((await upload.json()) as { key: string }).key
    res = await SELF.fetch(url)
    expect(res.headers.get('x-cache')).toBe('miss')
    expect(meta(await res.text(), 'og:image')).toBe(`http://hub.test/media/${photo}`)
    await cachedPage(url)
    // Well inside the 30 s the edge keeps a version: only a bump after the render makes this pass.
    const thumb = await eventually(
      async () => {
        const image = meta(await (await SELF.fetch(url)).text(), 'og:image')
        return image && image !== `http://hub.test/media/${photo}` ? image : null
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    )
    const [row] = await query<{ key: string; content_type: string }>(
      sql`select t.key, t.content_type from media_assets t join media_assets a on a.id = t.parent_id where a.key = ${photo} and t.key = ${decodeURIComponent(thumb.replace('http://hub.test/media/', ''))}`,
    )
    expect(row?.content_type).toBe('image/jpeg')
  })

  it('changes a cached preview image at once when the photos are reordered (issue 11)', async () => {
    const s = await shop()
    const url = `http://hub.test/@${s.shop}/p/red-runner`
    const photos = await query<{ id: string; key: string }>(
      sql`insert into media_assets (merchant_id, key, content_type, bytes, sha256) values
          (${s.merchantId}, ${`m/${s.merchantId}/front.jpg`}, 'image/jpeg', 10, 'a'), (${s.merchantId}, ${`m/${s.merchantId}/side.jpg`}, 'image/jpeg', 10, 'b')
          returning id, key`,
    )
    const [front, side] = [photos.find((p) => p.key.endsWith('front.jpg')), photos.find((p) => p.key.endsWith('side.jpg'))] as { id: string; key: string }[]
    await query(
      sql`insert into product_media (merchant_id, product_id, asset_id, position) values (${s.merchantId}, ${s.product.id}, ${front.id}, 0), (${s.merchantId}, ${s.product.id}, ${side.id}, 1)`,
    )
    expect(meta(await cachedPage(url), 'og:image')).toBe(`http://hub.test/media/${front.key}`)
    const res = await SELF.fetch(`http://hub.test/api/products/${s.product.id}/images/order`, {
      method: 'PUT',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ assetIds: [side.id] }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { images: { assetId: string }[] }).images.map((i) => i.assetId)).toEqual([side.id, front.id])
    const page = await SELF.fetch(url)
    expect(page.headers.get('x-cache')).toBe('miss')
    expect(meta(await page.text(), 'og:image')).toBe(`http://hub.test/media/${side.key}`)
  })
})
