import { AppError } from '../errors'

const CONTENT_ADDRESSED = /\/[0-9a-f]{64}\.[a-z0-9]+$/

/**
 * A stored file as an HTTP answer: its content type, ETag and conditional requests (304), byte
 * ranges (206, video players need them), and a year of caching for content-addressed keys.
 */
export async function serveMedia(bucket: R2Bucket, key: string, request: Request): Promise<Response> {
  // Shop exports are private: only their owner downloads them, through /api/privacy.
  if (!key || key.includes('..') || key.startsWith('exports/')) throw new AppError('not_found', 'no such file')
  const obj = await bucket.get(key, { range: request.headers, onlyIf: request.headers })
  if (!obj) throw new AppError('not_found', 'no such file')
  const headers = new Headers()
  obj.writeHttpMetadata(headers)
  headers.set('etag', obj.httpEtag)
  headers.set('accept-ranges', 'bytes')
  headers.set('x-content-type-options', 'nosniff')
  headers.set('cache-control', CONTENT_ADDRESSED.test(key) ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
  if (!('body' in obj)) return new Response(null, { status: 304, headers })
  const body = request.method === 'HEAD' ? null : obj.body
  const range = obj.range as { offset?: number; length?: number } | undefined
  if (range && request.headers.get('range')) {
    const offset = range.offset ?? 0
    const length = range.length ?? obj.size - offset
    headers.set('content-range', `bytes ${offset}-${offset + length - 1}/${obj.size}`)
    headers.set('content-length', String(length))
    return new Response(body, { status: 206, headers })
  }
  headers.set('content-length', String(obj.size))
  return new Response(body, { status: 200, headers })
}
