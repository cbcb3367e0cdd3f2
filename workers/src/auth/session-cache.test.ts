import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import { SESSION_CACHE_MS } from './session-cache'

// Issue 17: a resolved session is reused by the isolate for SESSION_CACHE_SECONDS (5 s), so a
// signed-in request skips the session lookup. These tests run in the Worker's own isolate.
const url = (p: string) => `http://hub.test${p}`
const me = (cookie: string) => SELF.fetch(url('/api/auth/me'), { headers: { cookie } })
const sessionId = (token: string) => sql`encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`

describe('session cache per isolate', () => {
  it('reuses a resolved session for a few seconds: a revocation written elsewhere takes effect within the bound', async () => {
    const m = await signedInMember()
    expect((await me(m.headers.cookie)).status).toBe(200)
    // Another isolate revokes it (here: straight in the database, as that isolate would).
    await query(sql`update sessions set revoked_at = now() where id = ${sessionId(m.token)}`)
    const started = Date.now()
    expect((await me(m.headers.cookie)).status).toBe(200)
    // …but never past the bound.
    let status = 200
    while (status === 200 && Date.now() - started < SESSION_CACHE_MS + 3_000) {
      await new Promise((r) => setTimeout(r, 250))
      status = (await me(m.headers.cookie)).status
    }
    expect(status).toBe(401)
    expect(Date.now() - started).toBeLessThan(SESSION_CACHE_MS + 1_000)
  }, 20_000)

  it('a logout, a revoked device or a removal from the shop in this isolate takes effect at once', async () => {
    const owner = await signedInMember()
    const staff = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    expect((await SELF.fetch(url('/api/products'), { headers: staff.headers })).status).toBe(200)
    const removed = await SELF.fetch(url(`/api/members/${staff.userId}`), { method: 'DELETE', headers: { ...owner.headers, origin: 'http://hub.test' } })
    expect(removed.status).toBe(204)
    expect((await SELF.fetch(url('/api/products'), { headers: staff.headers })).status).toBe(401)

    expect((await me(owner.headers.cookie)).status).toBe(200)
    const out = await SELF.fetch(url('/api/auth/logout'), { method: 'POST', headers: { ...owner.headers, origin: 'http://hub.test' } })
    expect(out.status).toBeLessThan(300)
    expect((await me(owner.headers.cookie)).status).toBe(401)
  })

  it('a role change applies to the next request', async () => {
    const owner = await signedInMember()
    const member = await signedInMember({ merchantId: owner.merchantId, role: 'staff' })
    const write = () =>
      SELF.fetch(url('/api/products'), {
        method: 'POST',
        headers: { ...member.headers, 'content-type': 'application/json', origin: 'http://hub.test' },
        body: JSON.stringify({ title: 'Cached tee', currency: 'USD', priceMinor: 100 }),
      })
    expect((await write()).status).toBe(201)
    const demoted = await SELF.fetch(url(`/api/members/${member.userId}`), {
      method: 'PATCH',
      headers: { ...owner.headers, 'content-type': 'application/json', origin: 'http://hub.test' },
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(demoted.status).toBe(200)
    expect((await write()).status).toBe(403)
  })
})
