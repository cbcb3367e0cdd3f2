import { createHash, randomBytes } from 'node:crypto'
import { FAKE_PUBLISHING_CLIENTS } from '../secrets'
import { createFakeServer, type FakeReply, type FakeServer, type RecordedCall } from './fake-server'

const CLIENT = FAKE_PUBLISHING_CLIENTS.youtube

/**
 * Faults (`POST /__faults`, replacing the last set):
 * - `refresh`: `invalid` → `invalid_grant` (a revoked or 7-day "Testing" token); `5xx` → 500;
 * - `insert`: `quotaExceeded` / `uploadLimitExceeded` refuse the session POST (403 / 400);
 * - `put`: `drop` stores the first half of the bytes and drops the connection (the client
 *   probes with `bytes *\/N` and resumes); `drop-after-receive` stores every byte (the video
 *   exists) and drops the answer;
 * - `expireAccess`: every access token answers 401 UNAUTHENTICATED.
 */
export type YouTubeFaults = {
  refresh?: 'invalid' | '5xx'
  insert?: 'quotaExceeded' | 'uploadLimitExceeded'
  put?: 'drop' | 'drop-after-receive'
  expireAccess?: boolean
}

type Session = { id: string; total: number; received: Buffer[]; bytes: number; resource: Record<string, unknown>; videoId: string | null }
export type YouTubeVideo = { id: string; resource: Record<string, unknown>; bytes: number; views: number; reads: number }

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const gError = (code: number, reason: string, message: string, domain = 'youtube.video'): FakeReply => ({
  status: code,
  body: {
    error: {
      code,
      message,
      errors: [{ domain, reason, message }],
      status: code === 401 ? 'UNAUTHENTICATED' : code === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT',
    },
  },
})

/**
 * A local Google OAuth 2.0 + YouTube Data API v3, in their wire formats: `/o/oauth2/v2/auth`
 * (consent page; a refresh token only with `access_type=offline`), `/token` (code + PKCE S256,
 * refresh), `/revoke`, `/youtube/v3/channels?mine=true`, the resumable `videos.insert`
 * (`POST /upload/youtube/v3/videos?uploadType=resumable` → `Location:` session URI; `PUT` with
 * `Content-Range`, 308 + `Range:` while incomplete, `bytes *\/N` probes) and `videos.list`
 * (`part=statistics,status`). The video exists only once its last byte arrived.
 */
