// Shared by the sign-in tests: drive the Google flow as a browser would, against the fake provider.
import { env, SELF } from 'cloudflare:test'
import { expect } from 'vitest'

export const url = (p: string) => `http://hub.test${p}`
const issuer = () => (env as unknown as { GOOGLE_ISSUER_URL: string }).GOOGLE_ISSUER_URL

export const post = (p: string, json: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })

/** The cookies a response sets, as a `cookie` header value (name=value; …), and by name. */
export function cookiesOf(res: Response) {
  const byName: Record<string, string> = {}
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';')
    const i = pair.indexOf('=')
    const name = pair.slice(0, i).trim()
    const value = pair.slice(i + 1)
    const cleared = attrs.some((a) => /^\s*max-age=0$/i.test(a)) || value === ''
    if (!cleared) byName[name] = value
  }
  return {
    byName,
    header: Object.entries(byName)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  }
}

export const uniqueEmail = (domain = 'gmail.test') => `g-${crypto.randomUUID().slice(0, 8)}@${domain}`

/**
 * "Continue with Google" → the fake's consent form, submitted with `fields` (the account, and
 * any misbehaviour: `email_verified`, `nonce_override`, `expired`, `audience`, `foreign_key`),
 * → the hub's callback. `tamper` edits the callback URL first (a forged `state`).
 */
export async function googleSignIn(fields: Record<string, string>, options: { tamper?: (callback: URL) => void; dropFlowCookie?: boolean } = {}) {
  const start = await SELF.fetch(url('/api/auth/google/start?next=/products'), { redirect: 'manual' })
  expect(start.status).toBe(302)
  const flow = cookiesOf(start)
  expect(flow.byName.lh_oidc).toBeTruthy()
  const authorize = new URL(start.headers.get('location') ?? '')
  expect(authorize.origin).toBe(new URL(issuer()).origin)
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  const consent = await fetch(`${issuer()}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), ...fields }),
    redirect: 'manual',
  })
  expect(consent.status).toBe(302)
  const callback = new URL(consent.headers.get('location') ?? '')
  options.tamper?.(callback)
  const res = await SELF.fetch(callback.toString(), { redirect: 'manual', headers: options.dropFlowCookie ? {} : { cookie: flow.header } })
  expect(res.status).toBe(302)
  const location = res.headers.get('location') ?? ''
  return { res, location, cookies: cookiesOf(res), error: new URL(location, 'http://hub.test').searchParams.get('error') }
}

export async function signupWithPassword(email = uniqueEmail('shop.example'), password = 'correct horse battery') {
  const res = await post(
    '/api/auth/signup',
    { email, password, shopName: 'Password shop' },
    { 'cf-connecting-ip': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  )
  expect(res.status).toBe(201)
  return { email, password, cookie: cookiesOf(res).header }
}
