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
    await query(
      sql`insert into events (merchant_id, type, product_id) values (${s.merchantId}, 'page_view', ${p.id}), (${s.merchantId}, 'chat_started', ${p.id})`,
    )
    const body = await eventually(async () => {
      const res = await SELF.fetch('http://hub.test/api/analytics?days=7', { headers: s.headers })
      const b = (await res.json()) as { funnel: Record<string, number>; products: { label: string; taps: number }[]; series: unknown[] }
      return b.funnel.taps === 1 ? b : null
    })
    expect(body.funnel).toMatchObject({ views: 1, taps: 1, chats: 1, orders: 0 })
    expect(body.products[0]).toMatchObject({ label: 'Cap', taps: 1 })
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

  it('needs a signed-in member for the dashboard data', async () => {
    expect((await SELF.fetch('http://hub.test/api/analytics')).status).toBe(401)
  })
})
