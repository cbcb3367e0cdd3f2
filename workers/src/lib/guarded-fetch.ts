/**
 * The one fetch for every server-side request to a URL a user supplied (CSV image URLs, TikTok
 * short links and covers). Each hop is checked before it is sent: http(s) only, no credentials,
 * default port only, no private or special address in any notation the URL parser accepts
 * (decimal, octal and hex IPv4 become dotted quads; IPv6 is expanded and IPv4-mapped, NAT64 and
 * compatible forms are checked as the IPv4 they carry), no localhost or intranet names.
 * Redirects are followed by hand (at most `maxRedirects`), each Location re-checked; one deadline
 * covers every hop and the body; the body is capped while it streams; `expect: 'image'` also
 * wants an image content type and matching magic bytes.
 *
 * Callers show users only `GUARDED_FETCH_REFUSED` (or their own single text) for every kind of
 * failure, so the answer cannot tell "blocked" from "closed port" from "timeout"; the precise
 * `reason` is for logs.
 *
 * Limit: the Worker cannot resolve DNS before fetching, so a public name that resolves to a
 * private address is not caught here; Cloudflare's egress does not route Workers' fetches to
 * private networks, and every redirect hop is still checked by name and literal.
 */

export const GUARDED_FETCH_REFUSED = 'the address could not be fetched'

export type GuardedFetchFailure = 'refused' | 'unreachable' | 'timeout' | 'too_large' | 'not_image' | 'too_many_redirects'

/** Why a guarded fetch failed. `message` is generic (safe to show); `reason` is for logs. */
export class GuardedFetchError extends Error {
  constructor(
    readonly kind: GuardedFetchFailure,
    readonly reason: string,
    /** True when a redirect target (not the URL asked for) was refused. */
    readonly atRedirect = false,
  ) {
    super(GUARDED_FETCH_REFUSED)
    this.name = 'GuardedFetchError'
  }
}

// --- address rules ---------------------------------------------------------------------------

const v4 = (s: string) => s.split('.').reduce((a, p) => (a << 8) + Number(p), 0) >>> 0
const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
]
const V4_RANGES = V4_BLOCKED.map(([base, bits]) => [v4(base) >>> (32 - bits), bits] as const)

/** Whether a dotted-quad IPv4 address is private, loopback, link-local, multicast or otherwise special. */
export function isBlockedIpv4(ip: string): boolean {
  const n = v4(ip)
  return V4_RANGES.some(([prefix, bits]) => n >>> (32 - bits) === prefix)
}

