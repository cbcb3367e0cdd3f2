import { createHash, createHmac, randomBytes } from 'node:crypto'
import { FAKE_PUBLISHING_CLIENTS } from '../secrets'
import { createFakeServer, type FakeReply, type FakeServer, type RecordedCall } from './fake-server'

const CLIENT = FAKE_PUBLISHING_CLIENTS.tiktok

/**
 * Faults a test sets with `POST /__faults` (the whole object replaces the last one):
 * - `refresh`: `invalid` answers every refresh with `invalid_grant`; `5xx` with a 500;
 * - `refreshDelayMs`: a refresh takes this long (two racing refreshes overlap);
 * - `init`: `5xx` refuses init with a 500 (nothing created); `hang` accepts it (a publish is
 *   recorded) and then never answers in time (a timeout after an accepted init);
 *   `rate_limited` answers 429; `spam` answers `spam_risk_too_many_posts`;
 * - `put`: `drop-after-receive` stores the bytes, then drops the connection before answering;
 *   `drop` drops it with half the bytes stored;
 * - `statuses`: the status sequence of the next publishes (default: PROCESSING_UPLOAD, then
 *   PUBLISH_COMPLETE or SEND_TO_USER_INBOX); `failReason` goes with a FAILED in it;
 * - `expireAccess`: every access token is refused with `access_token_invalid` (401).
 */
export type TikTokFaults = {
  refresh?: 'invalid' | '5xx'
  refreshDelayMs?: number
  init?: '5xx' | 'hang' | 'rate_limited' | 'spam'
  hangMs?: number
  put?: 'drop' | 'drop-after-receive'
  statuses?: string[]
  failReason?: string
  expireAccess?: boolean
  /** Benchmarks: the share of inits that hang after being accepted, and of PUTs dropped after the bytes arrived (0–1). */
  hangRate?: number
  dropRate?: number
}

/** What `POST /__webhook-delivery` makes: an event about a publish (by id) or the account. */
export type WebhookRequest = { event: string; publish_id?: string; post_id?: string; reason?: string | number; open_id?: string; at?: number }

/** A creator as creator_info/query describes them (`POST /__creator` changes it). */
export type TikTokCreator = {
  creator_nickname: string
  creator_username: string
  creator_avatar_url: string
  privacy_level_options: string[]
  comment_disabled: boolean
  duet_disabled: boolean
  stitch_disabled: boolean
  max_video_post_duration_sec: number
}

/** One publish the fake accepted: every init that created one, so a test counts duplicates. */
export type TikTokPublish = {
  publish_id: string
  open_id: string
  mode: 'direct' | 'inbox'
  post_info: Record<string, unknown> | null
  source_info: Record<string, unknown>
  total: number
  received: number
  statuses: string[]
  reads: number
  post_id: string | null
  at: number
}

export type TikTokVideo = {
  id: string
  title: string
  video_description: string
  create_time: number
  cover_image_url: string
  share_url: string
  duration: number
  width: number
  height: number
  like_count: number
  comment_count: number
  share_count: number
  view_count: number
}

const logId = () => `2026${randomBytes(10).toString('hex').toUpperCase()}`
const ok = (data: unknown): FakeReply => ({ status: 200, body: { data, error: { code: 'ok', message: '', log_id: logId() } } })
const apiError = (status: number, code: string, message: string): FakeReply => ({ status, body: { data: {}, error: { code, message, log_id: logId() } } })
const oauthError = (error: string, description: string, status = 400): FakeReply => ({
  status,
  body: { error, error_description: description, log_id: logId() },
})
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A local TikTok for developers, in its wire formats: Login Kit (`/v2/auth/authorize/` consent
 * page, `/v2/oauth/token/` with PKCE and **rotating refresh tokens** — a refresh token works
 * once —, `/v2/oauth/revoke/`), `/v2/user/info/`, the Display API (`/v2/video/list/` with a ms
 * cursor, `/v2/video/query/`), and the Content Posting API (`creator_info/query`, Direct Post
 * and inbox `init`, the chunk `PUT` with `Content-Range` checks, `status/fetch`). Tokens last
 * 2 h / 180 days. Test controls: `/__faults`, `/__creator`, `/__videos` (seed the account's
 * videos), `GET /__publishes`, `GET /__tokens`, `POST /__webhook-delivery` (a signed webhook to send).
 */
