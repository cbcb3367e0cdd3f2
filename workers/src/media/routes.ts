// GET /media/<key> – files from R2 with their content type, ranges, and long caching for content-addressed keys
import { z } from '@hono/zod-openapi'
import { createRouter, documentPlainPaths, errors, publicRoute, TAGS } from '../lib/openapi'
import { serveMedia } from './serve-media'

const file = (description: string) => ({ description, content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } } })

// `{key{.+}}`: the key spans path segments (Hono routes it as `:key{.+}`); the document shows `{key}`.
const getMediaRoute = publicRoute({
  method: 'get',
  path: '/{key{.+}}',
  tags: [TAGS.edge],
  summary: 'A stored file (image, video, audio) by its key',
  description:
    'Public. The key may contain slashes (`m/<shop id>/<sha256>.<ext>` for uploads and renders). Answers `Range` requests with 206 and `If-None-Match` with 304; content-addressed keys are cached for a year. HEAD answers the headers only.',
  request: { params: z.object({ key: z.string().min(1).describe('The R2 key; slashes allowed') }) },
  responses: {
    200: file('The file, with its stored content type'),
    206: file('The requested byte range (`content-range`)'),
    304: { description: 'Not modified (the `etag` matched)' },
    ...errors('not_found'),
  },
})

// HEAD requests are answered by GET handlers (the body is dropped).
export const mediaRoutes = documentPlainPaths(
  createRouter().openapi(getMediaRoute, (c) => serveMedia(c.env.MEDIA, decodeURIComponent(new URL(c.req.url).pathname.replace(/^\/media\//, '')), c.req.raw)),
)
