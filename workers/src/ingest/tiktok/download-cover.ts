import { AppError } from '../../errors'
import { GuardedFetchError, guardedFetch } from '../../lib/guarded-fetch'
import { coverUrlRefusal, fetchTarget } from './tiktok-url'

export const MAX_COVER_BYTES = 5 * 1024 * 1024

export type DownloadedCover = { data: Uint8Array; contentType: string }

/**
 * Downloads a video's signed cover (`thumbnail_url`) so it can be kept in R2 before it expires,
 * through the guarded fetch: only TikTok CDN hosts (or the test override), redirects followed by
 * hand and re-checked, an image content type whose bytes match, and at most `maxBytes` (checked
 * while streaming). Expired or missing covers (403/404) are `unprocessable`: retrying will not
 * bring them back.
 */
export async function downloadCover(
  thumbnailUrl: string,
  options: { override: string; fetch?: typeof fetch; maxBytes?: number; timeoutMs?: number },
): Promise<DownloadedCover> {
  let url: URL
  try {
    url = new URL(thumbnailUrl)
  } catch {
    throw new AppError('unprocessable', 'the cover address is not a URL')
  }
  const maxBytes = options.maxBytes ?? MAX_COVER_BYTES
  let res: Awaited<ReturnType<typeof guardedFetch>>
  try {
    res = await guardedFetch(url, {
      fetch: options.fetch,
      expect: 'image',
      maxBytes,
      maxRedirects: 3,
      timeoutMs: options.timeoutMs ?? 10_000,
      check: (u) => coverUrlRefusal(u, options.override),
      trustedOrigin: options.override || undefined,
      target: (u) => fetchTarget(u, options.override),
    })
  } catch (err) {
    if (!(err instanceof GuardedFetchError)) throw err
    switch (err.kind) {
      case 'refused':
        throw new AppError('unprocessable', err.reason.startsWith('cover host') ? err.reason : `the cover address is refused (${err.reason})`)
      case 'too_many_redirects':
        throw new AppError('unprocessable', 'the cover redirected too many times')
      case 'not_image':
        throw new AppError('unprocessable', `the cover is not an image (${err.reason})`)
      case 'too_large':
        throw new AppError('unprocessable', `the cover is too large (over ${maxBytes} bytes)`)
      default:
        throw new AppError('bad_gateway', `the cover download failed (${err.reason})`)
    }
  }
  if (res.status < 200 || res.status >= 300) {
    if (res.status === 429 || res.status >= 500) throw new AppError('bad_gateway', `the cover download failed (${res.status})`)
    throw new AppError('unprocessable', `the cover could not be downloaded (${res.status}; the signed link may have expired)`)
  }
  return { data: res.body as Uint8Array, contentType: res.contentType }
}
