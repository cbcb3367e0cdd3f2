import type { CreatorInfo } from '../../../../contracts/publishing'
import type { Config } from '../../config'
import { form, type PlatformAccount, PlatformError, type PlatformErrorKind, type PlatformResponse, platformFetch, type TokenSet } from './http'

/**
 * TikTok for developers (docs/publishing.md §TikTok): Login Kit OAuth (PKCE; refresh tokens
 * rotate: the previous one stops working once a new one is issued), `user/info`, the Display API
 * (`video/list`, `video/query`) and the Content Posting API (creator_info, Direct Post and inbox
 * init, chunk PUT, status/fetch). Every answer is `{data, error:{code, message, log_id}}`.
 */

/** TikTok's error codes and `fail_reason`s, in words a merchant understands, with what to do about each. */
export const TIKTOK_ERRORS: Record<string, { kind: PlatformErrorKind; message: string }> = {
  access_token_invalid: { kind: 'auth', message: 'TikTok refused the saved login' },
  scope_not_authorized: { kind: 'reconnect', message: 'TikTok was connected without permission to post; connect it again and allow posting' },
  scope_permission_missed: { kind: 'reconnect', message: 'TikTok was connected without permission to post; connect it again and allow posting' },
  invalid_grant: { kind: 'reconnect', message: 'TikTok ended the connection; connect your TikTok account again' },
  rate_limit_exceeded: { kind: 'rate_limited', message: 'TikTok asked us to slow down; the post will be tried again in a minute' },
  spam_risk_too_many_posts: { kind: 'quota', message: 'TikTok’s daily limit of posts from apps is reached for this account; try again tomorrow' },
  spam_risk_too_many_pending_share: {
    kind: 'quota',
    message: 'This account has 5 drafts waiting in the TikTok inbox; open TikTok and post or delete some first',
  },
  spam_risk_user_banned_from_posting: { kind: 'rejected', message: 'TikTok has blocked this account from posting' },
  spam_risk_text: { kind: 'rejected', message: 'TikTok flagged the caption as spam; shorten it and remove links or repeated tags' },
  privacy_level_option_mismatch: { kind: 'rejected', message: 'That privacy choice is not available for this account; pick one of the options shown' },
  unaudited_client_can_only_post_to_private_accounts: {
    kind: 'rejected',
    message: 'Until our TikTok app is approved, posts can only go to private accounts as “only me”; send it to your inbox instead',
  },
  url_ownership_unverified: { kind: 'rejected', message: 'TikTok could not verify our media domain' },
  reached_active_user_cap: { kind: 'quota', message: 'TikTok’s daily limit for our app is reached; try again tomorrow' },
  invalid_params: { kind: 'rejected', message: 'TikTok refused the post’s settings' },
  invalid_file_upload: { kind: 'rejected', message: 'TikTok refused the video file' },
  file_format_check_failed: { kind: 'rejected', message: 'TikTok could not read the video file (format)' },
  duration_check_failed: { kind: 'rejected', message: 'The video is too long or too short for TikTok' },
  frame_rate_check_failed: { kind: 'rejected', message: 'TikTok refused the video’s frame rate (23–60 fps)' },
  picture_size_check_failed: { kind: 'rejected', message: 'TikTok refused the video’s size (each side 360–4096 px)' },
  video_pull_failed: { kind: 'rejected', message: 'TikTok could not download the video' },
  file_upload_timeout: { kind: 'rejected', message: 'The upload to TikTok did not finish; schedule the post again' },
  app_version_check_failed: { kind: 'rejected', message: 'The TikTok app on the phone is too old to receive drafts; update it' },
  internal_error: { kind: 'transient', message: 'TikTok had an internal error' },
}

export function tiktokError(code: string, fallback: string, status = 0): PlatformError {
  const known = TIKTOK_ERRORS[code]
  return new PlatformError('tiktok', known?.kind ?? (status >= 500 ? 'transient' : 'rejected'), code, known?.message ?? `TikTok: ${fallback || code}`, status)
}

type Envelope<T> = { data?: T; error?: { code?: string; message?: string; log_id?: string } }

function unwrap<T>(res: PlatformResponse): T {
  const body = res.json<Envelope<T>>()
  const code = body?.error?.code ?? (res.status >= 500 ? 'internal_error' : 'unknown')
  if (res.status === 429) throw tiktokError('rate_limit_exceeded', '', 429)
  if (res.status < 200 || res.status >= 300 || code !== 'ok') throw tiktokError(code, body?.error?.message ?? res.text.slice(0, 200), res.status)
  return (body?.data ?? {}) as T
}

const api = (config: Config, path: string) => `${config.TIKTOK_API_URL.replace(/\/+$/, '')}${path}`
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' })

export const tiktokEnabled = (config: Config) => !!config.TIKTOK_CLIENT_KEY && !!config.TIKTOK_CLIENT_SECRET

