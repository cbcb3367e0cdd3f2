// /api/auth – sign up, log in (password or Google, then two-factor), log out, who am I, change password, sessions, switch shop, two-factor set-up
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { keyringOf } from '../bot/crypto'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { clientIp } from '../lib/client-ip'
import { createRouter, errors, json, jsonBody, publicRoute, userRoute } from '../lib/openapi'
import { userIdOf } from '../middleware/auth'
import { changePassword } from './change-password'
import { linkGoogleAccount, type PendingLink, type PendingSecondFactor, type SignInResult, signInWithGoogle, verifySecondFactor } from './finish-sign-in'
import { finishGoogleSignIn, type GoogleFlowState, googleEnabled, requireGoogle, startGoogleSignIn } from './google'
import { logIn } from './log-in'
import { loadMe } from './me'
import {
  changePasswordSchema,
  codeSchema,
  googleCallbackQuery,
  googleStartQuery,
  linkGoogleSchema,
  loginSchema,
  meResponseSchema,
  pendingLinkSchema,
  providersSchema,
  recoveryCodesSchema,
  sessionIdParam,
  sessionListSchema,
  signInResponseSchema,
  signupSchema,
  switchShopSchema,
  twoFactorSetupSchema,
  twoFactorStatusSchema,
} from './schemas'
import { clearSealedCookie, readSealedCookie, setSealedCookie } from './sealed-cookie'
import { endSession, listOwnSessions, revokeOwnSession, SESSION_ABSOLUTE_SECONDS, SESSION_COOKIE, type SessionOrigin } from './sessions'
import { signUp } from './sign-up'
import { switchShop } from './switch-shop'
import { disableTwoFactor, enableTwoFactor, startTwoFactorSetup, twoFactorStatus } from './two-factor'

const tags: ['Auth'] = ['Auth']
/** A required JSON request body. */

const originOf = (c: Context<AppEnv>): SessionOrigin => ({ ip: clientIp(c.req), userAgent: c.req.header('user-agent') ?? null })
const setSessionCookie = (c: Context<AppEnv>, token: string) =>
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: SESSION_ABSOLUTE_SECONDS })
const sessionIdOf = (c: Context<AppEnv>) => c.get('principal')?.sessionId

/** Sealed cookies of the steps between "Continue with Google" / the password and a session. */
const FLOW_COOKIE = 'lh_oidc'
const SECOND_FACTOR_COOKIE = 'lh_2fa'
const LINK_COOKIE = 'lh_link'
/** How long a started sign-in may take, at each step. */
const STEP_SECONDS = 10 * 60

/** Sets the session cookie, or the pending second factor's; the JSON answer either way. */
async function answerSignIn(c: Context<AppEnv>, result: SignInResult) {
  if (result.kind === 'session') {
    setSessionCookie(c, result.token)
    clearSealedCookie(c, SECOND_FACTOR_COOKIE)
    return result.me
  }
  await setSealedCookie<PendingSecondFactor>(c, SECOND_FACTOR_COOKIE, result.pending, STEP_SECONDS)
  return { twoFactorRequired: true as const, method: result.pending.method }
}

// POST /api/auth/signup – create an account and a shop (or join one with an invite), signed in
const signupRoute = publicRoute({
  method: 'post',
  path: '/signup',
  tags,
  summary: 'Create an account and a shop (or join one with `inviteToken`); signs in',
  description: 'Sets the `lh_session` cookie (HttpOnly, Secure, SameSite=Lax).',
  request: { body: jsonBody(signupSchema) },
  responses: { 201: json(meResponseSchema, 'Signed in'), ...errors('bad_request', 'forbidden', 'not_found', 'conflict') },
})

// POST /api/auth/login – email + password → session cookie; rate-limited per account and per IP
const loginRoute = publicRoute({
  method: 'post',
  path: '/login',
  tags,
  summary: 'Log in with email and password; sets the `lh_session` cookie',
  description:
    'Rate-limited over 15 minutes: 10 failed attempts per account and IP answer 429; 30 per account and 50 per IP too, except for an account that signed in from this IP before.',
  request: { body: jsonBody(loginSchema) },
  responses: {
    200: json(signInResponseSchema, 'Signed in, or (two-factor on) `twoFactorRequired`: send a code to /api/auth/two-factor/verify next'),
    ...errors('bad_request', 'unauthorized', 'rate_limited'),
  },
})

