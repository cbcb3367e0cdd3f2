import { AppError } from '../../errors'
import { fetchTarget, isAllowedCoverUrl } from './tiktok-url'

const COVER_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'])
export const MAX_COVER_BYTES = 5 * 1024 * 1024

export type DownloadedCover = { data: Uint8Array; contentType: string }

/**
 * Downloads a video's signed cover (`thumbnail_url`) so it can be kept in R2 before it expires.
 * Only TikTok CDN hosts (or the test override), redirects followed by hand and re-checked, an
 * image content type, and at most `maxBytes` (checked while streaming, not only by header).
 * Expired or missing covers (403/404) are `unprocessable`: retrying will not bring them back.
 */
export async function downloadCover(
  thumbnailUrl: string,
  options: { override: string; fetch?: typeof fetch; maxBytes?: number; timeoutMs?: number },
): Promise<DownloadedCover> {
  const doFetch = options.fetch ?? fetch
  const maxBytes = options.maxBytes ?? MAX_COVER_BYTES
  let url: URL
  try {
    url = new URL(thumbnailUrl)
  } catch {
    throw new AppError('unprocessable', 'the cover address is not a URL')
  }
  for (let hop = 0; hop < 4; hop++) {
    if (!isAllowedCoverUrl(url, options.override)) throw new AppError('unprocessable', `cover host ${url.hostname} is not a TikTok CDN`)
    const res = await doFetch(fetchTarget(url, options.override), { redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) })
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel()
      url = new URL(res.headers.get('location') as string, url)
      continue
    }
    if (!res.ok) {
      await res.body?.cancel()
      if (res.status === 429 || res.status >= 500) throw new AppError('bad_gateway', `the cover download failed (${res.status})`)
      throw new AppError('unprocessable', `the cover could not be downloaded (${res.status}; the signed link may have expired)`)
    }
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
    if (!COVER_TYPES.has(contentType)) {
      await res.body?.cancel()
      throw new AppError('unprocessable', `the cover is not an image (${contentType || 'no content type'})`)
    }
    const declared = Number(res.headers.get('content-length') ?? 0)
    if (declared > maxBytes) {
      await res.body?.cancel()
      throw new AppError('unprocessable', `the cover is too large (${declared} bytes)`)
    }
    const chunks: Uint8Array[] = []
    let total = 0
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel()
        throw new AppError('unprocessable', `the cover is too large (over ${maxBytes} bytes)`)
      }
      chunks.push(value)
    }
    const data = new Uint8Array(total)
    let offset = 0
    for (const c of chunks) {
      data.set(c, offset)
      offset += c.byteLength
    }
    return { data, contentType }
  }
  throw new AppError('unprocessable', 'the cover redirected too many times')
}
