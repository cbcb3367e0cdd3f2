import { secureHeaders } from 'hono/secure-headers'

/**
 * Security headers on every response the Worker sends: the SPA's HTML (served through the Worker,
 * see `run_worker_first` in wrangler.toml), the storefront pages, the API docs, JSON and media.
 *
 * - CSP: scripts only from this origin (the page data is a non-executed JSON script), styles from
 *   this origin plus inline (the API docs' <style>, React style attributes), images and media from
 *   anywhere over https (TikTok covers) or this origin, frames only the TikTok player, no plugins,
 *   forms and <base> only to this origin, and no framing by other sites (`frame-ancestors`).
 * - `X-Content-Type-Options: nosniff`, `X-Frame-Options: SAMEORIGIN`,
 *   `Referrer-Policy: strict-origin-when-cross-origin` (invite links carry tokens in their path:
 *   other sites see only the origin), HSTS, COOP.
 * - `Cross-Origin-Resource-Policy` stays off: product images on /media are public and shown by
 *   other sites and link previews.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      mediaSrc: ["'self'", 'blob:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameSrc: ['https://www.tiktok.com'],
      frameAncestors: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginResourcePolicy: false,
    crossOriginEmbedderPolicy: false,
  })