export async function createTikTokPlatformFake(): Promise<FakeServer> {
  const openId = `-000${randomBytes(6).toString('hex')}`
  let faults: TikTokFaults = {}
  let creator: TikTokCreator = {
    creator_nickname: 'Ada Fabrics',
    creator_username: 'ada.fabrics',
    creator_avatar_url: 'https://p16-sign.tiktokcdn-us.com/fake-avatar.jpeg',
    privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
    comment_disabled: false,
    duet_disabled: true,
    stitch_disabled: false,
    max_video_post_duration_sec: 600,
  }
  const codes = new Map<string, { redirectUri: string; challenge: string; scope: string; at: number }>()
  const access = new Map<string, { scope: string; expiresAt: number }>()
  const refresh = new Map<string, { scope: string; expiresAt: number; used: boolean }>()
  const publishes = new Map<string, TikTokPublish>()
  const uploads = new Map<string, string>()
  let videos: TikTokVideo[] = []
  let base = ''

  const issueTokens = (scope: string) => {
    const at = `act.${randomBytes(24).toString('hex')}`
    const rt = `rft.${randomBytes(24).toString('hex')}`
    access.set(at, { scope, expiresAt: Date.now() + 7200_000 })
    refresh.set(rt, { scope, expiresAt: Date.now() + 180 * 86_400_000, used: false })
    return { open_id: openId, scope, access_token: at, expires_in: 7200, refresh_token: rt, refresh_expires_in: 15_552_000, token_type: 'Bearer' }
  }

  /** The bearer token's grant, or the 401 the API gives. */
  const authorized = (call: RecordedCall, scope: string): { scope: string } | FakeReply => {
    const token = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? '')?.[1] ?? ''
    const grant = access.get(token)
    if (!grant || grant.expiresAt < Date.now() || faults.expireAccess)
      return apiError(401, 'access_token_invalid', 'The access token is invalid or not found in the request.')
    if (!grant.scope.split(',').includes(scope))
      return apiError(401, 'scope_not_authorized', `The user did not authorize the scope required for completing this request (${scope}).`)
    return grant
  }

  const consentPage = (q: Record<string, string>) => {
    const hidden = Object.entries(q)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in to TikTok – Fake</title></head>
<body style="font-family:system-ui;max-width:420px;margin:10vh auto"><h1>TikTok</h1>
<p><b>${esc(q.client_key ?? '')}</b> would like to access: ${esc((q.scope ?? '').split(',').join(', '))}</p>
<p>Signed in as <b>@${esc(creator.creator_username)}</b></p>
<form method="post" action="/v2/auth/authorize/">${hidden}<button type="submit" name="decision" value="allow">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></body></html>`
  }

  const authorize = (call: RecordedCall): FakeReply => {
    const f = call.body as Record<string, string>
    if (f.client_key !== CLIENT.id) return { status: 400, raw: 'client_key unknown' }
    if (f.response_type !== 'code' || !f.redirect_uri || !f.state) return { status: 400, raw: 'response_type=code, redirect_uri and state required' }
    const to = new URL(f.redirect_uri)
    to.searchParams.set('state', f.state)
    if (f.decision === 'deny') {
      to.searchParams.set('error', 'access_denied')
      to.searchParams.set('error_description', 'The user denied the request')
    } else {
      const code = randomBytes(20).toString('hex')
      codes.set(code, { redirectUri: f.redirect_uri, challenge: f.code_challenge ?? '', scope: f.scope ?? '', at: Date.now() })
      to.searchParams.set('code', code)
      to.searchParams.set('scopes', f.scope ?? '')
    }
    return { status: 302, headers: { location: to.toString() }, raw: '' }
  }

  const token = async (call: RecordedCall): Promise<FakeReply> => {
    if (!(call.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
      return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded')
    const f = call.body as Record<string, string>
    if (f.client_key !== CLIENT.id || f.client_secret !== CLIENT.secret) return oauthError('invalid_client', 'Client key or secret is incorrect.', 401)
    if (f.grant_type === 'authorization_code') {
      const grant = codes.get(f.code ?? '')
      codes.delete(f.code ?? '')
      if (!grant || Date.now() - grant.at > 600_000 || grant.redirectUri !== f.redirect_uri)
        return oauthError('invalid_grant', 'Authorization code is expired.')
      // TikTok's PKCE: code_challenge = hex(SHA256(code_verifier)).
      if (
        grant.challenge &&
        createHash('sha256')
          .update(f.code_verifier ?? '')
          .digest('hex') !== grant.challenge
      )
        return oauthError('invalid_grant', 'Code verifier does not match the code challenge.')
      return { status: 200, body: issueTokens(grant.scope) }
    }
    if (f.grant_type === 'refresh_token') {
      if (faults.refreshDelayMs) await sleep(faults.refreshDelayMs)
      if (faults.refresh === '5xx') return oauthError('internal_error', 'Something went wrong', 500)
      const grant = refresh.get(f.refresh_token ?? '')
      if (faults.refresh === 'invalid' || !grant || grant.used || grant.expiresAt < Date.now())
        return oauthError('invalid_grant', 'Refresh token is invalid or expired.')
      // Rotation: the previous refresh token stops working once a new one is issued.
      grant.used = true
      return { status: 200, body: issueTokens(grant.scope) }
    }
    return oauthError('unsupported_grant_type', 'grant_type is not supported')
  }

  const init = async (call: RecordedCall, mode: 'direct' | 'inbox'): Promise<FakeReply> => {
    const auth = authorized(call, mode === 'direct' ? 'video.publish' : 'video.upload')
    if ('status' in auth) return auth
    if (faults.init === '5xx') return apiError(500, 'internal_error', 'Something went wrong. Please try again later.')
    if (faults.init === 'rate_limited') return apiError(429, 'rate_limit_exceeded', 'API rate limit exceeded, please retry later.')
    if (faults.init === 'spam') return apiError(403, 'spam_risk_too_many_posts', 'The daily post cap from the API is reached for the current user.')
    const body = (call.body ?? {}) as { post_info?: Record<string, unknown>; source_info?: Record<string, unknown> }
    const src = body.source_info ?? {}
    if (mode === 'direct') {
      const privacy = String(body.post_info?.privacy_level ?? '')
      if (!creator.privacy_level_options.includes(privacy))
        return apiError(400, 'privacy_level_option_mismatch', 'privacy_level is not one of the creator_info options.')
    }
    let uploadUrl: string | undefined
    let total = 0
    if (src.source === 'FILE_UPLOAD') {
      const size = Number(src.video_size)
      const chunk = Number(src.chunk_size)
      const count = Number(src.total_chunk_count)
      if (!(size > 0) || !(chunk > 0) || count !== Math.max(1, Math.floor(size / chunk)))
        return apiError(400, 'invalid_params', 'total_chunk_count must be floor(video_size / chunk_size).')
      if (size >= 5 * 1024 * 1024 && chunk < 5 * 1024 * 1024) return apiError(400, 'invalid_params', 'chunk_size must be at least 5 MB.')
      total = size
    } else if (src.source === 'PULL_FROM_URL') {
      if (typeof src.video_url !== 'string') return apiError(400, 'invalid_params', 'video_url is required.')
      total = 0
    } else return apiError(400, 'invalid_params', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL.')
    const publishId = `v_${mode === 'inbox' ? 'inbox' : 'pub'}_file~v2.${randomBytes(8).toString('hex')}`
    if (src.source === 'FILE_UPLOAD') {
      const uploadId = randomBytes(12).toString('hex')
      uploads.set(uploadId, publishId)
      uploadUrl = `${base}/upload/?upload_id=${uploadId}&upload_token=${randomBytes(8).toString('hex')}`
    }
    const final = mode === 'inbox' ? 'SEND_TO_USER_INBOX' : 'PUBLISH_COMPLETE'
    publishes.set(publishId, {
      publish_id: publishId,
      open_id: openId,
      mode,
      post_info: body.post_info ?? null,
      source_info: src,
      total,
      received: src.source === 'PULL_FROM_URL' ? 1 : 0,
      statuses: faults.statuses ?? ['PROCESSING_UPLOAD', final],
      reads: 0,
      post_id: null,
      at: Date.now(),
    })
    if (faults.init === 'hang' || (faults.hangRate && Math.random() < faults.hangRate)) {
      // Accepted and recorded; the answer never comes in time.
      await sleep(faults.hangMs ?? 8000)
    }
    return ok(uploadUrl ? { publish_id: publishId, upload_url: uploadUrl } : { publish_id: publishId })
  }

  const put = (call: RecordedCall, raw: Buffer): FakeReply => {
    const publish = publishes.get(uploads.get(call.query.upload_id ?? '') ?? '')
    if (!publish) return { status: 404, body: { error: { code: 'invalid_upload', message: 'upload_url not found or expired' } } }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(call.headers['content-range'] ?? '')
    if (!range) return { status: 400, body: { error: { code: 'invalid_file_upload', message: 'Content-Range missing or malformed' } } }
    const [first, last, total] = range.slice(1).map(Number)
    if (total !== publish.total || first !== publish.received || last - first + 1 !== raw.length || Number(call.headers['content-length']) !== raw.length)
      return { status: 400, body: { error: { code: 'invalid_file_upload', message: 'Content-Range does not match the bytes or the upload so far' } } }
    if ((call.headers['content-type'] ?? '') !== 'video/mp4')
      return { status: 400, body: { error: { code: 'invalid_file_upload', message: 'Content-Type must be video/mp4' } } }
    if (faults.put === 'drop') {
      publish.received += Math.floor(raw.length / 2)
      return { status: 0, destroy: true }
    }
    publish.received = last + 1
    if (faults.put === 'drop-after-receive' || (faults.dropRate && Math.random() < faults.dropRate)) return { status: 0, destroy: true }
    return { status: publish.received >= publish.total ? 201 : 206, raw: '' }
  }

  const status = (call: RecordedCall): FakeReply => {
    const upload = authorized(call, 'video.upload')
    const publish = authorized(call, 'video.publish')
    if ('status' in upload && 'status' in publish) return publish
    const p = publishes.get(String((call.body as { publish_id?: string })?.publish_id ?? ''))
    if (!p) return apiError(400, 'invalid_publish_id', 'publish_id does not exist.')
    const complete = p.received >= p.total && p.received > 0
    let s: string
    if (!complete) s = p.reads > 3 && faults.put === 'drop' ? 'FAILED' : 'PROCESSING_UPLOAD'
    else s = p.statuses[Math.min(p.reads, p.statuses.length - 1)]
    p.reads++
    const data: Record<string, unknown> = {
      status: s,
      uploaded_bytes: Math.min(p.received, p.total),
      downloaded_bytes: p.source_info.source === 'PULL_FROM_URL' ? 1 : 0,
    }
    if (s === 'FAILED') data.fail_reason = complete ? (faults.failReason ?? 'file_format_check_failed') : 'file_upload_timeout'
    if (s === 'PUBLISH_COMPLETE') {
      p.post_id ??= String(7_400_000_000_000_000_000n + BigInt(publishes.size) * 1000n + BigInt(Math.floor(Math.random() * 1000)))
      // Seen as an array of numbers in the wild (and misspelt: "publicaly"): digits past 2^53, written exactly.
      data.publicaly_available_post_id = ['__POST_ID__']
      const body = JSON.stringify({ data, error: { code: 'ok', message: '', log_id: logId() } }).replace('"__POST_ID__"', p.post_id)
      return { status: 200, headers: { 'content-type': 'application/json' }, raw: body }
    }
    return ok(data)
  }

  const videoFields = (call: RecordedCall) => (call.query.fields ?? '').split(',').filter(Boolean)
  const pick = (v: TikTokVideo, fields: string[]) => Object.fromEntries(fields.filter((f) => f in v).map((f) => [f, v[f as keyof TikTokVideo]]))

  /**
   * A webhook TikTok would send about a publish (or the account), in its wire format: the JSON
   * body with `content` as a JSON string, signed `TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256 of
   * "t.body" with the client secret>`. The test posts it to the hub (as often as it likes: TikTok
   * delivers at least once).
   */
  const webhookDelivery = (r: WebhookRequest) => {
    const p = r.publish_id ? publishes.get(r.publish_id) : undefined
    const content: Record<string, unknown> = {}
    if (r.publish_id) content.publish_id = r.publish_id
    if (r.event === 'post.publish.publicly_available' || r.event.startsWith('post.publish.no_longer')) {
      if (p) p.post_id ??= String(7_400_000_000_000_000_000n + BigInt(publishes.size) * 1000n + 7n)
      content.post_id = r.post_id ?? p?.post_id
    }
    if (r.reason !== undefined) content.reason = r.reason
    if (r.event.startsWith('post.publish.')) content.publish_type = p?.mode === 'inbox' ? 'INBOX_SHARE' : 'DIRECT_PUBLISH'
    const t = r.at ?? Math.floor(Date.now() / 1000)
    const body = JSON.stringify({
      client_key: CLIENT.id,
      event: r.event,
      create_time: t,
      user_openid: r.open_id ?? p?.open_id ?? openId,
      content: JSON.stringify(content),
    })
    const s = createHmac('sha256', CLIENT.secret).update(`${t}.${body}`).digest('hex')
    return { headers: { 'content-type': 'application/json', 'TikTok-Signature': `t=${t},s=${s}` }, body }
  }

  const fake = await createFakeServer('tiktok-platform', async (call, raw): Promise<FakeReply> => {
    const route = `${call.method} ${call.path}`
    switch (route) {
      case 'POST /__faults':
        faults = JSON.parse(raw.toString() || '{}') as TikTokFaults
        return { status: 200, body: { ok: true } }
      case 'POST /__creator':
        creator = { ...creator, ...(JSON.parse(raw.toString()) as Partial<TikTokCreator>) }
        return { status: 200, body: creator }
      case 'POST /__videos':
        videos = JSON.parse(raw.toString()) as TikTokVideo[]
        return { status: 200, body: { ok: true, count: videos.length } }
      case 'POST /__webhook-delivery':
        return { status: 200, body: webhookDelivery(JSON.parse(raw.toString() || '{}') as WebhookRequest) }
      case 'GET /__publishes':
        return { status: 200, body: [...publishes.values()] }
      case 'GET /__tokens':
        return { status: 200, body: { refresh: [...refresh.entries()].map(([t, g]) => ({ token: t, used: g.used })) } }
      case 'POST /__expire':
        for (const g of access.values()) g.expiresAt = Date.now() - 1
        return { status: 200, body: { ok: true } }
      case 'GET /v2/auth/authorize/':
        return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: consentPage(call.query) }
      case 'POST /v2/auth/authorize/':
        return authorize(call)
      case 'POST /v2/oauth/token/':
        return token(call)
      case 'POST /v2/oauth/revoke/': {
        const f = call.body as Record<string, string>
        if (f.client_key !== CLIENT.id || f.client_secret !== CLIENT.secret) return oauthError('invalid_client', 'Client key or secret is incorrect.', 401)
        access.delete(f.token ?? '')
        return { status: 200, body: {} }
      }
      case 'GET /v2/user/info/': {
        const auth = authorized(call, 'user.info.basic')
        if ('status' in auth) return auth
        const user: Record<string, unknown> = {
          open_id: openId,
          union_id: `union-${openId}`,
          avatar_url: creator.creator_avatar_url,
          display_name: creator.creator_nickname,
          username: creator.creator_username,
        }
        return ok({ user: Object.fromEntries(videoFields(call).map((f) => [f, user[f] ?? null])) })
      }
      case 'POST /v2/post/publish/creator_info/query/': {
        const auth = authorized(call, 'video.publish')
        if ('status' in auth) return auth
        return ok(creator)
      }
      case 'POST /v2/post/publish/video/init/':
        return init(call, 'direct')
      case 'POST /v2/post/publish/inbox/video/init/':
        return init(call, 'inbox')
      case 'PUT /upload/':
        return put(call, raw)
      case 'POST /v2/post/publish/status/fetch/':
        return status(call)
      case 'POST /v2/video/list/': {
        const auth = authorized(call, 'video.list')
        if ('status' in auth) return auth
        const b = (call.body ?? {}) as { max_count?: number; cursor?: number }
        const max = Math.min(20, Math.max(1, b.max_count ?? 10))
        const sorted = [...videos].sort((a, z) => z.create_time - a.create_time)
        const after = b.cursor ? sorted.filter((v) => v.create_time * 1000 < b.cursor!) : sorted
        const page = after.slice(0, max)
        const cursor = page.length ? page[page.length - 1].create_time * 1000 : (b.cursor ?? 0)
        return ok({ videos: page.map((v) => pick(v, videoFields(call))), cursor, has_more: after.length > max })
      }
      case 'POST /v2/video/query/': {
        const auth = authorized(call, 'video.list')
        if ('status' in auth) return auth
        const ids = ((call.body ?? {}) as { filters?: { video_ids?: string[] } }).filters?.video_ids ?? []
        if (ids.length > 20) return apiError(400, 'invalid_params', 'at most 20 video_ids')
        const known = new Map(videos.map((v) => [v.id, v]))
        for (const p of publishes.values()) {
          if (!p.post_id || known.has(p.post_id)) continue
          // A published post reads back with counters that grow with every query.
          const v: TikTokVideo = {
            id: p.post_id,
            title: String(p.post_info?.title ?? ''),
            video_description: String(p.post_info?.title ?? ''),
            create_time: Math.floor(p.at / 1000),
            cover_image_url: `${base}/cover/${p.post_id}.jpeg`,
            share_url: `https://www.tiktok.com/@${creator.creator_username}/video/${p.post_id}`,
            duration: 15,
            width: 1080,
            height: 1920,
            like_count: 0,
            comment_count: 0,
            share_count: 0,
            view_count: 0,
          }
          videos.push(v)
          known.set(v.id, v)
        }
        const found = ids.flatMap((id) => {
          const v = known.get(id)
          if (!v) return []
          v.view_count += 120
          v.like_count += 9
          v.comment_count += 2
          v.share_count += 1
          return [pick(v, videoFields(call))]
        })
        return ok({ videos: found, cursor: 0, has_more: false })
      }
      default:
        return apiError(404, 'not_found', `no route ${route}`)
    }
  })
  base = fake.url
  return fake
}
