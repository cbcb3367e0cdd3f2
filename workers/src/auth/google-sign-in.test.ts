import { createExecutionContext, env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, sql } from '../../test/helpers'
import { app } from '../app'
import { googleSignIn, post, signupWithPassword, uniqueEmail, url } from './test-kit'

const me = async (cookie: string) => SELF.fetch(url('/api/auth/me'), { headers: { cookie } })
const identities = (email: string) => query<{ user_id: string }>(sql`select user_id from oidc_identities where email = ${email}`)

describe('Continue with Google (OIDC code + PKCE against the fake provider)', () => {
  it('a new Google user gets a new account and shop, signed in with method google; the next time finds the same account', async () => {
    const email = uniqueEmail()
    const first = await googleSignIn({ email, name: 'Grace Hopper' })
    expect(first.error).toBeNull()
    expect(first.location).toBe('/products')
    const session = first.cookies.byName.lh_session
    expect(session).toBeTruthy()
    const body = (await (await me(`lh_session=${session}`)).json()) as { user: { email: string; name: string }; merchant: { role: string; name: string } }
    expect(body.user).toMatchObject({ email, name: 'Grace Hopper' })
    expect(body.merchant).toMatchObject({ role: 'owner', name: "Grace Hopper's shop" })
    const sessions = (await (await SELF.fetch(url('/api/auth/sessions'), { headers: { cookie: `lh_session=${session}` } })).json()) as {
      items: { method: string; secondFactor: boolean }[]
    }
    expect(sessions.items).toEqual([expect.objectContaining({ method: 'google', secondFactor: false })])

    const again = await googleSignIn({ email })
    expect(again.cookies.byName.lh_session).toBeTruthy()
    const users = await query(sql`select id from users where lower(email) = ${email}`)
    expect(users).toHaveLength(1)
    // A Google-only account has no password to log in with.
    expect((await post('/api/auth/login', { email, password: 'none' })).status).toBe(401)
  })

  it('an existing account with the same verified email is linked only after its password is entered once', async () => {
    const { email, password } = await signupWithPassword()
    const first = await googleSignIn({ email })
    expect(first.location).toBe('/login/link-google')
    expect(first.cookies.byName.lh_session).toBeUndefined()
    const link = first.cookies.header
    expect(first.cookies.byName.lh_link).toBeTruthy()
    expect(((await (await SELF.fetch(url('/api/auth/google/link'), { headers: { cookie: link } })).json()) as { email: string }).email).toBe(email)
    expect(await identities(email)).toHaveLength(0)

    const wrong = await post('/api/auth/google/link', { password: 'not the password' }, { cookie: link })
    expect(wrong.status).toBe(401)
    expect(await identities(email)).toHaveLength(0)
    const ok = await post('/api/auth/google/link', { password }, { cookie: link })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { user: { email: string } }).user.email).toBe(email)
    expect(ok.headers.getSetCookie().some((c) => c.startsWith('lh_session='))).toBe(true)
    expect(await identities(email)).toHaveLength(1)

    // From now on Google signs straight in.
    const next = await googleSignIn({ email })
    expect(next.location).toBe('/products')
    expect(next.cookies.byName.lh_session).toBeTruthy()
  })

  it('an unverified Google email is never linked to an existing account (nor makes one)', async () => {
    const { email } = await signupWithPassword()
    const r = await googleSignIn({ email, email_verified: 'false' })
    expect(r.location).toMatch(/^\/login\?error=/)
    expect(r.error).toMatch(/not verified/)
    expect(r.cookies.byName.lh_session).toBeUndefined()
    expect(r.cookies.byName.lh_link).toBeUndefined()
    expect(await identities(email)).toHaveLength(0)

    const stranger = uniqueEmail()
    const fresh = await googleSignIn({ email: stranger, email_verified: 'false' })
    expect(fresh.error).toMatch(/not verified/)
    expect(await query(sql`select id from users where lower(email) = ${stranger}`)).toHaveLength(0)
  })

  it.each([
    ['a wrong nonce', { nonce_override: 'an-attacker-nonce' }, /nonce/],
    ['an expired ID token', { expired: '1' }, /expired/],
    ['an ID token for another client', { audience: 'someone-else' }, /aud/],
    ['an ID token not signed by the provider’s keys', { foreign_key: '1' }, /could not be verified/],
  ])('refuses %s: no session, no account', async (_what, tweak, message) => {
    const email = uniqueEmail()
    const r = await googleSignIn({ email, ...tweak })
    expect(r.error).toMatch(message)
    expect(r.cookies.byName.lh_session).toBeUndefined()
    expect(await query(sql`select id from users where lower(email) = ${email}`)).toHaveLength(0)
  })

  it('refuses a callback whose state does not match this browser’s, or with no started sign-in at all', async () => {
    const email = uniqueEmail()
    const forged = await googleSignIn({ email }, { tamper: (cb) => cb.searchParams.set('state', 'forged-state-value') })
    expect(forged.error).toMatch(/state does not match/)
    expect(forged.cookies.byName.lh_session).toBeUndefined()

    const otherBrowser = await googleSignIn({ email }, { dropFlowCookie: true })
    expect(otherBrowser.error).toMatch(/expired or was started in another browser/)
    expect(otherBrowser.cookies.byName.lh_session).toBeUndefined()
    expect(await query(sql`select id from users where lower(email) = ${email}`)).toHaveLength(0)
  })

  it('refuses an expired sign-in state cookie', async () => {
    // A sealed cookie from 11 minutes ago (the step lasts 10) is refused like a missing one.
    const realNow = Date.now
    Date.now = () => realNow() - 11 * 60_000
    let startRes: Response
    try {
      startRes = await app.request('/api/auth/google/start', {}, env, createExecutionContext())
    } finally {
      Date.now = realNow
    }
    expect(startRes.status).toBe(302)
    const cookie = (startRes.headers.getSetCookie()[0] ?? '').split(';')[0]
    const state = new URL(startRes.headers.get('location') ?? '').searchParams.get('state')
    const res = await SELF.fetch(url(`/api/auth/google/callback?code=whatever&state=${state}`), { redirect: 'manual', headers: { cookie } })
    expect(new URL(res.headers.get('location') ?? '', 'http://hub.test').searchParams.get('error')).toMatch(/expired/)
  })

  it('without GOOGLE_CLIENT_ID the hub offers no Google sign-in and its routes answer 404', async () => {
    const off = { ...env, GOOGLE_CLIENT_ID: '' }
    const providers = await app.request('/api/auth/providers', {}, off, createExecutionContext())
    expect(await providers.json()).toEqual({ google: false })
    const start = await app.request('/api/auth/google/start', {}, off, createExecutionContext())
    expect(start.status).toBe(404)
    expect(((await start.json()) as { error: { message: string } }).error.message).toMatch(/not configured/)
    expect(await (await SELF.fetch(url('/api/auth/providers'))).json()).toEqual({ google: true })
  })
})