/** TikTok's PKCE challenge: the hex SHA-256 of the verifier (its Login Kit docs), not base64url. */
export async function tiktokCodeChallenge(verifier: string) {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function tiktokAuthorizeUrl(config: Config, o: { state: string; verifier: string; redirectUri: string; scopes: string[] }) {
  const u = new URL('/v2/auth/authorize/', config.TIKTOK_AUTH_URL)
  u.searchParams.set('client_key', config.TIKTOK_CLIENT_KEY)
  u.searchParams.set('response_type', 'code')
  u.searchParams.set('scope', o.scopes.join(','))
  u.searchParams.set('redirect_uri', o.redirectUri)
  u.searchParams.set('state', o.state)
  u.searchParams.set('code_challenge', await tiktokCodeChallenge(o.verifier))
  u.searchParams.set('code_challenge_method', 'S256')
  return u.toString()
}

type TokenAnswer = {
  open_id?: string
  scope?: string
  access_token?: string
  expires_in?: number
  refresh_token?: string
  refresh_expires_in?: number
  error?: string
  error_description?: string
}

async function tokenCall(config: Config, fields: Record<string, string | undefined>): Promise<TokenSet & { openId: string }> {
  const res = await platformFetch(config, 'tiktok', api(config, '/v2/oauth/token/'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
    body: form({ client_key: config.TIKTOK_CLIENT_KEY, client_secret: config.TIKTOK_CLIENT_SECRET, ...fields }),
  })
  const b = res.json<TokenAnswer>()
  if (res.status >= 500) throw tiktokError('internal_error', b?.error_description ?? '', res.status)
  if (!b?.access_token || b.error) {
    const code = b?.error ?? 'invalid_grant'
    // A refused refresh or code is the end of the grant; a client error is our configuration.
    if (code === 'invalid_client') throw new PlatformError('tiktok', 'rejected', code, 'our TikTok app credentials were refused (configuration)', res.status)
    throw tiktokError(code === 'invalid_request' ? 'invalid_params' : 'invalid_grant', b?.error_description ?? '', res.status)
  }
  return {
    accessToken: b.access_token,
    refreshToken: b.refresh_token ?? null,
    expiresIn: b.expires_in ?? null,
    refreshExpiresIn: b.refresh_expires_in ?? null,
    scopes: (b.scope ?? '').split(',').filter(Boolean),
    openId: b.open_id ?? '',
  }
}

export const tiktokExchangeCode = (config: Config, o: { code: string; verifier: string; redirectUri: string }) =>
  tokenCall(config, { code: o.code, grant_type: 'authorization_code', redirect_uri: o.redirectUri, code_verifier: o.verifier })

export const tiktokRefresh = (config: Config, refreshToken: string) => tokenCall(config, { grant_type: 'refresh_token', refresh_token: refreshToken })

export async function tiktokRevoke(config: Config, accessToken: string) {
  const res = await platformFetch(config, 'tiktok', api(config, '/v2/oauth/revoke/'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ client_key: config.TIKTOK_CLIENT_KEY, client_secret: config.TIKTOK_CLIENT_SECRET, token: accessToken }),
  })
  if (res.status >= 300) throw tiktokError(res.json<TokenAnswer>()?.error ?? 'internal_error', res.text.slice(0, 200), res.status)
}

export async function tiktokUser(config: Config, token: string): Promise<PlatformAccount> {
  const res = await platformFetch(config, 'tiktok', api(config, '/v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username'), {
    headers: { authorization: `Bearer ${token}` },
  })
  const { user } = unwrap<{ user: { open_id: string; display_name?: string; username?: string; avatar_url?: string } }>(res)
  return { externalId: user.open_id, displayName: user.display_name ?? '', username: user.username ?? null, avatarUrl: user.avatar_url ?? null }
}

export async function tiktokCreatorInfo(config: Config, token: string): Promise<CreatorInfo> {
  const res = await platformFetch(config, 'tiktok', api(config, '/v2/post/publish/creator_info/query/'), { method: 'POST', headers: bearer(token) })
  const d = unwrap<{
    creator_avatar_url?: string
    creator_username?: string
    creator_nickname?: string
    privacy_level_options?: string[]
    comment_disabled?: boolean
    duet_disabled?: boolean
    stitch_disabled?: boolean
    max_video_post_duration_sec?: number
  }>(res)
  return {
    nickname: d.creator_nickname ?? '',
    username: d.creator_username ?? '',
    avatarUrl: d.creator_avatar_url ?? null,
    privacyLevelOptions: d.privacy_level_options ?? [],
    commentDisabled: !!d.comment_disabled,
    duetDisabled: !!d.duet_disabled,
    stitchDisabled: !!d.stitch_disabled,
    maxVideoPostDurationSec: d.max_video_post_duration_sec ?? 60,
  }
}

/** Chunking per TikTok's media transfer guide: one chunk under 64 MB, else 10 MB chunks with a larger last one. */
export function tiktokChunks(size: number): { chunkSize: number; count: number } {
  const MB = 1024 * 1024
  if (size <= 64 * MB) return { chunkSize: size, count: 1 }
  const chunkSize = 10 * MB
  return { chunkSize, count: Math.floor(size / chunkSize) }
}

