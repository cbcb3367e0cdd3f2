import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client, OAuth2RequestError } from 'arctic'
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose'
import { z } from 'zod'
import type { Config } from '../config'
import { AppError } from '../errors'

/**
 * "Continue with Google": OpenID Connect, authorization code flow with PKCE (S256), `state` and
 * `nonce`. The endpoints come from the issuer's discovery document, so the issuer is configuration
 * (GOOGLE_ISSUER_URL) and tests point it at a local fake provider. The ID token is verified against
 * the issuer's JWKS (signature, `iss`, `aud`, `exp`) and its `nonce` against the one this browser
 * was given.
 */
export const GOOGLE_PROVIDER = 'google'
const SCOPES = ['openid', 'email', 'profile']

export const googleEnabled = (config: Config) => !!config.GOOGLE_CLIENT_ID && !!config.GOOGLE_CLIENT_SECRET

export function requireGoogle(config: Config) {
  if (!googleEnabled(config)) throw new AppError('not_found', 'Google sign-in is not configured on this hub')
}

const issuerOf = (config: Config) => config.GOOGLE_ISSUER_URL.replace(/\/+$/, '')
export const googleRedirectUri = (config: Config) => `${config.APP_URL.replace(/\/+$/, '')}/api/auth/google/callback`

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
})
type Discovery = z.infer<typeof discoverySchema>

// Per isolate: the discovery document for an hour, one JWKS fetcher per key set URL (jose caches
// the keys and refetches when a token names a key it does not know).
const discoveryCache = new Map<string, { doc: Discovery; until: number }>()
const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

async function discover(config: Config): Promise<Discovery> {
  const issuer = issuerOf(config)
  const cached = discoveryCache.get(issuer)
  if (cached && cached.until > Date.now()) return cached.doc
  let doc: Discovery
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) })
    if (!res.ok) throw new Error(`discovery answered ${res.status}`)
    doc = discoverySchema.parse(await res.json())
  } catch (cause) {
    throw new AppError('bad_gateway', 'Google sign-in is unavailable right now; try again or log in with your password', { cause })
  }
  if (doc.issuer.replace(/\/+$/, '') !== issuer) throw new AppError('bad_gateway', 'the sign-in provider named a different issuer')
  discoveryCache.set(issuer, { doc, until: Date.now() + 3600_000 })
  return doc
}

const clientOf = (config: Config) => new OAuth2Client(config.GOOGLE_CLIENT_ID, config.GOOGLE_CLIENT_SECRET, googleRedirectUri(config))

/** What the browser must bring back to the callback (kept in a sealed cookie). */
export type GoogleFlowState = { state: string; verifier: string; nonce: string; next: string }

/** The provider's authorization URL for a new sign-in, and the state to remember in this browser. */
export async function startGoogleSignIn(config: Config, next: string): Promise<{ url: string; flow: GoogleFlowState }> {
  requireGoogle(config)
  const doc = await discover(config)
  const flow: GoogleFlowState = { state: generateState(), verifier: generateCodeVerifier(), nonce: generateState(), next }
  const url = clientOf(config).createAuthorizationURLWithPKCE(doc.authorization_endpoint, flow.state, CodeChallengeMethod.S256, flow.verifier, SCOPES)
  url.searchParams.set('nonce', flow.nonce)
  url.searchParams.set('prompt', 'select_account')
  return { url: url.toString(), flow }
}

/** Who the provider says signed in, from a verified ID token. */
export type GoogleIdentity = { subject: string; email: string; emailVerified: boolean; name: string }

function timingSafeEqual(a: string, b: string) {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * The callback: checks `state` against this browser's, exchanges the code (with the PKCE verifier)
 * at the token endpoint and verifies the ID token. Every failure is a 401 with a message for the
 * person; nothing signs in.
 */
export async function finishGoogleSignIn(
  config: Config,
  input: { code?: string; state?: string; error?: string; flow: GoogleFlowState | null },
): Promise<GoogleIdentity> {
  requireGoogle(config)
  if (!input.flow) throw new AppError('unauthorized', 'that sign-in link has expired or was started in another browser; try again')
  if (input.error)
    throw new AppError('unauthorized', input.error === 'access_denied' ? 'Google sign-in was cancelled' : `Google refused the sign-in (${input.error})`)
  if (!input.state || !timingSafeEqual(input.state, input.flow.state))
    throw new AppError('unauthorized', 'the sign-in state does not match this browser; try again')
  if (!input.code) throw new AppError('unauthorized', 'Google sent no authorization code; try again')
  const doc = await discover(config)
  let idToken: string
  try {
    const tokens = await clientOf(config).validateAuthorizationCode(doc.token_endpoint, input.code, input.flow.verifier)
    idToken = tokens.idToken()
  } catch (cause) {
    if (cause instanceof OAuth2RequestError) throw new AppError('unauthorized', `Google refused the sign-in code (${cause.code}); try again`, { cause })
    throw new AppError('bad_gateway', 'could not reach Google to finish signing in; try again', { cause })
  }
  let jwks = jwksCache.get(doc.jwks_uri)
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(doc.jwks_uri))
    jwksCache.set(doc.jwks_uri, jwks)
  }
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(idToken, jwks, {
      issuer: [doc.issuer, issuerOf(config)],
      audience: config.GOOGLE_CLIENT_ID,
      algorithms: ['RS256'],
      requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
      clockTolerance: 30,
    }))
  } catch (cause) {
    const why =
      cause instanceof joseErrors.JWTExpired
        ? 'the ID token has expired'
        : cause instanceof joseErrors.JWTClaimValidationFailed
          ? `the ID token's ${cause.claim} is wrong`
          : 'the ID token could not be verified'
    throw new AppError('unauthorized', `Google sign-in refused: ${why}; try again`, { cause })
  }
  if (typeof payload.nonce !== 'string' || !timingSafeEqual(payload.nonce, input.flow.nonce)) {
    throw new AppError('unauthorized', "Google sign-in refused: the ID token's nonce does not match this sign-in; try again")
  }
  const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : ''
  if (!email || !payload.sub) throw new AppError('unauthorized', 'Google did not share an email address; allow it and try again')
  return {
    subject: payload.sub,
    email,
    emailVerified: payload.email_verified === true || payload.email_verified === 'true',
    name: typeof payload.name === 'string' ? payload.name.slice(0, 100) : '',
  }
}
