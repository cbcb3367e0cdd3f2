import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

const HUB = 'http://hub.test'
const product = { title: 'CSRF probe', currency: 'USD', priceMinor: 100 }
const createProduct = (headers: Record<string, string>, base = HUB) =>
  SELF.fetch(`${base}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(product) })
const productCount = async (merchantId: string) =>
  (await query<{ n: number }>(sql`select count(*)::int as n from products where merchant_id = ${merchantId}`))[0].n

describe('CSRF: state-changing requests with the session cookie', () => {
  it('refuses a foreign Origin, Sec-Fetch-Site: cross-site, and a same-site page on another port (403, nothing written)', async () => {
    const m = await signedInMember({ role: 'owner' })
    const foreign = await createProduct({ ...m.headers, origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    expect((await createProduct({ ...m.headers, 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await createProduct({ ...m.headers, origin: 'http://hub.test:8080', 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await createProduct({ ...m.headers, origin: 'null' })).status).toBe(403)
    // The classic form post: text/plain, no preflight.
    const form = await SELF.fetch(`${HUB}/api/products`, {
      method: 'POST',
      headers: { ...m.headers, 'content-type': 'text/plain', origin: 'http://shop.hub.test', 'sec-fetch-site': 'same-site' },
      body: JSON.stringify(product),
    })
    expect(form.status).toBe(403)
    expect(await productCount(m.merchantId)).toBe(0)
  })

  it('accepts same-origin requests, APP_URL’s origin, and scripts that send neither header', async () => {
    const m = await signedInMember({ role: 'owner' })
    expect((await createProduct({ ...m.headers, origin: HUB, 'sec-fetch-site': 'same-origin' })).status).toBe(201)
    // Served under another host name, called from the configured APP_URL's origin.
    expect((await createProduct({ ...m.headers, origin: HUB, 'sec-fetch-site': 'same-site' }, 'http://api.hub.test')).status).toBe(201)
    expect((await createProduct(m.headers)).status).toBe(201)
    expect(await productCount(m.merchantId)).toBe(3)
  })

  it('exempts API-token calls (Authorization: Bearer), whatever their Origin', async () => {
    const m = await signedInMember({ role: 'owner' })
    const created = await SELF.fetch(`${HUB}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...m.headers, origin: HUB },
      body: JSON.stringify({ name: 'ci', role: 'staff' }),
    })
    expect(created.status).toBe(201)
    const { token } = (await created.json()) as { token: string }
    expect((await createProduct({ authorization: `Bearer ${token}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(201)
  })

  it('refuses a cross-site login form (login CSRF) even without a cookie', async () => {
    const res = await SELF.fetch(`${HUB}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ email: 'someone@shop.example', password: 'whatever password' }),
    })
    expect(res.status).toBe(403)
  })

  it('leaves reads alone', async () => {
    const m = await signedInMember({ role: 'owner' })
    expect(
      (await SELF.fetch(`${HUB}/api/products`, { headers: { ...m.headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(200)
  })
})
