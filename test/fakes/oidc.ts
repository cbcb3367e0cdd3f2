import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { exportJWK, type JWK, SignJWT } from 'jose'
import { FAKE_OIDC_CLIENT } from '../secrets'
import { createFakeServer, type FakeReply, type FakeServer, type RecordedCall } from './fake-server'

export { FAKE_OIDC_CLIENT }

/**
 * How the fake misbehaves for one sign-in, chosen on its consent form (hidden fields a test posts,
 * or defaults a person clicking through gets):
 * - `email_verified=false`: the ID token says the email is not verified;
 * - `nonce=<value>`: the ID token carries this nonce instead of the one the client sent;
 * - `expired=1`: the ID token expired an hour ago;
 * - `audience=<value>`: the ID token is for another client;
 * - `foreign_key=1`: signed with a key that is not in the JWKS.
 */
type Grant = {
  clientId: string
  redirectUri: string
  codeChallenge: string
  nonce: string
  sub: string
  email: string
  name: string
  emailVerified: boolean
  expired: boolean
  audience: string | null
  foreignKey: boolean
  at: number
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const b64url = (b: Buffer) => b.toString('base64url')

/**
 * A local OpenID Connect provider speaking the real wire format, standing in for Google:
 * `/.well-known/openid-configuration`, `/authorize` (a consent page with a button, which posts
 * back to `/authorize` and redirects to the client with `code` and `state`), `/token`
 * (authorization code + PKCE S256, client secret by HTTP Basic) and `/jwks` (RS256 keys). The
 * subject is derived from the email, so the same email is the same Google account.
 */
export async function createOidcFake(): Promise<FakeServer> {
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = b64url(randomBytes(8))
  const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' }
  const grants = new Map<string, Grant>()
  let issuer = ''

  const consentPage = (q: Record<string, string>) => {
    const hidden = Object.entries(q)
      .filter(([k]) => !['email', 'name'].includes(k))
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    const email = q.login_hint || `shopper-${randomBytes(4).toString('hex')}@gmail.test`
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in – Fake Google</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui;max-width:420px;margin:10vh auto;padding:16px">
<h1>Choose an account</h1><p>to continue to <b>${esc(q.client_id ?? '')}</b></p>
<form method="post" action="/authorize">${hidden}
<label>Email <input name="email" type="email" value="${esc(email)}"></label><br><br>
<label>Name <input name="name" value="Fake Google User"></label><br><br>
<button type="submit">Continue</button></form></body></html>`
  }

  const authorize = (call: RecordedCall): FakeReply => {
    const f = call.body as Record<string, string>
    const redirect = f.redirect_uri
    if (!redirect) return { status: 400, raw: 'redirect_uri missing' }
    if (f.client_id !== FAKE_OIDC_CLIENT.id) return { status: 400, raw: 'unknown client_id' }
    if (f.response_type !== 'code' || f.code_challenge_method !== 'S256' || !f.code_challenge) return { status: 400, raw: 'code flow with PKCE S256 only' }
    const email = (f.email || 'someone@gmail.test').trim().toLowerCase()
    const code = b64url(randomBytes(24))
    grants.set(code, {
      clientId: f.client_id,
      redirectUri: redirect,
      codeChallenge: f.code_challenge,
      nonce: f.nonce_override ?? f.nonce ?? '',
      sub: f.sub || createHash('sha256').update(email).digest('hex').slice(0, 21),
      email,
      name: f.name ?? '',
      emailVerified: f.email_verified !== 'false',
      expired: f.expired === '1',
      audience: f.audience || null,
      foreignKey: f.foreign_key === '1',
      at: Date.now(),
    })
    const to = new URL(redirect)
    to.searchParams.set('code', code)
    if (f.state) to.searchParams.set('state', f.state)
    return { status: 302, headers: { location: to.toString() }, raw: '' }
  }

  const token = async (call: RecordedCall): Promise<FakeReply> => {
    const f = call.body as Record<string, string>
    const fail = (error: string, status = 400): FakeReply => ({ status, body: { error, error_description: error } })
    const basic = /^Basic\s+(.+)$/i.exec(call.headers.authorization ?? '')?.[1]
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [f.client_id, f.client_secret]
    if (id !== FAKE_OIDC_CLIENT.id || secret !== FAKE_OIDC_CLIENT.secret) return fail('invalid_client', 401)
    if (f.grant_type !== 'authorization_code') return fail('unsupported_grant_type')
    const grant = grants.get(f.code ?? '')
    grants.delete(f.code ?? '')
    if (!grant || Date.now() - grant.at > 600_000) return fail('invalid_grant')
    if (grant.redirectUri !== f.redirect_uri) return fail('invalid_grant')
    if (!f.code_verifier || b64url(createHash('sha256').update(f.code_verifier).digest()) !== grant.codeChallenge) return fail('invalid_grant')
    const now = Math.floor(Date.now() / 1000)
    const iat = grant.expired ? now - 7200 : now
    const idToken = await new SignJWT({
      email: grant.email,
      email_verified: grant.emailVerified,
      name: grant.name,
      nonce: grant.nonce,
      azp: grant.clientId,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(grant.sub)
      .setAudience(grant.audience ?? grant.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(grant.foreignKey ? foreign.privateKey : signing.privateKey)
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: { access_token: b64url(randomBytes(24)), token_type: 'Bearer', expires_in: 3599, scope: 'openid email profile', id_token: idToken },
    }
  }

  const fake = await createFakeServer('oidc', async (call): Promise<FakeReply> => {
    switch (`${call.method} ${call.path}`) {
      case 'GET /.well-known/openid-configuration':
        return {
          status: 200,
          body: {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            userinfo_endpoint: `${issuer}/userinfo`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid', 'email', 'profile'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
            code_challenge_methods_supported: ['S256'],
            claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'sub', 'nonce'],
          },
        }
      case 'GET /authorize':
        return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: consentPage(call.query) }
      case 'POST /authorize':
        return authorize(call)
      case 'POST /token':
        return token(call)
      case 'GET /jwks':
        return { status: 200, headers: { 'cache-control': 'public, max-age=3600' }, body: { keys: [jwk] } }
      default:
        return { status: 404, body: { error: 'not_found' } }
    }
  })
  issuer = fake.url
  return fake
}