export type TikTokPostInfo = {
  title: string
  privacy_level: string
  disable_comment: boolean
  disable_duet: boolean
  disable_stitch: boolean
  brand_content_toggle: boolean
  brand_organic_toggle: boolean
  is_aigc: boolean
}

/** The irreversible call: Direct Post (with post_info) or an inbox draft (caption only). */
export async function tiktokInit(
  config: Config,
  token: string,
  o: { mode: 'direct' | 'inbox'; size: number; postInfo?: TikTokPostInfo },
): Promise<{ publishId: string; uploadUrl: string }> {
  const { chunkSize, count } = tiktokChunks(o.size)
  const source_info = { source: 'FILE_UPLOAD', video_size: o.size, chunk_size: chunkSize, total_chunk_count: count }
  const path = o.mode === 'direct' ? '/v2/post/publish/video/init/' : '/v2/post/publish/inbox/video/init/'
  const body = o.mode === 'direct' ? { post_info: o.postInfo, source_info } : { source_info }
  const res = await platformFetch(config, 'tiktok', api(config, path), { method: 'POST', headers: bearer(token), body: JSON.stringify(body) })
  const d = unwrap<{ publish_id?: string; upload_url?: string }>(res)
  if (!d.publish_id || !d.upload_url) throw new PlatformError('tiktok', 'rejected', 'invalid_response', 'TikTok answered without an upload address')
  return { publishId: d.publish_id, uploadUrl: d.upload_url }
}

/** Uploads the bytes in order, one PUT per chunk with its Content-Range (201 ends it, 206 wants more). */
export async function tiktokUpload(config: Config, uploadUrl: string, bytes: Uint8Array) {
  const { chunkSize, count } = tiktokChunks(bytes.byteLength)
  for (let i = 0; i < count; i++) {
    const first = i * chunkSize
    const last = i === count - 1 ? bytes.byteLength - 1 : first + chunkSize - 1
    const chunk = bytes.subarray(first, last + 1)
    const res = await platformFetch(config, 'tiktok', uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-length': String(chunk.byteLength), 'content-range': `bytes ${first}-${last}/${bytes.byteLength}` },
      body: chunk,
      timeoutMs: Math.max(config.PUBLISHING_TIMEOUT_MS, 10_000),
    })
    if (![200, 201, 206].includes(res.status)) {
      const code = res.json<{ error?: { code?: string; message?: string } }>()?.error?.code ?? 'invalid_file_upload'
      throw tiktokError(code, res.text.slice(0, 200), res.status)
    }
  }
}

export type TikTokStatus = { status: string; failReason: string | null; postId: string | null }

export async function tiktokStatus(config: Config, token: string, publishId: string): Promise<TikTokStatus> {
  const res = await platformFetch(config, 'tiktok', api(config, '/v2/post/publish/status/fetch/'), {
    method: 'POST',
    headers: bearer(token),
    body: JSON.stringify({ publish_id: publishId }),
  })
  const d = unwrap<{ status?: string; fail_reason?: string; publicaly_available_post_id?: Array<number | string> }>(res)
  const ids = d.publicaly_available_post_id ?? []
  // Ids arrive as numbers past 2^53 in the wild: take the digits from the raw text when they do.
  const raw = /"publicaly_available_post_id"\s*:\s*\[\s*"?(\d+)/.exec(res.text)?.[1]
  return { status: d.status ?? 'UNKNOWN', failReason: d.fail_reason ?? null, postId: raw ?? (ids.length ? String(ids[0]) : null) }
}

export type TikTokVideo = {
  id: string
  title?: string
  video_description?: string
  create_time: number
  cover_image_url?: string
  share_url?: string
  duration?: number
  view_count?: number
  like_count?: number
  comment_count?: number
  share_count?: number
}

const VIDEO_FIELDS = 'id,title,video_description,create_time,cover_image_url,share_url,duration,width,height,like_count,comment_count,share_count,view_count'

export async function tiktokListVideos(config: Config, token: string, cursor?: number): Promise<{ videos: TikTokVideo[]; cursor: number; hasMore: boolean }> {
  const res = await platformFetch(config, 'tiktok', api(config, `/v2/video/list/?fields=${VIDEO_FIELDS}`), {
    method: 'POST',
    headers: bearer(token),
    body: JSON.stringify(cursor ? { max_count: 20, cursor } : { max_count: 20 }),
  })
  const d = unwrap<{ videos?: TikTokVideo[]; cursor?: number; has_more?: boolean }>(res)
  return { videos: d.videos ?? [], cursor: d.cursor ?? 0, hasMore: !!d.has_more }
}

export async function tiktokQueryVideos(config: Config, token: string, ids: string[]): Promise<TikTokVideo[]> {
  const res = await platformFetch(config, 'tiktok', api(config, `/v2/video/query/?fields=${VIDEO_FIELDS}`), {
    method: 'POST',
    headers: bearer(token),
    body: JSON.stringify({ filters: { video_ids: ids.slice(0, 20) } }),
  })
  return unwrap<{ videos?: TikTokVideo[] }>(res).videos ?? []
}
