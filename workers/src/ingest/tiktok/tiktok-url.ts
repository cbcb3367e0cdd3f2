/**
 * TikTok link shapes, normalisation and the SSRF rules every URL the ingest pipeline fetches must
 * pass: only http(s), no credentials, no non-default port, no IP literals (in any notation the URL
 * parser accepts: decimal, hex, octal, IPv6), no localhost, and a host from an allowlist.
 */

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

function isPrivateIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number)
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  )
}

function isPrivateIpv6(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === '::' || h === '::1') return true
  if (/^f[cd]/.test(h) || /^fe[89ab]/.test(h)) return true
  const mapped = /^::ffff:(.+)$/.exec(h)
  return Boolean(mapped)
}

/**
 * Why a URL must not be fetched (or null when it may be, host allowlist aside). The WHATWG URL
 * parser has already turned `2130706433`, `0x7f.1` and `0177.0.0.1` into `127.0.0.1`, so checking
 * the parsed hostname catches every IPv4 notation.
 */
export function unsafeUrlReason(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only http(s) links are accepted, not ${url.protocol.replace(/:$/, '')}:`
  if (url.username || url.password) return 'links with a user name or password are refused'
  if (url.port !== '') return `non-default port ${url.port} is refused`
  const host = url.hostname.toLowerCase()
  if (host.startsWith('[')) return isPrivateIpv6(host) ? `private address ${host}` : `IP address ${host} instead of a TikTok host`
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return isPrivateIpv4(host) ? `private address ${host}` : `IP address ${host} instead of a TikTok host`
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return `private address ${host}`
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
