import { SELF } from 'cloudflare:test'
import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { query, signedInMember, sql } from '../../test/helpers'
import { LOGIN_LIMITS } from '../middleware/rate-limit'
import { cookiesOf, googleSignIn, post, signupWithPassword, url } from './test-kit'

const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) })
/** The code of the step `steps` from now (the hub accepts one step either side, each step once). */
const codeAt = (secret: string, steps: number) => totp(secret).generate({ timestamp: Date.now() + steps * 30_000 })
const get = (p: string, cookie: string) => SELF.fetch(url(p), { headers: { cookie } })

async function enableTwoFactor(cookie: string) {
  const setup = await post('/api/auth/two-factor/setup', {}, { cookie })
  expect(setup.status).toBe(200)
  const { secret, uri, qrSvg } = (await setup.json()) as { secret: string; uri: string; qrSvg: string }
  const enable = await post('/api/auth/two-factor/enable', { code: codeAt(secret, -1) }, { cookie })
  expect(enable.status).toBe(200)
  const { recoveryCodes } = (await enable.json()) as { recoveryCodes: string[] }
  return { secret, uri, qrSvg, recoveryCodes }
}

describe('turning TOTP two-factor on and off', () => {
  it('sets up a sealed secret with an otpauth URI and QR code, confirms it with a code, and shows 10 recovery codes once', async () => {
    const { email, cookie } = await signupWithPassword()
    const setup = await post('/api/auth/two-factor/setup', {}, { cookie })
    const { secret, uri, qrSvg } = (await setup.json()) as { secret: string; uri: string; qrSvg: string }
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(uri).toMatch(new RegExp(`^otpauth://totp/linkhub:${encodeURIComponent(email)}\\?`))
    expect(new URL(uri).searchParams.get('secret')).toBe(secret)
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/)
    const [row] = await query<{ secret_enc: string; enabled_at: Date | null }>(
      sql`select secret_enc, enabled_at from user_totp t join users u on u.id = t.user_id where u.email = ${email}`,
    )
    expect(row.secret_enc).toMatch(/^v2\.k0\./)
    expect(row.secret_enc).not.toContain(secret)
    expect(row.enabled_at).toBeNull()

    const wrong = await post('/api/auth/two-factor/enable', { code: '000000' === codeAt(secret, 0) ? '111111' : '000000' }, { cookie })
    expect(wrong.status).toBe(400)
    expect(((await (await get('/api/auth/two-factor', cookie)).json()) as { enabled: boolean }).enabled).toBe(false)

    const ok = await post('/api/auth/two-factor/enable', { code: codeAt(secret, 0) }, { cookie })
    expect(ok.status).toBe(200)
    const { recoveryCodes } = (await ok.json()) as { recoveryCodes: string[] }
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    const stored = await query<{ code_hash: string }>(sql`select code_hash from recovery_codes r join users u on u.id = r.user_id where u.email = ${email}`)
    expect(stored).toHaveLength(10)
    for (const code of recoveryCodes) expect(stored.map((s) => s.code_hash)).not.toContain(code)
    expect(await (await get('/api/auth/two-factor', cookie)).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 })
    // This session gave a code; a second set-up is refused while it is on.
    const sessions = (await (await get('/api/auth/sessions', cookie)).json()) as { items: { current: boolean; secondFactor: boolean }[] }
    expect(sessions.items.find((s) => s.current)?.secondFactor).toBe(true)
    expect((await post('/api/auth/two-factor/setup', {}, { cookie })).status).toBe(409)
  })

  it('asks for the code after the password; a code works once; a recovery code works once', async () => {
    const { email, password, cookie } = await signupWithPassword()
    const { secret, recoveryCodes } = await enableTwoFactor(cookie)

    const login = await post('/api/auth/login', { email, password })
    expect(login.status).toBe(200)
    expect(await login.json()).toEqual({ twoFactorRequired: true, method: 'password' })
    const pending = cookiesOf(login)
    expect(pending.byName.lh_session).toBeUndefined()
    expect(pending.byName.lh_2fa).toBeTruthy()
    // The pending cookie is no session.
    expect((await get('/api/auth/me', pending.header)).status).toBe(401)

    const code = codeAt(secret, 1)
    const verified = await post('/api/auth/two-factor/verify', { code }, { cookie: pending.header })
    expect(verified.status).toBe(200)
    expect(((await verified.json()) as { user: { email: string } }).user.email).toBe(email)
    const session = cookiesOf(verified).byName.lh_session
    expect(session).toBeTruthy()
    const list = (await (await get('/api/auth/sessions', `lh_session=${session}`)).json()) as {
      items: { current: boolean; method: string; secondFactor: boolean }[]
    }
    expect(list.items.find((s) => s.current)).toMatchObject({ method: 'password', secondFactor: true })

    // The same code again, in a new sign-in: refused.
    const again = cookiesOf(await post('/api/auth/login', { email, password }))
    expect((await post('/api/auth/two-factor/verify', { code }, { cookie: again.header })).status).toBe(401)
    // A recovery code (any case, with or without the dash) once…
    const recovery = recoveryCodes[3]
    const withRecovery = await post('/api/auth/two-factor/verify', { code: recovery.toUpperCase() }, { cookie: again.header })
    expect(withRecovery.status).toBe(200)
    // …and never again.
    const third = cookiesOf(await post('/api/auth/login', { email, password }))
    expect((await post('/api/auth/two-factor/verify', { code: recovery.replace('-', '') }, { cookie: third.header })).status).toBe(401)
    expect(await (await get('/api/auth/two-factor', cookie)).json()).toMatchObject({ recoveryCodesLeft: 9 })
  })

  it('asks for the code after Google too', async () => {
    const { email, password, cookie } = await signupWithPassword()
    const { secret } = await enableTwoFactor(cookie)
    const first = await googleSignIn({ email })
    await post('/api/auth/google/link', { password }, { cookie: first.cookies.header })
    const r = await googleSignIn({ email })
    expect(r.location).toBe('/login/two-factor?next=%2Fproducts')
    expect(r.cookies.byName.lh_session).toBeUndefined()
    const verified = await post('/api/auth/two-factor/verify', { code: codeAt(secret, 1) }, { cookie: r.cookies.header })
    expect(verified.status).toBe(200)
    const session = cookiesOf(verified).byName.lh_session
    const list = (await (await get('/api/auth/sessions', `lh_session=${session}`)).json()) as {
      items: { current: boolean; method: string; secondFactor: boolean }[]
    }
    expect(list.items.find((s) => s.current)).toMatchObject({ method: 'google', secondFactor: true })
  })

  it('rate-limits wrong codes per user like the login limit', async () => {
    const { email, password, cookie } = await signupWithPassword()
    const { secret } = await enableTwoFactor(cookie)
    const pending = cookiesOf(await post('/api/auth/login', { email, password }))
    const statuses: number[] = []
    for (let i = 0; i < LOGIN_LIMITS.twoFactor.max + 2; i++) {
      statuses.push((await post('/api/auth/two-factor/verify', { code: '12345' + (i % 10) }, { cookie: pending.header })).status)
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_LIMITS.twoFactor.max)
    expect((await post('/api/auth/two-factor/verify', { code: codeAt(secret, 1) }, { cookie: pending.header })).status).toBe(429)
  })

  it('turns off only with a right code; then the password alone signs in', async () => {
    const { email, password, cookie } = await signupWithPassword()
    const { secret } = await enableTwoFactor(cookie)
    expect((await post('/api/auth/two-factor/disable', { code: '999999' === codeAt(secret, 0) ? '888888' : '999999' }, { cookie })).status).toBe(400)
    expect((await post('/api/auth/two-factor/disable', { code: codeAt(secret, 1) }, { cookie })).status).toBe(204)
    expect(await (await get('/api/auth/two-factor', cookie)).json()).toMatchObject({ enabled: false })
    expect(await query(sql`select 1 from recovery_codes r join users u on u.id = r.user_id where u.email = ${email}`)).toHaveLength(0)
    const login = await post('/api/auth/login', { email, password })
    expect(cookiesOf(login).byName.lh_session).toBeTruthy()
  })
})