/** The eight 16-bit groups of an IPv6 literal (without brackets), or null when it is not one. */
export function parseIpv6(input: string): number[] | null {
  let s = input.toLowerCase()
  const zone = s.indexOf('%')
  if (zone >= 0) s = s.slice(0, zone)
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (dotted) {
    const n = v4(dotted[2])
    s = `${dotted[1]}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const groups = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN)))
  const head = groups(halves[0])
  const rest = halves.length === 2 ? groups(halves[1]) : []
  const known = head.length + rest.length
  if (halves.length === 1 ? known !== 8 : known > 7) return null
  const out = [...head, ...Array(8 - known).fill(0), ...rest]
  return out.some(Number.isNaN) ? null : out
}

/** Whether an IPv6 address (groups) is loopback, unspecified, ULA, link-local, multicast, or carries a blocked IPv4. */
export function isBlockedIpv6(g: number[]): boolean {
  const embedded = () => `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`
  if (g.slice(0, 7).every((x) => x === 0)) return true // ::, ::1 and the deprecated ::a.b.c.d
  if ((g[0] & 0xfe00) === 0xfc00) return true // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true // fe80::/10 link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true // fec0::/10 site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true // documentation
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return true // ::ffff:a.b.c.d mapped: never needed
  if (g[0] === 0x0064 && g[1] === 0xff9b) return isBlockedIpv4(embedded()) // NAT64
  if (g[0] === 0x2002) return isBlockedIpv4(`${g[1] >> 8}.${g[1] & 0xff}.${g[2] >> 8}.${g[2] & 0xff}`) // 6to4
  return false
}

const BLOCKED_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain|home\.arpa|in-addr\.arpa|ip6\.arpa)$/

/**
 * Why a URL must not be fetched (null when it may be). The WHATWG parser has already turned
 * `2130706433`, `0x7f000001`, `0177.0.0.1` and `0x7f.1` into `127.0.0.1` and `[::ffff:127.0.0.1]`
 * into `[::ffff:7f00:1]`, so checking the parsed hostname catches every notation.
 */
export function addressRefusal(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only http(s) links are accepted, not ${url.protocol.replace(/:$/, '')}:`
  if (url.username || url.password) return 'links with a user name or password are refused'
  if (url.port !== '') return `non-default port ${url.port} is refused`
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (!host) return 'no host'
  if (host.startsWith('[')) {
    const groups = parseIpv6(host.slice(1, -1))
    if (!groups || isBlockedIpv6(groups)) return `private address ${host}`
    return null
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return isBlockedIpv4(host) ? `private address ${host}` : null
  if (BLOCKED_NAMES.test(host) || !host.includes('.')) return `private address ${host}`
  return null
}

// --- the fetch -------------------------------------------------------------------------------

export const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'])

/** The image type from the file's first bytes (what a server or browser claims is not trusted). */
export function sniffImageType(b: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (ascii(0, 4) === 'GIF8') return 'image/gif'
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'image/avif'
  return null
}

export type GuardedFetchOptions = {
  fetch?: typeof fetch
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
  /** A request body (POST: outbound webhooks; PUT: video bytes to a platform). Redirects are best stopped with `onRedirect` then. */
  body?: string | Uint8Array
  headers?: Record<string, string>
  /** Redirects followed (each re-checked); one more is `too_many_redirects`. Default 5. */
  maxRedirects?: number
  /** One deadline for every hop and the body. Default 10 s. */
  timeoutMs?: number
  /** The body is cut off past this many bytes (checked while streaming). Default 10 MiB. */
  maxBytes?: number
  /** Non-2xx answers keep their body too (capped like any other), for callers that log it. */
  keepErrorBody?: boolean
  /** `image`: a 2xx must be an image content type whose bytes match it. `none`: the body is not read. */
  expect?: 'image' | 'any' | 'none'
  /** An extra rule per hop (a host allowlist): a reason to refuse, or null. */
  check?: (url: URL) => string | null
  /**
   * Called with each redirect target after it passed the rules: `stop` returns that hop's answer
   * (with `redirectTo`) instead of following it.
   */
  onRedirect?: (next: URL) => 'follow' | 'stop'
  /** Tests only: the fake server's origin, which passes the address rules (still goes through `check`). */
  trustedOrigin?: string
  /** Where a checked URL is actually sent (tests point allowlisted hosts at a fake). Default: the URL. */
  target?: (url: URL) => string
}

export type GuardedResponse = {
  /** The URL that answered (after redirects). */
  url: URL
  status: number
  headers: Headers
  /** The next hop when `onRedirect` said `stop`. */
  redirectTo?: URL
  /** The body (unless `expect: 'none'` or not 2xx). */
  body?: Uint8Array
  /** The content type (for images: the sniffed one). */
  contentType: string
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  // The deadline cuts a slow body off even when the stream itself ignores the signal.
  const deadline = new Promise<never>((_, reject) => {
    const fail = () => reject(new GuardedFetchError('timeout', 'timed out while reading the body'))
    if (signal.aborted) fail()
    else signal.addEventListener('abort', fail, { once: true })
  })
  deadline.catch(() => {})
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline])
      if (done) break
      total += value.byteLength
      if (total > maxBytes) throw new GuardedFetchError('too_large', `body over ${maxBytes} bytes`)
      chunks.push(value)
    }
  } catch (err) {
    await reader.cancel().catch(() => {})
    throw err
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

const isTimeout = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')

/**
 * Fetches `input` under the rules above. Non-2xx answers come back (status, no body) for callers
 * that distinguish them; every refusal or failure throws `GuardedFetchError`.
 */
export async function guardedFetch(input: string | URL, options: GuardedFetchOptions = {}): Promise<GuardedResponse> {
  const doFetch = options.fetch ?? fetch
  const maxRedirects = options.maxRedirects ?? 5
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024
  const expect = options.expect ?? 'any'
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000)
  let url: URL
  try {
    url = typeof input === 'string' ? new URL(input) : input
  } catch {
    throw new GuardedFetchError('refused', 'not a URL')
  }
  const refusal = (u: URL) => {
    const trusted = options.trustedOrigin && u.origin === new URL(options.trustedOrigin).origin
    return (trusted ? null : addressRefusal(u)) ?? options.check?.(u) ?? null
  }
  for (let hop = 0; ; hop++) {
    const refused = refusal(url)
    if (refused) throw new GuardedFetchError('refused', refused)
    let res: Response
    try {
      res = await doFetch(options.target ? options.target(url) : url.href, {
        method: options.method ?? 'GET',
        redirect: 'manual',
        headers: options.headers,
        body: options.body,
        signal,
      })
    } catch (err) {
      if (isTimeout(err)) throw new GuardedFetchError('timeout', 'timed out')
      throw new GuardedFetchError('unreachable', err instanceof Error ? err.message : 'network error')
    }
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel().catch(() => {})
      let next: URL
      try {
        next = new URL(res.headers.get('location') as string, url)
      } catch {
        throw new GuardedFetchError('refused', 'an invalid address', true)
      }
      const nextRefused = refusal(next)
      if (nextRefused) throw new GuardedFetchError('refused', nextRefused, true)
      if (options.onRedirect?.(next) === 'stop') return { url, status: res.status, headers: res.headers, redirectTo: next, contentType: '' }
      if (hop >= maxRedirects) throw new GuardedFetchError('too_many_redirects', `more than ${maxRedirects} redirects`)
      url = next
      continue
    }
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (expect === 'none' || ((res.status < 200 || res.status >= 300) && !options.keepErrorBody)) {
      await res.body?.cancel().catch(() => {})
      return { url, status: res.status, headers: res.headers, contentType }
    }
    if (expect === 'image' && !IMAGE_TYPES.has(contentType)) {
      await res.body?.cancel().catch(() => {})
      throw new GuardedFetchError('not_image', `content type ${contentType || 'missing'}`)
    }
    const declared = Number(res.headers.get('content-length') ?? 0)
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => {})
      throw new GuardedFetchError('too_large', `declared ${declared} bytes`)
    }
    let body: Uint8Array
    try {
      body = res.body ? await readCapped(res.body, maxBytes, signal) : new Uint8Array()
    } catch (err) {
      if (err instanceof GuardedFetchError) throw err
      if (isTimeout(err) || signal.aborted) throw new GuardedFetchError('timeout', 'timed out while reading the body')
      throw new GuardedFetchError('unreachable', err instanceof Error ? err.message : 'read error')
    }
    if (expect === 'image') {
      const sniffed = sniffImageType(body)
      if (!sniffed) throw new GuardedFetchError('not_image', `bytes are not an image (said ${contentType})`)
      return { url, status: res.status, headers: res.headers, body, contentType: sniffed }
    }
    return { url, status: res.status, headers: res.headers, body, contentType }
  }
}

/** Runs `fn` over `items` with at most `limit` at once; results keep the input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
