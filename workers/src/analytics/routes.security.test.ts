import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

const CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

async function shopWithProduct() {
  const s = await signedInMember({ role: 'owner' })
  const [p] = await query<{ id: string }>(
    sql`insert into products (merchant_id, slug, title, status, price_minor, currency) values (${s.merchantId}, 'cap', 'Cap', 'published', 1000, 'USD') returning id`,
  )
  return { shopId: s.merchantId, productId: p.id }
}

const beacon = (shopId: string, productId: string, n = 20) =>
  JSON.stringify({ shopId, events: Array.from({ length: n }, () => ({ type: 'order_tap', productId, channel: 'whatsapp' })) })
const post = (body: string, headers: Record<string, string>) =>
  SELF.fetch('http://hub.test/api/events', { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body })
const taps = async (shopId: string) => {
  await new Promise((r) => setTimeout(r, 400)) // the isolate writes its batch ~50 ms after the answer
  const [row] = await query<{ n: number }>(sql`select count(*)::int as n from events where merchant_id = ${shopId} and type = 'order_tap'`)
  return row.n
}

describe('analytics beacon abuse', () => {
  it('1,000 forged order_tap events from another origin move nothing (403)', async () => {
    const { shopId, productId } = await shopWithProduct()
    const statuses = new Set<number>()
    for (let i = 0; i < 50; i++) {
      const res = await post(beacon(shopId, productId), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'user-agent': CHROME })
      statuses.add(res.status)
    }
    // A script naming no origin at all, or the opaque "null" origin, is refused the same way.
    statuses.add((await post(beacon(shopId, productId), { 'user-agent': CHROME })).status)
    statuses.add((await post(beacon(shopId, productId), { origin: 'null', 'user-agent': CHROME })).status)
    expect([...statuses]).toEqual([403])
    expect(await taps(shopId)).toBe(0)
  })

  it('caps a same-origin flood from one IP at the per-IP-and-shop budget (429 with Retry-After)', async () => {
    const { shopId, productId } = await shopWithProduct()
    const headers = {
      origin: 'http://hub.test',
      'sec-fetch-site': 'same-origin',
      'user-agent': CHROME,
      'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250)}`,
    }
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 50; i++) {
      const res = await post(beacon(shopId, productId), headers)
      statuses.push(res.status)
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after')
    }
    expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(2)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(48)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect(await taps(shopId)).toBeLessThanOrEqual(40)
  })

  it('drops beacons from crawlers and HTTP tools without counting them', async () => {
    const { shopId, productId } = await shopWithProduct()
    for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0', 'python-requests/2.31.0', '']) {
      const res = await post(beacon(shopId, productId, 1), { origin: 'http://hub.test', 'sec-fetch-site': 'same-origin', 'user-agent': ua })
      expect(res.status, ua).toBe(204)
    }
    expect(await taps(shopId)).toBe(0)
  })
})
