/**
 * TikTok link shapes, normalisation and the SSRF rules every URL the ingest pipeline fetches must
 * pass: the guarded fetch's address rules (only http(s), no credentials, no non-default port, no
 * private address in any notation, no localhost), no IP literal, and a host from an allowlist.
 */
import { addressRefusal } from '../../lib/guarded-fetch'

/** Hosts a pasted link may point at (and every redirect hop of a short link). */
export const TIKTOK_LINK_HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com', 'vm.tiktok.com', 'vt.tiktok.com'])

/** CDN host suffixes a cover (`thumbnail_url`) may be downloaded from. */
export const TIKTOK_CDN_SUFFIXES = ['.tiktokcdn.com', '.tiktokcdn-us.com', '.byteimg.com', '.ibyteimg.com']

export type ParsedTikTokLink =
  | { ok: true; kind: 'video'; videoId: string; user: string | null; contentType: 'video' | 'photo'; url: string }
  | { ok: true; kind: 'short'; url: string }
  | { ok: false; reason: string }

const VIDEO_ID = '(\\d{8,25})'
const SHAPES: Array<{ host: RegExp; path: RegExp; make: (m: RegExpExecArray) => { videoId: string; user: string | null; contentType: 'video' | 'photo' } }> = [
  {
    host: /^(www\.|m\.)?tiktok\.com$/,
    path: new RegExp(`^/@([\\w.-]{1,64})/(video|photo)/${VIDEO_ID}/?$`),
    make: (m) => ({ user: m[1], contentType: m[2] as 'video' | 'photo', videoId: m[3] }),
  },
  { host: /^(www\.|m\.)?tiktok\.com$/, path: new RegExp(`^/embed(?:/v2)?/${VIDEO_ID}/?$`), make: (m) => ({ user: null, contentType: 'video', videoId: m[1] }) },
  { host: /^(www\.|m\.)?tiktok\.com$/, path: new RegExp(`^/player/v1/${VIDEO_ID}/?$`), make: (m) => ({ user: null, contentType: 'video', videoId: m[1] }) },
  { host: /^m\.tiktok\.com$/, path: new RegExp(`^/v/${VIDEO_ID}(?:\\.html)?/?$`), make: (m) => ({ user: null, contentType: 'video', videoId: m[1] }) },
]
const SHORT_SHAPES: Array<{ host: RegExp; path: RegExp }> = [
  { host: /^(vm|vt)\.tiktok\.com$/, path: /^\/[A-Za-z0-9]{5,16}\/?$/ },
  { host: /^(www\.)?tiktok\.com$/, path: /^\/t\/[A-Za-z0-9]{5,16}\/?$/ },
]

/**
 * The canonical URL of a video: what is stored and sent to oEmbed. TikTok finds a video by its id;
 * links without a handle (embed, m.tiktok.com) get `_` until oEmbed tells us the author.
 */
export const canonicalVideoUrl = (v: { videoId: string; user: string | null; contentType?: 'video' | 'photo' }) =>
  `https://www.tiktok.com/@${v.user ?? '_'}/${v.contentType ?? 'video'}/${v.videoId}`

/**
 * Why a URL must not be fetched (or null when it may be, host allowlist aside): the address rules
 * of the one guarded fetch (`lib/guarded-fetch.ts`), plus no IP literal at all, since TikTok is
 * always reached by name.
 */
export function unsafeUrlReason(url: URL): string | null {
  const refused = addressRefusal(url)
  if (refused) return refused
  const host = url.hostname.toLowerCase()
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return `IP address ${host} instead of a TikTok host`
  return null
}

/** Parses a string as a URL; bare `www.tiktok.com/...` gets `https://`. */
export function parseUrl(input: string): URL | null {
  const s = input.trim().replace(/^[<"'(]+|[>"'),.;]+$/g, '')
  if (!s) return null
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`)
  } catch {
    return null
  }
}

/**
 * Validates and normalises one pasted line: a video (id known, tracking parameters dropped) or a
 * short link still to be resolved, or a reason it is refused.
 */
export function parseTikTokLink(input: string | URL): ParsedTikTokLink {
  const url = typeof input === 'string' ? parseUrl(input) : input
  if (!url) return { ok: false, reason: 'not a link' }
  const unsafe = unsafeUrlReason(url)
  if (unsafe) return { ok: false, reason: unsafe }
  const host = url.hostname.toLowerCase()
  if (!TIKTOK_LINK_HOSTS.has(host)) return { ok: false, reason: `not a TikTok link (${host})` }
  const path = url.pathname.replace(/\/{2,}/g, '/')
  for (const shape of SHAPES) {
    const m = shape.host.test(host) ? shape.path.exec(path) : null
    if (m) {
      const v = shape.make(m)
      return { ok: true, kind: 'video', ...v, url: canonicalVideoUrl(v) }
    }
  }
  for (const shape of SHORT_SHAPES) {
    if (shape.host.test(host) && shape.path.test(path)) return { ok: true, kind: 'short', url: `https://${host}${path.replace(/\/$/, '')}` }
  }
  return { ok: false, reason: 'a TikTok link, but not to a video (expected /@user/video/<id>, /embed/<id> or a short link)' }
}

/** Why a cover URL (or a hop of its redirects) is refused, host allowlist included; null when allowed. */
export function coverUrlRefusal(url: URL, override: string): string | null {
  return isAllowedCoverUrl(url, override) ? null : `cover host ${url.hostname} is not a TikTok CDN`
}

/** Whether a cover URL's host is a TikTok CDN (or the test override). */
export function isAllowedCoverUrl(url: URL, override: string): boolean {
  if (override && url.origin === new URL(override).origin) return true
  if (unsafeUrlReason(url)) return false
  const host = url.hostname.toLowerCase()
  return TIKTOK_CDN_SUFFIXES.some((s) => host.endsWith(s)) || TIKTOK_LINK_HOSTS.has(host)
}

/**
 * Where to actually send a request for an allowlisted URL: the URL itself in production, or the
 * same path on the fake TikTok server when `TIKTOK_WEB_URL_OVERRIDE` is set (tests only). The
 * original URL is what gets validated.
 */
export function fetchTarget(url: URL, override: string): string {
  if (!override) return url.href
  if (url.origin === new URL(override).origin) return url.href
  return `${override.replace(/\/$/, '')}${url.pathname}${url.search}`
}