describe('"require two-factor for owners"', () => {
  it('needs the acting owner to have it; then other owners without it can only set it up, staff are not affected', async () => {
    const owner = await signupWithPassword()
    expect(
      (
        await SELF.fetch(url('/api/shop'), {
          method: 'PATCH',
          headers: { cookie: owner.cookie, 'content-type': 'application/json' },
          body: '{"requireTwoFactor":true}',
        })
      ).status,
    ).toBe(409)
    const { secret } = await enableTwoFactor(owner.cookie)
    const on = await SELF.fetch(url('/api/shop'), {
      method: 'PATCH',
      headers: { cookie: owner.cookie, 'content-type': 'application/json' },
      body: '{"requireTwoFactor":true}',
    })
    expect(on.status).toBe(200)
    expect(((await on.json()) as { requireTwoFactor: boolean }).requireTwoFactor).toBe(true)
    const merchantId = ((await (await get('/api/auth/me', owner.cookie)).json()) as { merchant: { id: string } }).merchant.id

    const second = await signedInMember({ merchantId, role: 'owner' })
    const refused = await SELF.fetch(url('/api/products'), { headers: second.headers })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: { details: { reason: 'two_factor_required' } } })
    const me = (await (await SELF.fetch(url('/api/auth/me'), { headers: second.headers })).json()) as { twoFactor: { setupRequired: boolean } }
    expect(me.twoFactor.setupRequired).toBe(true)
    await enableTwoFactor(second.headers.cookie)
    expect((await SELF.fetch(url('/api/products'), { headers: second.headers })).status).toBe(200)

    const staff = await signedInMember({ merchantId, role: 'staff' })
    expect((await SELF.fetch(url('/api/products'), { headers: staff.headers })).status).toBe(200)
    // While the shop requires it, the owner cannot turn theirs off.
    expect((await post('/api/auth/two-factor/disable', { code: codeAt(secret, 1) }, { cookie: owner.cookie })).status).toBe(409)
  })
})