export async function createYouTubeFake(): Promise<FakeServer> {
  let faults: YouTubeFaults = {}
  const channelId = `UC${randomBytes(11).toString('base64url')}`
  const codes = new Map<string, { redirectUri: string; challenge: string; scope: string; offline: boolean; at: number }>()
  const access = new Map<string, { scope: string; expiresAt: number }>()
  const refresh = new Map<string, { scope: string }>()
  const sessions = new Map<string, Session>()
  const videos = new Map<string, YouTubeVideo>()
  let base = ''

  const bearer = (call: RecordedCall): FakeReply | null => {
    const token = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? '')?.[1] ?? ''
    const g = access.get(token)
    if (!g || g.expiresAt < Date.now() || faults.expireAccess)
      return gError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'global')
    return null
  }

  const consentPage = (q: Record<string, string>) => {
    const hidden = Object.entries(q)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in – Google accounts (fake)</title></head>
<body style="font-family:system-ui;max-width:420px;margin:10vh auto"><h1>linkhub wants to access your Google Account</h1>
<p>${esc((q.scope ?? '').split(' ').join(', '))}</p>
<form method="post" action="/o/oauth2/v2/auth">${hidden}<button type="submit">Allow</button></form></body></html>`
  }

  const fake = await createFakeServer('youtube', async (call, raw): Promise<FakeReply> => {
    const route = `${call.method} ${call.path}`
    if (route === 'POST /__faults') {
      faults = JSON.parse(raw.toString() || '{}') as YouTubeFaults
      return { status: 200, body: { ok: true } }
    }
    if (route === 'GET /__videos') return { status: 200, body: [...videos.values()].map((v) => ({ ...v })) }
    if (route === 'POST /__expire') {
      for (const g of access.values()) g.expiresAt = Date.now() - 1
      return { status: 200, body: { ok: true } }
    }
    if (route === 'GET /o/oauth2/v2/auth') return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: consentPage(call.query) }
    if (route === 'POST /o/oauth2/v2/auth') {
      const f = call.body as Record<string, string>
      if (f.client_id !== CLIENT.id) return { status: 400, raw: 'Error 401: invalid_client' }
      if (f.code_challenge_method !== 'S256' || !f.code_challenge) return { status: 400, raw: 'PKCE S256 expected by this fake' }
      const code = `4/0A${randomBytes(20).toString('base64url')}`
      codes.set(code, { redirectUri: f.redirect_uri, challenge: f.code_challenge, scope: f.scope ?? '', offline: f.access_type === 'offline', at: Date.now() })
      const to = new URL(f.redirect_uri)
      to.searchParams.set('code', code)
      to.searchParams.set('scope', f.scope ?? '')
      if (f.state) to.searchParams.set('state', f.state)
      return { status: 302, headers: { location: to.toString() }, raw: '' }
    }
    if (route === 'POST /token') {
      const f = call.body as Record<string, string>
      if (f.client_id !== CLIENT.id || f.client_secret !== CLIENT.secret)
        return { status: 401, body: { error: 'invalid_client', error_description: 'Unauthorized' } }
      const issue = (scope: string, withRefresh: boolean) => {
        const at = `ya29.${randomBytes(30).toString('base64url')}`
        access.set(at, { scope, expiresAt: Date.now() + 3599_000 })
        const out: Record<string, unknown> = { access_token: at, expires_in: 3599, scope, token_type: 'Bearer' }
        if (withRefresh) {
          const rt = `1//0g${randomBytes(30).toString('base64url')}`
          refresh.set(rt, { scope })
          out.refresh_token = rt
        }
        return out
      }
      if (f.grant_type === 'authorization_code') {
        const g = codes.get(f.code ?? '')
        codes.delete(f.code ?? '')
        if (!g || g.redirectUri !== f.redirect_uri) return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } }
        if (
          createHash('sha256')
            .update(f.code_verifier ?? '')
            .digest('base64url') !== g.challenge
        )
          return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid code verifier.' } }
        return { status: 200, body: issue(g.scope, g.offline) }
      }
      if (f.grant_type === 'refresh_token') {
        if (faults.refresh === '5xx') return { status: 500, body: { error: 'internal_failure', error_description: 'Backend Error' } }
        const g = refresh.get(f.refresh_token ?? '')
        if (!g || faults.refresh === 'invalid')
          return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }
        // Google does not rotate refresh tokens: none in the answer.
        return { status: 200, body: issue(g.scope, false) }
      }
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' } }
    }
    if (route === 'POST /revoke') {
      const t = call.query.token ?? (call.body as Record<string, string>)?.token ?? ''
      if (!access.delete(t) && !refresh.delete(t)) return { status: 400, body: { error: 'invalid_token', error_description: 'Token expired or revoked' } }
      return { status: 200, body: {} }
    }
    if (route === 'GET /youtube/v3/channels') {
      const denied = bearer(call)
      if (denied) return denied
      return {
        status: 200,
        body: {
          kind: 'youtube#channelListResponse',
          etag: 'fake',
          pageInfo: { totalResults: 1, resultsPerPage: 5 },
          items: [
            {
              kind: 'youtube#channel',
              etag: 'fake',
              id: channelId,
              snippet: { title: 'Ada Fabrics', description: '', customUrl: '@adafabrics', thumbnails: { default: { url: 'https://yt3.ggpht.com/fake=s88' } } },
            },
          ],
        },
      }
    }
    if (route === 'POST /upload/youtube/v3/videos' && call.query.uploadType === 'resumable') {
      const denied = bearer(call)
      if (denied) return denied
      if (faults.insert === 'quotaExceeded')
        return gError(
          403,
          'quotaExceeded',
          'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
          'youtube.quota',
        )
      if (faults.insert === 'uploadLimitExceeded') return gError(400, 'uploadLimitExceeded', 'The user has exceeded the number of videos they may upload.')
      const total = Number(call.headers['x-upload-content-length'])
      if (!(total > 0)) return gError(400, 'mediaBodyRequired', 'The request does not include the video content.')
      const resource = (call.body ?? {}) as { snippet?: { title?: string; description?: string }; status?: Record<string, unknown> }
      if (!resource.snippet?.title) return gError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.')
      if ((resource.snippet.description ?? '').match(/[<>]/))
        return gError(400, 'invalidDescription', 'The request metadata specifies an invalid video description.')
      const id = randomBytes(16).toString('hex')
      sessions.set(id, { id, total, received: [], bytes: 0, resource: resource as Record<string, unknown>, videoId: null })
      return { status: 200, headers: { location: `${base}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${id}` }, raw: '' }
    }
    if (route === 'PUT /upload/youtube/v3/videos') {
      const s = sessions.get(call.query.upload_id ?? '')
      if (!s) return { status: 404, body: { error: { code: 404, message: 'Not Found' } } }
      const range = call.headers['content-range'] ?? ''
      const done = (): FakeReply => ({
        status: 200,
        body: { kind: 'youtube#video', id: s.videoId, snippet: s.resource.snippet, status: { uploadStatus: 'uploaded', ...(s.resource.status as object) } },
      })
      const incomplete = (): FakeReply => ({ status: 308, headers: s.bytes > 0 ? { range: `bytes=0-${s.bytes - 1}` } : {}, raw: '' })
      const probe = /^bytes \*\/(\d+)$/.exec(range)
      if (probe) return s.videoId ? done() : incomplete()
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range)
      let first = 0
      let body = raw
      if (m) {
        first = Number(m[1])
        if (Number(m[3]) !== s.total || Number(m[2]) - first + 1 !== raw.length)
          return { status: 400, body: { error: { code: 400, message: 'Content-Range mismatch' } } }
      } else if (raw.length !== s.total) return { status: 400, body: { error: { code: 400, message: 'Content-Length mismatch' } } }
      if (first !== s.bytes) return { status: 400, body: { error: { code: 400, message: `expected the upload to continue at byte ${s.bytes}` } } }
      if (faults.put === 'drop' && s.bytes === 0) {
        body = raw.subarray(0, Math.floor(raw.length / 2))
        s.received.push(body)
        s.bytes += body.length
        return { status: 0, destroy: true }
      }
      s.received.push(body)
      s.bytes += body.length
      if (s.bytes < s.total) return incomplete()
      s.videoId = randomBytes(8).toString('base64url').slice(0, 11)
      videos.set(s.videoId, { id: s.videoId, resource: s.resource, bytes: s.bytes, views: 0, reads: 0 })
      if (faults.put === 'drop-after-receive') return { status: 0, destroy: true }
      return done()
    }
    if (route === 'GET /youtube/v3/videos') {
      const denied = bearer(call)
      if (denied) return denied
      const ids = (call.query.id ?? '').split(',').filter(Boolean)
      if (ids.length > 50) return gError(400, 'invalidValue', 'too many ids')
      const items = ids.flatMap((id) => {
        const v = videos.get(id)
        if (!v) return []
        v.reads++
        v.views += 300
        return [
          {
            kind: 'youtube#video',
            id,
            statistics: { viewCount: String(v.views), likeCount: String(v.reads * 11), favoriteCount: '0', commentCount: String(v.reads * 3) },
            status: { uploadStatus: 'processed', ...(v.resource.status as object) },
          },
        ]
      })
      return { status: 200, body: { kind: 'youtube#videoListResponse', items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } } }
    }
    return { status: 404, body: { error: { code: 404, message: `no route ${route}` } } }
  })
  base = fake.url
  return fake
}
