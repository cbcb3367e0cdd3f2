import { SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { query, signedInMember, sql, TINY_PNG } from '../../test/helpers'
import { app } from '../app'

/**
 * Tenancy wall: merchant A, signed in, aims every merchant-scoped route of accounts and catalog at
 * merchant B's ids. Each must answer 404 (or leave B out of a list) and B's rows must not change.
 */
const url = (p: string) => `http://hub.test${p}`
type H = { cookie: string }
const call = (method: string, p: string, headers: H, body?: unknown) =>
  SELF.fetch(url(p), {
    method,
    headers: { ...headers, ...(body === undefined || body instanceof Uint8Array ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
  })

let A: Awaited<ReturnType<typeof signedInMember>>
let B: Awaited<ReturnType<typeof signedInMember>>
let bStaff: Awaited<ReturnType<typeof signedInMember>>
const ids = { product: '', asset: '', invite: '', token: '', video: '', session: '' }

beforeAll(async () => {
  A = await signedInMember()
  B = await signedInMember()
  bStaff = await signedInMember({ merchantId: B.merchantId, role: 'staff' })
  const p = (await (
    await call('POST', '/api/products', B.headers, {
      title: 'Secret B Jacket',
      currency: 'USD',
      priceMinor: 5000,
      tags: ['secret'],
      variants: [{ options: { size: 'M' }, priceMinor: 5000 }],
    })
  ).json()) as { id: string }
  ids.product = p.id
  const img = (await (await call('POST', `/api/products/${p.id}/images`, B.headers, TINY_PNG)).json()) as { assetId: string }
  ids.asset = img.assetId
  ids.invite = ((await (await call('POST', '/api/invites', B.headers, { role: 'staff' })).json()) as { id: string }).id
  ids.token = ((await (await call('POST', '/api/tokens', B.headers, { name: 'B bot' })).json()) as { id: string }).id
  const [v] = await query<{ id: string }>(
    sql`insert into videos (merchant_id, external_id, url) values (${B.merchantId}, ${crypto.randomUUID()}, 'https://www.tiktok.com/@b/video/1') returning id`,
  )
  ids.video = v.id
  const [s] = await query<{ id: string }>(sql`select id from sessions where user_id = ${B.userId} limit 1`)
  ids.session = s.id
})

/** Every route with a merchant-owned id in its path, and the request A sends at B's id. */
const idRoutes: { method: string; path: string; make: () => [string, unknown?] }[] = [
  { method: 'GET', path: '/api/products/:id', make: () => [`/api/products/${ids.product}`] },
  { method: 'PATCH', path: '/api/products/:id', make: () => [`/api/products/${ids.product}`, { title: 'pwned', status: 'archived' }] },
  { method: 'DELETE', path: '/api/products/:id', make: () => [`/api/products/${ids.product}`] },
  { method: 'POST', path: '/api/products/:id/images', make: () => [`/api/products/${ids.product}/images`, TINY_PNG] },
  { method: 'DELETE', path: '/api/products/:id/images/:assetId', make: () => [`/api/products/${ids.product}/images/${ids.asset}`] },
  { method: 'PUT', path: '/api/products/:id/videos', make: () => [`/api/products/${ids.product}/videos`, { videoIds: [] }] },
  { method: 'PATCH', path: '/api/members/:userId', make: () => [`/api/members/${bStaff.userId}`, { role: 'owner' }] },
  { method: 'DELETE', path: '/api/members/:userId', make: () => [`/api/members/${bStaff.userId}`] },
  { method: 'DELETE', path: '/api/invites/:id', make: () => [`/api/invites/${ids.invite}`] },
  { method: 'DELETE', path: '/api/tokens/:id', make: () => [`/api/tokens/${ids.token}`] },
  { method: 'DELETE', path: '/api/auth/sessions/:id', make: () => [`/api/auth/sessions/${ids.session}`] },
]

describe("merchant A cannot reach merchant B's data", () => {
  for (const r of idRoutes) {
    it(`${r.method} ${r.path} with B's id answers 404`, async () => {
      const [path, body] = r.make()
      const res = await call(r.method, path, A.headers, body)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('Secret B')
    })
  }

  it("A's own product cannot be linked to B's video", async () => {
    const mine = (await (await call('POST', '/api/products', A.headers, { title: 'A thing', currency: 'USD', priceMinor: 1 })).json()) as { id: string }
    expect((await call('PUT', `/api/products/${mine.id}/videos`, A.headers, { videoIds: [ids.video] })).status).toBe(404)
    expect(await query(sql`select 1 from product_videos where product_id = ${mine.id}`)).toHaveLength(0)
  })

  it("A's own product does not list B's image after trying to detach it", async () => {
    const mine = (await (await call('POST', '/api/products', A.headers, { title: 'A thing 2', currency: 'USD', priceMinor: 1 })).json()) as { id: string }
    expect((await call('DELETE', `/api/products/${mine.id}/images/${ids.asset}`, A.headers)).status).toBe(404)
  })

  it("bulk edit with B's ids changes nothing and reports them as not found", async () => {
    const res = await call('POST', '/api/products/bulk', A.headers, { ids: [ids.product], action: { type: 'delete' } })
    expect(await res.json()).toEqual({ updated: 0, notFound: [ids.product] })
  })

  it("lists and search never include B's rows", async () => {
    for (const path of [
      '/api/products',
      '/api/products?q=secret',
      '/api/products?q=jaket',
      '/api/products?tag=secret',
      '/api/members',
      '/api/invites',
      '/api/tokens',
      '/api/audit',
      '/api/audit?entityId=' + ids.product,
      '/api/products/export.csv',
      '/api/shop',
      '/api/auth/sessions',
    ]) {
      const text = await (await call('GET', path, A.headers)).text()
      expect(text, path).not.toContain(ids.product)
      expect(text, path).not.toContain('Secret B')
      expect(text, path).not.toContain(B.merchantId)
      expect(text, path).not.toContain(bStaff.email)
    }
  })

  it("CSV import under A with B's handles creates A's own products and leaves B's alone", async () => {
    const res = await SELF.fetch(url('/api/products/import'), {
      method: 'POST',
      headers: { ...A.headers, 'content-type': 'text/csv' },
      body: 'handle,title,currency,price\nsecret-b-jacket,Overwritten,USD,1.00\n',
    })
    expect(res.status).toBe(200)
    const [b] = await query<{ title: string }>(sql`select title from products where id = ${ids.product}`)
    expect(b.title).toBe('Secret B Jacket')
  })

  it("B's rows are untouched after all of the above", async () => {
    const [p] = await query<{ title: string; status: string }>(sql`select title, status from products where id = ${ids.product}`)
    expect(p).toEqual({ title: 'Secret B Jacket', status: 'draft' })
    expect(await query(sql`select 1 from product_media where asset_id = ${ids.asset}`)).toHaveLength(1)
    expect(await query(sql`select role from memberships where user_id = ${bStaff.userId}`)).toEqual([{ role: 'staff' }])
    expect(await query(sql`select 1 from invites where id = ${ids.invite}`)).toHaveLength(1)
    expect(await query(sql`select 1 from api_tokens where id = ${ids.token} and revoked_at is null`)).toHaveLength(1)
    expect(await query(sql`select 1 from sessions where id = ${ids.session} and revoked_at is null`)).toHaveLength(1)
  })

  it('covers every accounts and catalog route that takes an id', () => {
    const mine = /^\/api\/(products|members|invites|tokens|auth\/sessions)\//
    const covered = new Set(idRoutes.map((r) => `${r.method} ${r.path}`))
    // Other features mount their own routes under /api/products (e.g. promo); those carry their own tenancy tests.
    const own = new Set(['/api/products/:id', '/api/products/:id/images', '/api/products/:id/images/:assetId', '/api/products/:id/videos'])
    const routes = app.routes.filter(
      (r) => r.method !== 'ALL' && r.path.includes(':') && mine.test(r.path) && (!r.path.startsWith('/api/products') || own.has(r.path)),
    )
    const missing = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !covered.has(k))
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(idRoutes.length)
    expect(missing).toEqual([])
  })
})
