import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'

const url = (p: string) => `http://hub.test${p}`

async function createToken(owner: { headers: { cookie: string } }, body: Record<string, unknown>) {
  const res = await SELF.fetch(url('/api/tokens'), {
    method: 'POST',
    headers: { ...owner.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'script', ...body }),
  })
  return res
}
const bearer = (token: string, ip?: string): Record<string, string> => ({ authorization: `Bearer ${token}`, ...(ip ? { 'cf-connecting-ip': ip } : {}) })
const postJson = (p: string, headers: Record<string, string>) =>
  SELF.fetch(url(p), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' })

describe('API token scopes', () => {
  it('a catalog:read token reads the catalog but may not change it nor read orders or analytics (403 naming the scope)', async () => {
    const owner = await signedInMember()
    const created = await createToken(owner, { scopes: ['catalog:read'] })
    expect(created.status).toBe(201)
    const { token, scopes } = (await created.json()) as { token: string; scopes: string[] }
    expect(scopes).toEqual(['catalog:read'])

    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token) })).status).toBe(200)
    const write = await postJson('/api/products', bearer(token))
    expect(write.status).toBe(403)
    expect(((await write.json()) as { error: { message: string } }).error.message).toMatch(/lacks the catalog:write scope/)
    const orders = await SELF.fetch(url('/api/orders'), { headers: bearer(token) })
    expect(orders.status).toBe(403)
    expect(((await orders.json()) as { error: { message: string } }).error.message).toMatch(/orders scope/)
    expect((await SELF.fetch(url('/api/analytics'), { headers: bearer(token) })).status).toBe(403)
    // Shop-wide routes need a full-access token.
    expect((await SELF.fetch(url('/api/shop'), { headers: bearer(token) })).status).toBe(403)
  })

  it('a token with the scopes is let through', async () => {
    const owner = await signedInMember()
    const { token } = (await (await createToken(owner, { scopes: ['catalog:write', 'orders', 'analytics'] })).json()) as { token: string }
    // Past the scope check: the empty product is refused by validation, not by the scope.
    expect((await postJson('/api/products', bearer(token))).status).toBe(400)
    expect((await SELF.fetch(url('/api/orders'), { headers: bearer(token) })).status).toBe(200)
    expect((await SELF.fetch(url('/api/analytics'), { headers: bearer(token) })).status).toBe(200)
    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token) })).status).toBe(403)
  })

  it('tokens made before scopes existed have every scope and keep working everywhere', async () => {
    const owner = await signedInMember()
    const secret = `lh_legacy${crypto.randomUUID().replace(/-/g, '')}`
    // As the old code inserted it: no scopes, no allowlist.
    await query(
      sql`insert into api_tokens (merchant_id, name, token_hash, prefix, role) values (${owner.merchantId}, 'old', encode(sha256(convert_to(${secret}, 'UTF8')), 'hex'), ${secret.slice(0, 9)}, 'staff')`,
    )
    for (const p of ['/api/products', '/api/orders', '/api/analytics', '/api/shop']) {
      expect((await SELF.fetch(url(p), { headers: bearer(secret) })).status, p).toBe(200)
    }
    const list = (await (await SELF.fetch(url('/api/tokens'), { headers: owner.headers })).json()) as { items: { name: string; scopes: string[] }[] }
    expect(list.items.find((t) => t.name === 'old')?.scopes).toEqual(['catalog:read', 'catalog:write', 'orders', 'analytics'])
  })

  it('refuses a scope that does not exist and an empty scope list', async () => {
    const owner = await signedInMember()
    expect((await createToken(owner, { scopes: ['admin'] })).status).toBe(400)
    expect((await createToken(owner, { scopes: [] })).status).toBe(400)
  })
})

describe('API token IP allowlist', () => {
  it('works from an allowed address (IPv4 CIDR, IPv6 CIDR) and is refused from any other with a clear 403', async () => {
    const owner = await signedInMember()
    const res = await createToken(owner, { ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'] })
    expect(res.status).toBe(201)
    const { token } = (await res.json()) as { token: string }
    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token, '203.0.113.77') })).status).toBe(200)
    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token, '2001:db8:1::5') })).status).toBe(200)
    const outside = await SELF.fetch(url('/api/products'), { headers: bearer(token, '198.51.100.1') })
    expect(outside.status).toBe(403)
    expect(((await outside.json()) as { error: { message: string } }).error.message).toBe(
      'this API token may not be used from 198.51.100.1; its IP allowlist is 203.0.113.0/24, 2001:db8::/32',
    )
    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token, '2001:db9::1') })).status).toBe(403)
    expect((await SELF.fetch(url('/api/products'), { headers: bearer(token) })).status).toBe(403)
  })

  it('refuses an allowlist entry that is not an address or CIDR', async () => {
    const owner = await signedInMember()
    const res = await createToken(owner, { ipAllowlist: ['10.0.0.0/33'] })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toMatch(/not an IP address or CIDR/)
  })
})

describe('API token last use', () => {
  it('records when and from where a token was last used, at most once a minute, and lists it', async () => {
    const owner = await signedInMember()
    const { id, token } = (await (await createToken(owner, {})).json()) as { id: string; token: string }
    const listed = async () =>
      (
        (await (await SELF.fetch(url('/api/tokens'), { headers: owner.headers })).json()) as {
          items: { id: string; lastUsedAt: string | null; lastUsedIp: string | null }[]
        }
      ).items.find((t) => t.id === id)
    expect((await listed())?.lastUsedAt).toBeNull()
    await SELF.fetch(url('/api/products'), { headers: bearer(token, '192.0.2.10') })
    const first = await listed()
    expect(first?.lastUsedAt).not.toBeNull()
    expect(first?.lastUsedIp).toBe('192.0.2.10')
    // Within the minute: not written again.
    await SELF.fetch(url('/api/products'), { headers: bearer(token, '192.0.2.11') })
    expect(await listed()).toEqual(first)
    // A minute later: written.
    await query(sql`update api_tokens set last_used_at = now() - interval '2 minutes' where id = ${id}`)
    await SELF.fetch(url('/api/products'), { headers: bearer(token, '192.0.2.12') })
    const later = await listed()
    expect(later?.lastUsedIp).toBe('192.0.2.12')
    expect(new Date(later?.lastUsedAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 30_000)
  })
})
