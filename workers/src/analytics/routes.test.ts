import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { eventually, query, signedInMember, sql } from '../../test/helpers'

/** What Chrome sends with a storefront page's beacon (same origin). */
const BROWSER = {
  origin: 'http://hub.test',
  'sec-fetch-site': 'same-origin',
  'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
}

describe('analytics', () => {
  it('records order-button taps from public pages and reports them in the funnel and per product', async () => {
    const s = await signedInMember({ role: 'owner' })
    const [p] = await query<{ id: string; ref: string }>(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${s.merchantId}, 'cap', 'Cap', 'published', 1000, 'USD') returning id, ref`,
    )
    const tap = await SELF.fetch('http://hub.test/api/events', {
      method: 'POST',
      headers: { ...BROWSER, 'content-type': 'text/plain' },
      body: JSON.stringify({ shopId: s.merchantId, events: [{ type: 'order_tap', productId: p.id, ref: `${p.ref}-P`, channel: 'whatsapp' }] }),
    })
    expect(tap.status).toBe(204)
    // The chat the tap led to: its conversation, and the bot's chat_started naming the product.
    const [c] = await query<{ id: string }>(
      sql`insert into conversations (merchant_id, channel, external_user_id, ref) values (${s.merchantId}, 'whatsapp', '2348000000001', ${`${p.ref}-P`}) returning id`,
    )
    await query(
      sql`insert into events (merchant_id, type, product_id, conversation_id) values (${s.merchantId}, 'page_view', ${p.id}, null), (${s.merchantId}, 'chat_started', ${p.id}, ${c.id})`,
    )
    const body = await eventually(async () => {
      const res = await SELF.fetch('http://hub.test/api/analytics?days=7', { headers: s.headers })
      const b = (await res.json()) as { funnel: Record<string, number>; products: { label: string; taps: number }[]; series: unknown[] }
      return b.funnel.taps === 1 ? b : null
    })
    expect(body.funnel).toMatchObject({ views: 1, taps: 1, chats: 1, orders: 0 })
    expect(body.products[0]).toMatchObject({ label: 'Cap', taps: 1, chats: 1 })
    expect(body.series).toHaveLength(7)
  })

  it('refuses events naming another shop’s product', async () => {
    const a = await signedInMember()
    const b = await signedInMember()
    const [p] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, currency) values (${a.merchantId}, 'x', 'X', 'USD') returning id`,
    )
    const res = await SELF.fetch('http://hub.test/api/events', {
      method: 'POST',
      headers: BROWSER,
      body: JSON.stringify({ shopId: b.merchantId, events: [{ type: 'order_tap', productId: p.id }] }),
    })
    expect(res.status).toBe(404)
  })

  it('takes the same events as JSON and says what is wrong with a bad body', async () => {
    const s = await signedInMember()
    const [p] = await query<{ id: string }>(
      sql`insert into products (merchant_id, slug, title, currency) values (${s.merchantId}, 'y', 'Y', 'USD') returning id`,
    )
    const post = (body: string, type: string) =>
      SELF.fetch('http://hub.test/api/events', { method: 'POST', headers: { ...BROWSER, 'content-type': type }, body })
    const ok = await post(JSON.stringify({ shopId: s.merchantId, events: [{ type: 'order_tap', productId: p.id, channel: 'telegram' }] }), 'application/json')
    expect(ok.status).toBe(204)
    await eventually(() => query(sql`select 1 from events where merchant_id = ${s.merchantId} and type = 'order_tap'`).then((r) => (r.length ? r : null)))
    for (const type of ['application/json', 'text/plain']) {
      const bad = await post(JSON.stringify({ shopId: s.merchantId, events: [] }), type)
      expect(bad.status).toBe(400)
      const body = (await bad.json()) as { error: { message: string; details: { path: string }[] } }
      expect(body.error.message).toBe('invalid events')
      expect(body.error.details[0].path).toBe('events')
    }
    const notJson = await post('{oops', 'text/plain')
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('body must be JSON')
  })

  it('counts every chat and order, attributed to a link, a video, the storefront, or direct', async () => {
    const s = await signedInMember({ role: 'owner' })
    const m = s.merchantId
    const [p] = await query<{ id: string; ref: string }>(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${m}, 'kicks', 'Kicks', 'published', 1000, 'USD') returning id, ref`,
    )
    const [link] = await query<{ id: string; code: string }>(
      sql`insert into short_links (merchant_id, code, title, product_id) values (${m}, ${`S${crypto.randomUUID().slice(0, 8)}`}, 'Summer sale', ${p.id}) returning id, code`,
    )
    const [video] = await query<{ id: string }>(
      sql`insert into videos (merchant_id, external_id, url, caption, status) values (${m}, '7300000000000000001', 'https://www.tiktok.com/@k/video/7300000000000000001', 'New kicks drop', 'ready') returning id`,
    )
    const chat = async (user: string, ref: string | null) => {
      const [c] = await query<{ id: string }>(
        sql`insert into conversations (merchant_id, channel, external_user_id, ref) values (${m}, 'whatsapp', ${user}, ${ref}) returning id`,
      )
      return c.id
    }
    const viaLink = await chat('254700000001', `${p.ref}-L${link.code}`)
    const viaVideo = await chat('254700000002', `${p.ref}-V7300000000000000001`)
    const viaPage = await chat('254700000003', `${p.ref}-P`)
    const direct = await chat('254700000004', null)
    await query(sql`insert into events (merchant_id, type, conversation_id, product_id, link_id, ref) values
      (${m}, 'chat_started', ${viaLink}, ${p.id}, ${link.id}, ${`${p.ref}-L${link.code}`}),
      (${m}, 'chat_started', ${viaVideo}, ${p.id}, null, ${`${p.ref}-V7300000000000000001`}),
      (${m}, 'chat_started', ${viaPage}, ${p.id}, null, ${`${p.ref}-P`})`)
    await query(sql`update events set video_id = ${video.id} where conversation_id = ${viaVideo}`)
    const order = async (n: string, conversationId: string | null, ref: string | null) => {
      const [o] = await query<{ id: string }>(
        sql`insert into orders (merchant_id, number, conversation_id, subtotal_minor, currency, ref, idempotency_key) values (${m}, ${n}, ${conversationId}, 1000, 'USD', ${ref}, ${n}) returning id`,
      )
      return o.id
    }
    const linkOrder = await order('1001', viaLink, `${p.ref}-L${link.code}`)
    await query(
      sql`insert into events (merchant_id, type, conversation_id, order_id, product_id, link_id) values (${m}, 'order_placed', ${viaLink}, ${linkOrder}, ${p.id}, ${link.id})`,
    )
    await order('1002', direct, null) // a chat that came from nowhere we know, and its order: no event at all
    await order('1003', null, null) // an order without a conversation

    const res = await SELF.fetch('http://hub.test/api/analytics?days=7', { headers: s.headers })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      funnel: Record<string, number>
      series: { chats: number; orders: number }[]
      sources: { kind: string; id: string | null; label: string; chats: number; orders: number }[]
    }
    expect(body.funnel).toMatchObject({ chats: 4, orders: 3 })
    expect(body.series.reduce((n, d) => n + d.chats, 0)).toBe(4)
    expect(body.series.reduce((n, d) => n + d.orders, 0)).toBe(3)
    const byKind = Object.fromEntries(body.sources.map((r) => [r.kind, r]))
    expect(byKind.link).toEqual({ kind: 'link', id: link.id, label: 'Summer sale', chats: 1, orders: 1 })
    expect(byKind.video).toEqual({ kind: 'video', id: video.id, label: 'New kicks drop', chats: 1, orders: 0 })
    expect(byKind.storefront).toEqual({ kind: 'storefront', id: null, label: 'Storefront', chats: 1, orders: 0 })
    expect(byKind.direct).toEqual({ kind: 'direct', id: null, label: 'Direct', chats: 1, orders: 2 })
    expect(body.sources.reduce((n, r) => n + r.chats, 0)).toBe(body.funnel.chats)
    expect(body.sources.reduce((n, r) => n + r.orders, 0)).toBe(body.funnel.orders)
  })

  it('lists short links by name and counts QR scans as clicks, as the Links page does', async () => {
    const s = await signedInMember({ role: 'owner' })
    const [p] = await query<{ id: string; ref: string }>(
      sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${s.merchantId}, 'bag', 'Bag', 'published', 1000, 'USD') returning id, ref`,
    )
    const created = await SELF.fetch('http://hub.test/api/links', {
      method: 'POST',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: p.id, title: 'Poster at the market' }),
    })
    const { link } = (await created.json()) as { link: { id: string; code: string } }
    const unnamed = (await (
      await SELF.fetch('http://hub.test/api/links', {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.com/' }),
      })
    ).json()) as { link: { id: string; code: string } }
    const open = (path: string) => SELF.fetch(`http://hub.test${path}`, { redirect: 'manual', headers: { 'user-agent': BROWSER['user-agent'] } })
    expect((await open(`/l/${link.code}`)).status).toBe(302)
    expect((await open(`/l/${link.code}?qr=1`)).status).toBe(302)
    expect((await open(`/l/${link.code}?qr=1`)).status).toBe(302)
    // A page reached through the link reports a tap carrying the link's code: not a click.
    const beacon = await SELF.fetch('http://hub.test/api/events', {
      method: 'POST',
      headers: { ...BROWSER, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: s.merchantId, events: [{ type: 'link_click', ref: `${p.ref}-L${link.code}` }] }),
    })
    expect(beacon.status).toBe(204)
    expect((await open(`/l/${unnamed.link.code}`)).status).toBe(302)
    await eventually(async () => {
      const r = await query(sql`select 1 from events where merchant_id = ${s.merchantId}`)
      return r.length === 5 ? r : null
    })
    const links = (await (await SELF.fetch('http://hub.test/api/links', { headers: s.headers })).json()) as {
      links: { id: string; clicks: number; qrScans: number }[]
    }
    const clicksOf = (id: string) => links.links.find((l) => l.id === id)
    expect(clicksOf(link.id)).toMatchObject({ clicks: 3, qrScans: 2 })
    expect(clicksOf(unnamed.link.id)).toMatchObject({ clicks: 1, qrScans: 0 })
    const report = (await (await SELF.fetch('http://hub.test/api/analytics?days=1', { headers: s.headers })).json()) as {
      funnel: { clicks: number }
      links: { id: string; label: string; code: string; clicks: number }[]
    }
    expect(report.links).toEqual([
      expect.objectContaining({ id: link.id, label: 'Poster at the market', code: link.code, clicks: 3 }),
      expect.objectContaining({ id: unnamed.link.id, label: unnamed.link.code, code: unnamed.link.code, clicks: 1 }),
    ])
    // The shop's funnel counts the page's own link tap too; no short link gets it.
    expect(report.funnel.clicks).toBe(5)
  })

  it('needs a signed-in member for the dashboard data', async () => {
    expect((await SELF.fetch('http://hub.test/api/analytics')).status).toBe(401)
  })
})
