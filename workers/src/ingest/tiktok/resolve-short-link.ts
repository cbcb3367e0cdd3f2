import { GuardedFetchError, guardedFetch } from '../../lib/guarded-fetch'
import { fetchTarget, type ParsedTikTokLink, parseTikTokLink } from './tiktok-url'

export type ResolveOptions = {
  /** TIKTOK_WEB_URL_OVERRIDE (tests only). */
  override: string
  fetch?: typeof fetch
  maxHops?: number
  timeoutMs?: number
}

export type ResolvedShortLink = Extract<ParsedTikTokLink, { kind: 'video' }> | { ok: false; reason: string; retryable?: boolean }

const tiktokRefusal = (u: URL) => {
  const parsed = parseTikTokLink(u)
  return parsed.ok ? null : parsed.reason
}

/**
 * Follows a short link (vm./vt.tiktok.com/<code>, tiktok.com/t/<code>) through the guarded fetch,
 * one redirect at a time, validating every Location against the TikTok allowlist and SSRF rules,
 * until it names a video. At most `maxHops` (5) requests.
 */
export async function resolveShortLink(shortUrl: string, options: ResolveOptions): Promise<ResolvedShortLink> {
  const maxHops = options.maxHops ?? 5
  let video: Extract<ParsedTikTokLink, { kind: 'video' }> | null = null
  let res: Awaited<ReturnType<typeof guardedFetch>>
  try {
    res = await guardedFetch(shortUrl, {
      fetch: options.fetch,
      expect: 'none',
      maxRedirects: maxHops - 1,
      timeoutMs: options.timeoutMs ?? 8000,
      headers: { 'user-agent': 'linkhub-ingest/1.0 (+link preview)', accept: 'text/html' },
      check: tiktokRefusal,
      target: (u) => fetchTarget(u, options.override),
      onRedirect: (next) => {
        const parsed = parseTikTokLink(next)
        if (parsed.ok && parsed.kind === 'video') {
          video = parsed
          return 'stop'
        }
        return 'follow'
      },
    })
  } catch (err) {
    if (!(err instanceof GuardedFetchError)) throw err
    if (err.kind === 'too_many_redirects') return { ok: false, reason: `too many redirects (more than ${maxHops})` }
    if (err.kind === 'refused' && err.atRedirect) return { ok: false, reason: `the short link redirected to a refused address: ${err.reason}` }
    if (err.kind === 'refused') return { ok: false, reason: err.reason }
    return { ok: false, reason: `could not reach TikTok to resolve the short link (${err.reason})`, retryable: true }
  }
  if (video) return video
  if (res.status >= 300 && res.status < 400) return { ok: false, reason: 'the short link redirected nowhere' }
  if (res.status === 404 || res.status === 410) return { ok: false, reason: 'the short link does not exist (TikTok answered 404)' }
  if (res.status === 429 || res.status >= 500) return { ok: false, reason: `TikTok answered ${res.status} while resolving the short link`, retryable: true }
  return { ok: false, reason: `the short link did not lead to a video (TikTok answered ${res.status})` }
}
