// GET /media/<key> – files from R2 with their content type, ranges, and long caching for content-addressed keys
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'

const CONTENT_ADDRESSED = /\/[0-9a-f]{64}\.[a-z0-9]+$/

export const mediaRoutes = new Hono<AppEnv>().on(['GET', 'HEAD'], '/*', async (c) => {
  const key = decodeURIComponent(new URL(c.req.url).pathname.replace(/^\/media\//, ''))
  if (!key || key.includes('..')) throw new AppError('not_found', 'no such file')
  const obj = await c.env.MEDIA.get(key, { range: c.req.raw.headers, onlyIf: c.req.raw.headers })
  if (!obj) throw new AppError('not_found', 'no such file')
  const headers = new Headers()
  obj.writeHttpMetadata(headers)
  headers.set('etag', obj.httpEtag)
  headers.set('accept-ranges', 'bytes')
  headers.set('x-content-type-options', 'nosniff')
  headers.set('cache-control', CONTENT_ADDRESSED.test(key) ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
  if (!('body' in obj)) return new Response(null, { status: 304, headers })
  const range = obj.range as { offset?: number; length?: number } | undefined
  if (range && c.req.header('range')) {
    const offset = range.offset ?? 0
    const length = range.length ?? obj.size - offset
    headers.set('content-range', `bytes ${offset}-${offset + length - 1}/${obj.size}`)
    headers.set('content-length', String(length))
    return new Response(c.req.method === 'HEAD' ? null : obj.body, { status: 206, headers })
  }
  headers.set('content-length', String(obj.size))
  return new Response(c.req.method === 'HEAD' ? null : obj.body, { status: 200, headers })
})
