import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { query, sql } from '../../test/helpers'
import { LOGIN_LIMITS } from '../middleware/rate-limit'

const url = (p: string) => `http://hub.test${p}`
const post = (p: string, json: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })
const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
const cookieOf = (res: Response) => `lh_session=${res.headers.get('set-cookie')?.match(/lh_session=([^;]+)/)?.[1] ?? ''}`

async function signup(ip = randomIp()) {
  const email = `rl-${crypto.randomUUID().slice(0, 8)}@shop.example`
  const password = 'correct horse battery'
  const res = await post('/api/auth/signup', { email, password, shopName: 'Rate limited' }, { 'cf-connecting-ip': ip })
  expect(res.status).toBe(201)
  return { email, password, ip, cookie: cookieOf(res) }
}

const count = (statuses: number[], s: number) => statuses.filter((x) => x === s).length

describe('login rate limit under concurrency', () => {
  it('60 parallel wrong passwords from one IP: at most the limit answer 401, the rest 429', async () => {
    const { email, password } = await signup()
    const ip = randomIp()
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () => post('/api/auth/login', { email, password: 'wrong password!' }, { 'cf-connecting-ip': ip }).then((r) => r.status)),
    )
    expect(count(statuses, 401)).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndIp.max)
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(60 - LOGIN_LIMITS.perAccountAndIp.max)
    expect(count(statuses, 401) + count(statuses, 429)).toBe(60)
    // And the right password from that IP is refused too, for the rest of the window.
    expect((await post('/api/auth/login', { email, password }, { 'cf-connecting-ip': ip })).status).toBe(429)
  })

  it('60 parallel wrong passwords from 60 IPs: at most the per-account limit answer 401', async () => {
    const { email } = await signup()
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () =>
        post('/api/auth/login', { email, password: 'wrong password!' }, { 'cf-connecting-ip': randomIp() }).then((r) => r.status),
      ),
    )
    expect(count(statuses, 401)).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount.max)
    expect(count(statuses, 429)).toBeGreaterThan(0)
  })
})

describe('a shared IP does not lock out correct logins', () => {
  it('an IP over its limit still lets in an account that signed in from it before, and refuses a new one', async () => {
    const ip = randomIp()
    const regular = await signup(ip)
    // Someone behind the same address sprays other accounts.
    await query(sql`insert into login_attempts (key, succeeded) select ${`ip:${ip}`}, false from generate_series(1, ${LOGIN_LIMITS.perIp.max})`)
    expect((await post('/api/auth/login', { email: regular.email, password: regular.password }, { 'cf-connecting-ip': ip })).status).toBe(200)
    const stranger = await signup()
    expect((await post('/api/auth/login', { email: stranger.email, password: stranger.password }, { 'cf-connecting-ip': ip })).status).toBe(429)
  })

  it('an account attacked from many IPs can still sign in from its known IP', async () => {
    const owner = await signup()
    await query(
      sql`insert into login_attempts (key, succeeded) select ${`email:${owner.email}`}, false from generate_series(1, ${LOGIN_LIMITS.perAccount.max})`,
    )
    expect((await post('/api/auth/login', { email: owner.email, password: owner.password }, { 'cf-connecting-ip': randomIp() })).status).toBe(429)
    expect((await post('/api/auth/login', { email: owner.email, password: owner.password }, { 'cf-connecting-ip': owner.ip })).status).toBe(200)
  })

  it('right passwords do not count: 20 correct logins in a row from one IP all succeed', async () => {
    const { email, password, ip } = await signup()
    for (let i = 0; i < 20; i++) expect((await post('/api/auth/login', { email, password }, { 'cf-connecting-ip': ip })).status).toBe(200)
  })
})

describe('guessing the current password on POST /api/auth/password', () => {
  it('is limited per user: parallel wrong guesses get at most the limit of 403s, then 429 even for the right one', async () => {
    const { password, cookie } = await signup()
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/api/auth/password', { currentPassword: 'a wrong guess!!', newPassword: 'a brand new password' }, { cookie }).then((r) => r.status),
      ),
    )
    expect(count(statuses, 403)).toBeLessThanOrEqual(LOGIN_LIMITS.passwordChange.max)
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(20 - LOGIN_LIMITS.passwordChange.max)
    expect((await post('/api/auth/password', { currentPassword: password, newPassword: 'a brand new password' }, { cookie })).status).toBe(429)
  })
})
