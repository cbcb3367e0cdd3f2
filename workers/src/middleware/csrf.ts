import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { SESSION_COOKIE } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/

/**
 * CSRF guard. `SameSite=Lax` alone lets a same-site page (another port, a sibling subdomain) post
 * with the session cookie, and lets any site post a login form. So every state-changing request
 * that carries the session cookie, and every one to /api/auth (login CSRF), must come from an
 * allowed origin: APP_URL's origin or the request's own. Browsers say where a request comes from in
 * `Origin` and `Sec-Fetch-Site`, which a page cannot forge:
 *
 * - `Origin` present and not allowed (including `null`) → 403;
 * - `Sec-Fetch-Site: cross-site` → 403; `same-site` only with an allowed `Origin`;
 * - neither header (curl, scripts, server-to-server) → allowed: no browser, no ambient cookie abuse;
 * - `Authorization: Bearer` (API tokens) → exempt: a page cannot add that header cross-origin
 *   without a CORS preflight, which this hub never grants.
 *
 * Checks every content type, not only the "simple" ones Hono's `csrf()` looks at.
 */
export const csrfGuard = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHOD.test(c.req.method)) return next()
    if (/^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next()
    const path = c.req.path
    if (getCookie(c, SESSION_COOKIE) === undefined && !path.startsWith('/api/auth/')) return next()
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')?.toLowerCase()
    const allowed = origin !== undefined && allowedOrigins(c.req.url, c.var.config.APP_URL).has(origin)
    if (origin !== undefined && !allowed) throw new AppError('forbidden', 'cross-site request refused')
    if (site === 'cross-site' || (site === 'same-site' && !allowed)) throw new AppError('forbidden', 'cross-site request refused')
    if (site !== undefined && !['same-origin', 'same-site', 'none', 'cross-site'].includes(site)) throw new AppError('forbidden', 'cross-site request refused')
    return next()
  })

function allowedOrigins(requestUrl: string, appUrl: string): Set<string> {
  const out = new Set([new URL(requestUrl).origin])
  try {
    out.add(new URL(appUrl).origin)
  } catch {
    // a malformed APP_URL allows only the request's own origin
  }
  return out
}
