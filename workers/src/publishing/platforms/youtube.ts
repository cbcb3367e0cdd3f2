import type { YouTubeOptions } from '../../../../contracts/publishing'
import type { Config } from '../../config'
import { form, type PlatformAccount, PlatformError, type PlatformErrorKind, type PlatformResponse, platformFetch, type TokenSet } from './http'

/**
 * Google OAuth 2.0 (offline access, PKCE S256) and the YouTube Data API v3: `channels?mine=true`,
 * the resumable `videos.insert` (a session POST, then PUTs; `Content-Range: bytes *\/N` probes
 * what arrived, so an interrupted upload resumes and the video exists only once complete) and
 * `videos.list` statistics. Errors: `{error:{code, message, errors:[{domain, reason}]}}`.
 */

export const YOUTUBE_ERRORS: Record<string, { kind: PlatformErrorKind; message: string }> = {
  quotaExceeded: { kind: 'quota', message: 'YouTube’s daily upload quota for our app is used up; the post moves to after the quota resets' },
  uploadLimitExceeded: { kind: 'quota', message: 'This YouTube channel reached its daily upload limit; try again in 24 hours' },
  rateLimitExceeded: { kind: 'rate_limited', message: 'YouTube asked us to slow down' },
  invalidTitle: { kind: 'rejected', message: 'YouTube refused the title (empty or over 100 characters)' },
  invalidDescription: { kind: 'rejected', message: 'YouTube refused the description (no < or > allowed)' },
  invalidCategoryId: { kind: 'rejected', message: 'YouTube refused the category' },
  invalidPublishAt: { kind: 'rejected', message: 'YouTube refused the scheduled time' },
  mediaBodyRequired: { kind: 'rejected', message: 'The video file was empty' },
  youtubeSignupRequired: { kind: 'rejected', message: 'This Google account has no YouTube channel yet; create one on YouTube first' },
  forbidden: { kind: 'rejected', message: 'YouTube refused the upload for this channel' },
  authError: { kind: 'auth', message: 'YouTube refused the saved login' },
  invalid_grant: { kind: 'reconnect', message: 'Google ended the connection (revoked, or a test app’s 7-day limit); connect YouTube again' },
  backendError: { kind: 'transient', message: 'YouTube had an internal error' },
}

function youtubeError(res: PlatformResponse): PlatformError {
  const b = res.json<{ error?: { code?: number; message?: string; errors?: { reason?: string }[] } | string; error_description?: string }>()
  const reason =
    typeof b?.error === 'string'
      ? b.error
      : (b?.error?.errors?.[0]?.reason ?? (res.status === 401 ? 'authError' : res.status >= 500 ? 'backendError' : 'unknown'))
  const known = YOUTUBE_ERRORS[reason]
  const text = typeof b?.error === 'string' ? (b.error_description ?? b.error) : (b?.error?.message ?? res.text.slice(0, 200))
  return new PlatformError(
    'youtube',
    known?.kind ?? (res.status >= 500 ? 'transient' : 'rejected'),
    reason,
    known?.message ?? `YouTube: ${text.replace(/<[^>]+>/g, '')}`,
    res.status,
  )
}

export const youtubeEnabled = (config: Config) => !!config.YOUTUBE_CLIENT_ID && !!config.YOUTUBE_CLIENT_SECRET

async function s256(verifier: string) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))
  return btoa(String.fromCharCode(...d))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export async function youtubeAuthorizeUrl(config: Config, o: { state: string; verifier: string; redirectUri: string; scopes: string[] }) {
  const u = new URL('/o/oauth2/v2/auth', config.YOUTUBE_AUTH_URL)
  u.searchParams.set('client_id', config.YOUTUBE_CLIENT_ID)
  u.searchParams.set('redirect_uri', o.redirectUri)
  u.searchParams.set('response_type', 'code')
  u.searchParams.set('scope', o.scopes.join(' '))
  // Offline access (a refresh token); `consent` makes Google issue one on a reconnect too.
  u.searchParams.set('access_type', 'offline')
  u.searchParams.set('prompt', 'consent')
  u.searchParams.set('include_granted_scopes', 'true')
  u.searchParams.set('state', o.state)
  u.searchParams.set('code_challenge', await s256(o.verifier))
  u.searchParams.set('code_challenge_method', 'S256')
  return u.toString()
}

async function tokenCall(config: Config, fields: Record<string, string>): Promise<TokenSet> {
  const res = await platformFetch(config, 'youtube', new URL('/token', config.YOUTUBE_OAUTH_URL).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ client_id: config.YOUTUBE_CLIENT_ID, client_secret: config.YOUTUBE_CLIENT_SECRET, ...fields }),
  })
  const b = res.json<{ access_token?: string; refresh_token?: string; expires_in?: number; scope?: string; error?: string }>()
  if (res.status >= 500) throw youtubeError(res)
  if (res.status !== 200 || !b?.access_token) {
    if (b?.error === 'invalid_client')
      throw new PlatformError('youtube', 'rejected', 'invalid_client', 'our Google app credentials were refused (configuration)', res.status)
    throw new PlatformError('youtube', 'reconnect', b?.error ?? 'invalid_grant', YOUTUBE_ERRORS.invalid_grant.message, res.status)
  }
  return {
    accessToken: b.access_token,
    refreshToken: b.refresh_token ?? null,
    expiresIn: b.expires_in ?? null,
    refreshExpiresIn: null,
    scopes: (b.scope ?? '').split(' ').filter(Boolean),
  }
}

