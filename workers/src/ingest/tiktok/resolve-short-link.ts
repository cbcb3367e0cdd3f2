import { fetchTarget, type ParsedTikTokLink, parseTikTokLink } from './tiktok-url'

export type ResolveOptions = {
  /** TIKTOK_WEB_URL_OVERRIDE (tests only). */
  override: string
  fetch?: typeof fetch
  maxHops?: number
  timeoutMs?: number
}

export type ResolvedShortLink = Extract<ParsedTikTokLink, { kind: 'video' }> | { ok: false; reason: string; retryable?: boolean }

/**
 * Follows a short link (vm./vt.tiktok.com/<code>, tiktok.com/t/<code>) one redirect at a time
 * (`redirect: 'manual'`), validating every Location against the TikTok allowlist and SSRF rules,
 * until it names a video. At most `maxHops` (5) redirects.
 */
export async function resolveShortLink(shortUrl: string, options: ResolveOptions): Promise<ResolvedShortLink> {
  const doFetch = options.fetch ?? fetch
  const maxHops = options.maxHops ?? 5
  let current = new URL(shortUrl)
  for (let hop = 0; hop < maxHops; hop++) {
    let res: Response
    try {
      res = await doFetch(fetchTarget(current, options.override), {
        method: 'GET',
        redirect: 'manual',
        headers: { 'user-agent': 'linkhub-ingest/1.0 (+link preview)', accept: 'text/html' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
      })
    } catch (err) {
      return {
        ok: false,
        reason: `could not reach TikTok to resolve the short link (${err instanceof Error ? err.message : 'network error'})`,
        retryable: true,
      }
    }
    await res.body?.cancel()
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location')
      if (!location) return { ok: false, reason: 'the short link redirected nowhere' }
      let next: URL
      try {
        next = new URL(location, current)
      } catch {
        return { ok: false, reason: 'the short link redirected to an invalid address' }
      }
      const parsed = parseTikTokLink(next)
      if (!parsed.ok) return { ok: false, reason: `the short link redirected to a refused address: ${parsed.reason}` }
      if (parsed.kind === 'video') return parsed
      current = new URL(parsed.url)
      continue
    }
    if (res.status === 404 || res.status === 410) return { ok: false, reason: 'the short link does not exist (TikTok answered 404)' }
    if (res.status === 429 || res.status >= 500) return { ok: false, reason: `TikTok answered ${res.status} while resolving the short link`, retryable: true }
    return { ok: false, reason: `the short link did not lead to a video (TikTok answered ${res.status})` }
  }
  return { ok: false, reason: `too many redirects (more than ${maxHops})` }
}
