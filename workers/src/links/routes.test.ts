import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'

async function shopWithProduct() {
  const member = await signedInMember({ role: 'owner' })
  const [m] = await query<{ slug: string }>(sql`select slug from merchants where id = ${member.merchantId}`)
  const [p] = await query<{ id: string; ref: string }>(
    sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${member.merchantId}, 'red-runner', 'Red Runner', 'published', 450000, 'NGN') returning id, ref`,
  )
  return { ...member, shop: m.slug, product: p }
}

const post = (path: string, headers: Record<string, string>, json: unknown) =>
  SELF.fetch(`http://hub.test${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(json) })

describe('short links', () => {
  it('redirects a product link with 302, UTM parameters and its source, and records the click', async () => {
    const s = await shopWithProduct()
    const res = await post('/api/links', s.headers, { productId: s.product.id, utm: { campaign: 'summer' } })
    expect(res.status).toBe(201)
    const { link } = (await res.json()) as { link: { id: string; code: string; shortUrl: string } }
    expect(link.code).toMatch(/^[A-Za-z0-9]{7}$/)
    const hop = await SELF.fetch(`http://hub.test/l/${link.code}`, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } })
    expect(hop.status).toBe(302)
    const target = new URL(hop.headers.get('location') ?? '')
    expect(target.pathname).toBe(`/@${s.shop}/p/red-runner`)
    expect(target.searchParams.get('src')).toBe(`L${link.code}`)
    expect(target.searchParams.get('utm_campaign')).toBe('summer')
    expect(target.searchParams.get('utm_source')).toBe('linkhub')
    const rows = await eventually(async () => {
      const r = await query<{ type: string; device: string }>(sql`select type, device from events where link_id = ${link.id}`)
      return r.length ? r : null
    })
    expect(rows[0]).toEqual({ type: 'link_click', device: 'mobile' })
  })

  it('does not duplicate UTM parameters already in a free-form URL', async () => {
    const s = await shopWithProduct()
    const { link } = (await (await post('/api/links', s.headers, { url: 'https://example.com/x?utm_source=tiktok' })).json()) as { link: { code: string } }
    const hop = await SELF.fetch(`http://hub.test/l/${link.code}`, { redirect: 'manual' })
    const target = new URL(hop.headers.get('location') ?? '')
    expect(target.searchParams.getAll('utm_source')).toEqual(['tiktok'])
    expect(target.searchParams.get('utm_medium')).toBe('short_link')
  })

  it('asks for the password, refuses a wrong one and redirects after the right one', async () => {
    const s = await shopWithProduct()
    const { link } = (await (await post('/api/links', s.headers, { productId: s.product.id, password: 'open-sesame' })).json()) as { link: { code: string } }
    const form = await SELF.fetch(`http://hub.test/l/${link.code}`, { redirect: 'manual' })
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('This link is protected')
    const wrong = await SELF.fetch(`http://hub.test/l/${link.code}`, { method: 'POST', body: new URLSearchParams({ password: 'nope' }), redirect: 'manual' })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('not right')
    const right = await SELF.fetch(`http://hub.test/l/${link.code}`, {
      method: 'POST',
      body: new URLSearchParams({ password: 'open-sesame' }),
      redirect: 'manual',
    })
    expect(right.status).toBe(303)
    expect(right.headers.get('location')).toContain(`/@${s.shop}/p/red-runner`)
  })

  it('stops taking passwords after ten wrong ones from one place', async () => {
    const s = await shopWithProduct()
    const { link } = (await (await post('/api/links', s.headers, { url: 'https://example.com', password: 'open-sesame' })).json()) as { link: { code: string } }
    const attempt = (password: string) =>
      SELF.fetch(`http://hub.test/l/${link.code}`, { method: 'POST', body: new URLSearchParams({ password }), redirect: 'manual' })
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401)
    const locked = await attempt('open-sesame')
    expect(locked.status).toBe(429)
    expect(locked.headers.get('content-type')).toContain('text/html')
    expect(await locked.text()).toContain('Too many tries')
  })

  it('answers 410 for an expired link and 404 once disabled', async () => {
    const s = await shopWithProduct()
    const expired = (await (await post('/api/links', s.headers, { url: 'https://example.com', expiresAt: '2020-01-01T00:00:00Z' })).json()) as {
      link: { code: string }
    }
    expect((await SELF.fetch(`http://hub.test/l/${expired.link.code}`, { redirect: 'manual' })).status).toBe(410)
    const live = (await (await post('/api/links', s.headers, { url: 'https://example.com' })).json()) as { link: { id: string; code: string } }
    expect((await SELF.fetch(`http://hub.test/l/${live.link.code}`, { redirect: 'manual' })).status).toBe(302)
    const off = await SELF.fetch(`http://hub.test/api/links/${live.link.id}`, {
      method: 'PATCH',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    })
    expect(off.status).toBe(200)
    expect((await SELF.fetch(`http://hub.test/l/${live.link.code}`, { redirect: 'manual' })).status).toBe(404)
  })

  it('returns 404 for another shop’s product or link', async () => {
    const a = await shopWithProduct()
    const b = await shopWithProduct()
    expect((await post('/api/links', b.headers, { productId: a.product.id })).status).toBe(404)
    const { link } = (await (await post('/api/links', a.headers, { productId: a.product.id })).json()) as { link: { id: string } }
    expect((await SELF.fetch(`http://hub.test/api/links/${link.id}/qr.svg`, { headers: b.headers })).status).toBe(404)
    expect((await SELF.fetch(`http://hub.test/api/links/${link.id}`, { method: 'DELETE', headers: b.headers })).status).toBe(404)
  })

  it('gives each product one link on demand and QR codes as SVG and PNG', async () => {
    const s = await shopWithProduct()
    const first = await post(`/api/links/for-product/${s.product.id}`, s.headers, {})
    const again = await post(`/api/links/for-product/${s.product.id}`, s.headers, {})
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    const { link } = (await first.json()) as { link: { id: string } }
    expect(((await again.json()) as { link: { id: string } }).link.id).toBe(link.id)
    const svg = await SELF.fetch(`http://hub.test/api/links/${link.id}/qr.svg`, { headers: s.headers })
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    const png = await SELF.fetch(`http://hub.test/api/links/${link.id}/qr.png`, { headers: s.headers })
    const bytes = new Uint8Array(await png.arrayBuffer())
    expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG')
  })

  it('answers an HTML 404 page for a malformed code and serves the shop preview image', async () => {
    const bad = await SELF.fetch('http://hub.test/l/no!', { redirect: 'manual' })
    expect(bad.status).toBe(404)
    expect(await bad.text()).toContain('short links look like /l/Ab3dE9x')
    const og = await SELF.fetch('http://hub.test/l/_og/demo-shop.png')
    expect(og.headers.get('content-type')).toBe('image/png')
    expect((await SELF.fetch('http://hub.test/l/_og/Demo.png')).status).toBe(404)
  })

  it('rejects a link with two targets with a clear message', async () => {
    const s = await shopWithProduct()
    const res = await post('/api/links', s.headers, { productId: s.product.id, url: 'https://example.com' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('exactly one of productId, videoId or url')
  })
})