export const youtubeExchangeCode = (config: Config, o: { code: string; verifier: string; redirectUri: string }) =>
  tokenCall(config, { code: o.code, code_verifier: o.verifier, grant_type: 'authorization_code', redirect_uri: o.redirectUri })

/** Google keeps the refresh token (no rotation); the answer has a new access token only. */
export const youtubeRefresh = (config: Config, refreshToken: string) => tokenCall(config, { grant_type: 'refresh_token', refresh_token: refreshToken })

export async function youtubeRevoke(config: Config, token: string) {
  const u = new URL('/revoke', config.YOUTUBE_OAUTH_URL)
  u.searchParams.set('token', token)
  const res = await platformFetch(config, 'youtube', u.toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  // An already revoked token answers 400 invalid_token: the outcome wanted.
  if (res.status >= 500) throw youtubeError(res)
}

const api = (config: Config, path: string) => new URL(path, config.YOUTUBE_API_URL).toString()

export async function youtubeChannel(config: Config, token: string): Promise<PlatformAccount> {
  const res = await platformFetch(config, 'youtube', api(config, '/youtube/v3/channels?part=snippet&mine=true'), {
    headers: { authorization: `Bearer ${token}` },
  })
  if (res.status !== 200) throw youtubeError(res)
  const item = res.json<{ items?: { id: string; snippet?: { title?: string; customUrl?: string; thumbnails?: { default?: { url?: string } } } }[] }>()
    ?.items?.[0]
  if (!item) throw new PlatformError('youtube', 'rejected', 'youtubeSignupRequired', YOUTUBE_ERRORS.youtubeSignupRequired.message)
  return {
    externalId: item.id,
    displayName: item.snippet?.title ?? '',
    username: item.snippet?.customUrl ?? null,
    avatarUrl: item.snippet?.thumbnails?.default?.url ?? null,
  }
}

/** The video resource: ≤180 s vertical becomes a Short (no flag); AI-made videos say so (`containsSyntheticMedia`). */
export function youtubeResource(o: YouTubeOptions, description: string) {
  return {
    snippet: { title: o.title.slice(0, 100), description: description.replace(/[<>]/g, ''), categoryId: o.categoryId },
    status: { privacyStatus: o.privacyStatus, selfDeclaredMadeForKids: o.madeForKids, containsSyntheticMedia: o.containsSyntheticMedia },
  }
}

/** Opens a resumable upload session; the answer's `Location` is the session URI. Nothing is published by this. */
export async function youtubeStartUpload(config: Config, token: string, resource: Record<string, unknown>, size: number): Promise<string> {
  const res = await platformFetch(config, 'youtube', api(config, '/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(size),
      'x-upload-content-type': 'video/mp4',
    },
    body: JSON.stringify(resource),
  })
  const location = res.headers.get('location')
  if (res.status !== 200 || !location) throw youtubeError(res)
  return location
}

export type UploadState = { done: true; videoId: string } | { done: false; received: number }

const stateOf = (res: PlatformResponse): UploadState | null => {
  if (res.status === 200 || res.status === 201) {
    const id = res.json<{ id?: string }>()?.id
    if (id) return { done: true, videoId: id }
  }
  if (res.status === 308) {
    const m = /bytes=0-(\d+)/.exec(res.headers.get('range') ?? '')
    return { done: false, received: m ? Number(m[1]) + 1 : 0 }
  }
  return null
}

/** Asks the session what arrived (`Content-Range: bytes *\/N`): done with the video id, or how many bytes. 404/410: the session expired. */
export async function youtubeProbe(config: Config, sessionUri: string, total: number): Promise<UploadState> {
  const res = await platformFetch(config, 'youtube', sessionUri, { method: 'PUT', headers: { 'content-range': `bytes */${total}`, 'content-length': '0' } })
  const s = stateOf(res)
  if (s) return s
  if (res.status === 404 || res.status === 410)
    throw new PlatformError('youtube', 'rejected', 'sessionExpired', 'the YouTube upload session expired', res.status)
  throw youtubeError(res)
}

/** Sends the bytes from `from` to the end in one PUT. */
export async function youtubePut(config: Config, sessionUri: string, bytes: Uint8Array, from: number): Promise<UploadState> {
  const part = bytes.subarray(from)
  const res = await platformFetch(config, 'youtube', sessionUri, {
    method: 'PUT',
    headers: {
      'content-type': 'video/mp4',
      'content-length': String(part.byteLength),
      'content-range': `bytes ${from}-${bytes.byteLength - 1}/${bytes.byteLength}`,
    },
    body: part,
    timeoutMs: Math.max(config.PUBLISHING_TIMEOUT_MS, 10_000),
  })
  const s = stateOf(res)
  if (s) return s
  throw youtubeError(res)
}

export async function youtubeStatistics(config: Config, token: string, ids: string[]) {
  const res = await platformFetch(config, 'youtube', api(config, `/youtube/v3/videos?part=statistics,status&id=${ids.slice(0, 50).join(',')}`), {
    headers: { authorization: `Bearer ${token}` },
  })
  if (res.status !== 200) throw youtubeError(res)
  const items = res.json<{ items?: { id: string; statistics?: Record<string, string> }[] }>()?.items ?? []
  const n = (v?: string) => (v === undefined ? null : Number(v))
  return items.map((i) => ({
    id: i.id,
    views: n(i.statistics?.viewCount),
    likes: n(i.statistics?.likeCount),
    comments: n(i.statistics?.commentCount),
  }))
}