// POST /api/auth/logout – revokes this session and clears the cookie
const logoutRoute = publicRoute({
  method: 'post',
  path: '/logout',
  tags,
  summary: 'Revoke this session and clear the cookie',
  responses: { 204: { description: 'Signed out (also when no one was signed in)' } },
})

// GET /api/auth/me – the signed-in user and shop
const meRoute = userRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The signed-in user, active shop and all their shops',
  responses: { 200: json(meResponseSchema, 'Who is signed in') },
})

// POST /api/auth/password – change password; every other session of the user is revoked
const changePasswordRoute = userRoute({
  method: 'post',
  path: '/password',
  tags,
  summary: 'Change password (other sessions are revoked)',
  description: 'Rate-limited: 5 wrong current passwords per user in 15 minutes answer 429.',
  request: { body: jsonBody(changePasswordSchema) },
  responses: { 204: { description: 'Changed' }, ...errors('forbidden', 'rate_limited') },
})

// GET /api/auth/sessions – the user's active sessions (`current` marks this one)
const listSessionsRoute = userRoute({
  method: 'get',
  path: '/sessions',
  tags,
  summary: 'Your active sessions',
  responses: { 200: json(sessionListSchema, 'Live sessions, most recently used first') },
})

// DELETE /api/auth/sessions/{id} – revoke one of the user's sessions (log out a device)
const revokeSessionRoute = userRoute({
  method: 'delete',
  path: '/sessions/{id}',
  tags,
  summary: 'Revoke one of your sessions',
  request: { params: sessionIdParam },
  responses: { 204: { description: 'Revoked' }, ...errors('not_found') },
})

// POST /api/auth/switch – make another of the user's shops the active one for this session
const switchShopRoute = userRoute({
  method: 'post',
  path: '/switch',
  tags,
  summary: 'Make another of your shops the active one',
  request: { body: jsonBody(switchShopSchema) },
  responses: { 200: json(meResponseSchema, 'Who is signed in, in the new shop'), ...errors('not_found') },
})

// GET /api/auth/providers – which sign-in methods this hub offers besides the password
const providersRoute = publicRoute({
  method: 'get',
  path: '/providers',
  tags,
  summary: 'Sign-in methods offered (Google when configured)',
  responses: { 200: json(providersSchema, 'The methods') },
})

// GET /api/auth/google/start – "Continue with Google": redirects to the provider (OIDC code + PKCE)
const googleStartRoute = publicRoute({
  method: 'get',
  path: '/google/start',
  tags,
  summary: 'Continue with Google: redirect to the provider',
  description:
    'Authorization code flow with PKCE (S256), `state` and `nonce`, kept for 10 minutes in a sealed HttpOnly cookie of this browser. 404 when Google sign-in is not configured.',
  request: { query: googleStartQuery },
  responses: { 302: { description: 'To the provider’s consent page' }, ...errors('not_found', 'bad_gateway') },
})

// GET /api/auth/google/callback – the provider sends the browser back here with a code
const googleCallbackRoute = publicRoute({
  method: 'get',
  path: '/google/callback',
  tags,
  summary: 'Google sign-in callback (redirects into the app)',
  description:
    'Checks `state`, exchanges the code with the PKCE verifier, verifies the ID token (signature by the provider’s JWKS, `iss`, `aud`, `exp`, `nonce`). Redirects to the app: signed in; to /login/two-factor (code next); to /login/link-google (an account with this verified email exists: enter its password once); or to /login?error=… when refused.',
  request: { query: googleCallbackQuery },
  responses: { 302: { description: 'Into the app' }, ...errors('not_found') },
})

// GET /api/auth/google/link – the Google account waiting to be linked (its email)
const pendingLinkRoute = publicRoute({
  method: 'get',
  path: '/google/link',
  tags,
  summary: 'The Google account waiting to be linked to your account',
  responses: { 200: json(pendingLinkSchema, 'Its email'), ...errors('unauthorized', 'not_found') },
})

