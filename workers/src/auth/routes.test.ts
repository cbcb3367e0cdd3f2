import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, sql } from '../../test/helpers'

const url = (p: string) => `http://hub.test${p}`
const post = (p: string, json: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/lh_session=([^;]+)/)?.[1] ?? ''
const uniqueEmail = () => `m-${crypto.randomUUID().slice(0, 8)}@Shop.Example`

async function signup(
  email = uniqueEmail(),
  password = 'correct horse battery',
  ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
) {
  const res = await post('/api/auth/signup', { email, password, name: 'Ada', shopName: 'Ada’s Sneakers' }, { 'cf-connecting-ip': ip })
  return { res, email, password, ip, cookie: `lh_session=${cookieOf(res)}` }
}

describe('sign up, log in, log out', () => {
  it('creates a user, a shop and an owner membership, and signs in with a secure cookie', async () => {
    const { res, email } = await signup()
    expect(res.status).toBe(201)
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/Secure/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).toMatch(/Path=\//)
    const body = (await res.json()) as { user: { email: string }; merchant: { slug: string; role: string } }
    expect(body.user.email).toBe(email.toLowerCase())
    expect(body.merchant.role).toBe('owner')
    expect(body.merchant.slug).toMatch(/^ada-s-sneakers/)
    const token = cookieOf(res)
    expect(token.length).toBeGreaterThanOrEqual(22)
    const [user] = await query<{ password_hash: string }>(sql`select password_hash from users where email = ${email.toLowerCase()}`)
    expect(user.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/)
    // Only the hash of the token is stored.
    const rows = await query(sql`select id from sessions where id = ${token}`)
    expect(rows).toHaveLength(0)
  })

  it('refuses a second account with the same email in any case', async () => {
    const { email } = await signup()
    const again = await post('/api/auth/signup', { email: email.toUpperCase(), password: 'another long password', shopName: 'Other' })
    expect(again.status).toBe(409)
  })

  it('explains which fields are wrong', async () => {
    const res = await post('/api/auth/signup', { email: 'not-an-email', password: 'short', shopName: '' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { path: string }[] } }
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['email', 'password', 'shopName'])
  })

  it('logs in, answers /me, and logs out so the cookie stops working', async () => {
    const { email, password } = await signup()
    const login = await post('/api/auth/login', { email, password })
    expect(login.status).toBe(200)
    const cookie = `lh_session=${cookieOf(login)}`
    const me = await SELF.fetch(url('/api/auth/me'), { headers: { cookie } })
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email.toLowerCase())
    expect((await post('/api/auth/logout', {}, { cookie })).status).toBe(204)
    expect((await SELF.fetch(url('/api/auth/me'), { headers: { cookie } })).status).toBe(401)
  })

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const { email } = await signup()
    const wrong = await post('/api/auth/login', { email, password: 'not the password' })
    const unknown = await post('/api/auth/login', { email: uniqueEmail(), password: 'not the password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
      ((await unknown.json()) as { error: { message: string } }).error.message,
    )
  })

  it('rate-limits failed logins per account and IP (429 even with the right password) and per IP', async () => {
    const { email, password } = await signup()
    for (let i = 0; i < 10; i++) {
      const res = await post('/api/auth/login', { email, password: 'wrong password!' }, { 'cf-connecting-ip': '192.0.2.7' })
      expect(res.status).toBe(401)
    }
    const blocked = await post('/api/auth/login', { email, password }, { 'cf-connecting-ip': '192.0.2.7' })
    expect(blocked.status).toBe(429)
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/too many failed logins/)

    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`
    await query(sql`insert into login_attempts (key, succeeded) select ${`ip:${ip}`}, false from generate_series(1, 50)`)
    const other = await signup()
    const fromBusyIp = await post('/api/auth/login', { email: other.email, password: other.password }, { 'cf-connecting-ip': ip })
    expect(fromBusyIp.status).toBe(429)
  })
})

describe('password and sessions', () => {
  it('changes the password, revoking other sessions but keeping this one', async () => {
    const { email, password, cookie } = await signup()
    const other = `lh_session=${cookieOf(await post('/api/auth/login', { email, password }))}`
    const bad = await post('/api/auth/password', { currentPassword: 'nope nope nope', newPassword: 'a brand new password' }, { cookie })
    expect(bad.status).toBe(403)
    const ok = await post('/api/auth/password', { currentPassword: password, newPassword: 'a brand new password' }, { cookie })
    expect(ok.status).toBe(204)
    expect((await SELF.fetch(url('/api/auth/me'), { headers: { cookie } })).status).toBe(200)
    expect((await SELF.fetch(url('/api/auth/me'), { headers: { cookie: other } })).status).toBe(401)
    expect((await post('/api/auth/login', { email, password: 'a brand new password' })).status).toBe(200)
  })

  it('lists own sessions and revokes one; another user cannot revoke it', async () => {
    const a = await signup()
    const second = await post('/api/auth/login', { email: a.email, password: a.password })
    const secondCookie = `lh_session=${cookieOf(second)}`
    const list = (await (await SELF.fetch(url('/api/auth/sessions'), { headers: { cookie: a.cookie } })).json()) as {
      items: { id: string; current: boolean }[]
    }
    expect(list.items.length).toBe(2)
    const target = list.items.find((s) => !s.current) as { id: string }
    const b = await signup()
    expect((await SELF.fetch(url(`/api/auth/sessions/${target.id}`), { method: 'DELETE', headers: { cookie: b.cookie } })).status).toBe(404)
    expect((await SELF.fetch(url(`/api/auth/sessions/${target.id}`), { method: 'DELETE', headers: { cookie: a.cookie } })).status).toBe(204)
    expect((await SELF.fetch(url('/api/auth/me'), { headers: { cookie: secondCookie } })).status).toBe(401)
  })

  it('ends a session that sat idle longer than the idle timeout', async () => {
    const { cookie } = await signup()
    await query(
      sql`update sessions set last_seen_at = now() - interval '8 days' where id = encode(sha256(convert_to(${cookie.slice('lh_session='.length)}, 'UTF8')), 'hex')`,
    )
    expect((await SELF.fetch(url('/api/auth/me'), { headers: { cookie } })).status).toBe(401)
  })
})