// POST /api/auth/google/link – link the pending Google account by entering the account's password
const linkGoogleRoute = publicRoute({
  method: 'post',
  path: '/google/link',
  tags,
  summary: 'Link your Google account: enter your password once',
  description: 'Counted by the login rate limit. Then signs in with Google (a two-factor code follows when it is on).',
  request: { body: jsonBody(linkGoogleSchema) },
  responses: {
    200: json(signInResponseSchema, 'Linked and signed in, or `twoFactorRequired`'),
    ...errors('bad_request', 'unauthorized', 'not_found', 'rate_limited'),
  },
})

// POST /api/auth/two-factor/verify – the code step of a sign-in
const verifyTwoFactorRoute = publicRoute({
  method: 'post',
  path: '/two-factor/verify',
  tags,
  summary: 'Finish signing in with a two-factor code or a recovery code',
  description: 'After a password or Google sign-in that answered `twoFactorRequired`. 5 wrong codes per user in 15 minutes answer 429.',
  request: { body: jsonBody(codeSchema) },
  responses: { 200: json(meResponseSchema, 'Signed in'), ...errors('bad_request', 'unauthorized', 'rate_limited') },
})

// GET /api/auth/two-factor – whether two-factor is on
const twoFactorStatusRoute = userRoute({
  method: 'get',
  path: '/two-factor',
  tags,
  summary: 'Your two-factor sign-in',
  responses: { 200: json(twoFactorStatusSchema, 'On or off, recovery codes left') },
})

// POST /api/auth/two-factor/setup – a new TOTP secret, its otpauth:// URI and QR code (not on until confirmed)
const twoFactorSetupRoute = userRoute({
  method: 'post',
  path: '/two-factor/setup',
  tags,
  summary: 'Start turning on two-factor: a secret and its QR code',
  description: 'The secret is stored encrypted and is not in force until confirmed with a code (POST /two-factor/enable).',
  responses: { 200: json(twoFactorSetupSchema, 'Scan or type it into an authenticator app'), ...errors('conflict') },
})

// POST /api/auth/two-factor/enable – confirm with a code; answers the 10 recovery codes (once)
const twoFactorEnableRoute = userRoute({
  method: 'post',
  path: '/two-factor/enable',
  tags,
  summary: 'Turn on two-factor with a code from the app',
  request: { body: jsonBody(codeSchema) },
  responses: { 200: json(recoveryCodesSchema, 'On; 10 one-time recovery codes, shown only now'), ...errors('conflict', 'rate_limited') },
})

// POST /api/auth/two-factor/disable – turn off with a code (or a recovery code)
const twoFactorDisableRoute = userRoute({
  method: 'post',
  path: '/two-factor/disable',
  tags,
  summary: 'Turn off two-factor (needs a current code)',
  description: 'Refused (409) while a shop you own requires two-factor of its owners.',
  request: { body: jsonBody(codeSchema) },
  responses: { 204: { description: 'Off' }, ...errors('conflict', 'rate_limited') },
})

/** Only paths inside the app: no open redirect through `next`. */
const safeNext = (next: string | undefined) => (next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/')

export const authRoutes = createRouter()
  .openapi(signupRoute, async (c) => {
    const { token, me } = await signUp(c.var.db, c.req.valid('json'), originOf(c))
    setSessionCookie(c, token)
    return c.json(me, 201)
  })
  .openapi(loginRoute, async (c) => c.json(await answerSignIn(c, await logIn(c.var.db, c.req.valid('json'), originOf(c))), 200))
  .openapi(logoutRoute, async (c) => {
    await endSession(c.var.db, getCookie(c, SESSION_COOKIE))
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
    return c.body(null, 204)
  })
  .openapi(meRoute, async (c) => {
    const p = c.get('principal')
    return c.json(await loadMe(c.var.db, { userId: userIdOf(c), merchantId: p?.merchantId || null, role: p?.role }), 200)
  })
  .openapi(changePasswordRoute, async (c) => {
    await changePassword(c.var.db, { userId: userIdOf(c), currentSessionId: sessionIdOf(c), ...c.req.valid('json') })
    return c.body(null, 204)
  })
  .openapi(listSessionsRoute, async (c) => c.json({ items: await listOwnSessions(c.var.db, { userId: userIdOf(c), currentSessionId: sessionIdOf(c) }) }, 200))
  .openapi(revokeSessionRoute, async (c) => {
    await revokeOwnSession(c.var.db, { userId: userIdOf(c), sessionId: c.req.valid('param').id })
    return c.body(null, 204)
  })
  .openapi(switchShopRoute, async (c) => {
    const me = await switchShop(c.var.db, { userId: userIdOf(c), sessionId: sessionIdOf(c) ?? '', merchantId: c.req.valid('json').merchantId })
    return c.json(me, 200)
  })
  .openapi(providersRoute, (c) => c.json({ google: googleEnabled(c.var.config) }, 200))
  .openapi(googleStartRoute, async (c) => {
    const { url, flow } = await startGoogleSignIn(c.var.config, safeNext(c.req.valid('query').next))
    await setSealedCookie<GoogleFlowState>(c, FLOW_COOKIE, flow, STEP_SECONDS)
    return c.redirect(url, 302)
  })
  .openapi(googleCallbackRoute, async (c) => {
    requireGoogle(c.var.config)
    const flow = await readSealedCookie<GoogleFlowState>(c, FLOW_COOKIE)
    // One try per started sign-in: a replayed callback finds no state.
    clearSealedCookie(c, FLOW_COOKIE)
    try {
      const identity = await finishGoogleSignIn(c.var.config, { ...c.req.valid('query'), flow })
      const outcome = await signInWithGoogle(c.var.db, identity, { origin: originOf(c), next: flow?.next ?? '/' })
      if (outcome.kind === 'link') {
        await setSealedCookie<PendingLink>(c, LINK_COOKIE, outcome.link, STEP_SECONDS)
        return c.redirect('/login/link-google', 302)
      }
      const answer = await answerSignIn(c, outcome)
      if ('twoFactorRequired' in answer) return c.redirect(`/login/two-factor?next=${encodeURIComponent(flow?.next ?? '/')}`, 302)
      return c.redirect(outcome.kind === 'session' ? outcome.next : '/', 302)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) c.var.log.warn('google sign-in failed', { error: String(err) })
      const message = err instanceof AppError ? err.message : 'Google sign-in failed; try again'
      return c.redirect(`/login?error=${encodeURIComponent(message)}`, 302)
    }
  })
  .openapi(pendingLinkRoute, async (c) => {
    requireGoogle(c.var.config)
    const link = await readSealedCookie<PendingLink>(c, LINK_COOKIE)
    if (!link) throw new AppError('unauthorized', 'the link request has expired; continue with Google again')
    return c.json({ email: link.email }, 200)
  })
  .openapi(linkGoogleRoute, async (c) => {
    requireGoogle(c.var.config)
    const link = await readSealedCookie<PendingLink>(c, LINK_COOKIE)
    const result = await linkGoogleAccount(c.var.db, { link, password: c.req.valid('json').password, origin: originOf(c) })
    clearSealedCookie(c, LINK_COOKIE)
    return c.json(await answerSignIn(c, result), 200)
  })
  .openapi(verifyTwoFactorRoute, async (c) => {
    const pending = await readSealedCookie<PendingSecondFactor>(c, SECOND_FACTOR_COOKIE)
    const result = await verifySecondFactor(c.var.db, keyringOf(c.var.config), { pending, code: c.req.valid('json').code, origin: originOf(c) })
    if (result.kind !== 'session') throw new AppError('unauthorized', 'log in again')
    setSessionCookie(c, result.token)
    clearSealedCookie(c, SECOND_FACTOR_COOKIE)
    return c.json(result.me, 200)
  })
  .openapi(twoFactorStatusRoute, async (c) => c.json(await twoFactorStatus(c.var.db, userIdOf(c)), 200))
  .openapi(twoFactorSetupRoute, async (c) => c.json(await startTwoFactorSetup(c.var.db, keyringOf(c.var.config), userIdOf(c)), 200))
  .openapi(twoFactorEnableRoute, async (c) => {
    const codes = await enableTwoFactor(c.var.db, keyringOf(c.var.config), {
      userId: userIdOf(c),
      code: c.req.valid('json').code,
      sessionId: sessionIdOf(c),
    })
    return c.json(codes, 200)
  })
  .openapi(twoFactorDisableRoute, async (c) => {
    await disableTwoFactor(c.var.db, keyringOf(c.var.config), { userId: userIdOf(c), code: c.req.valid('json').code })
    return c.body(null, 204)
  })
