import type { Config } from '../../config'
import { type PlatformAccount, PlatformError, type PlatformErrorKind, type PlatformResponse, platformFetch, type TokenSet } from './http'

/**
 * Instagram professional accounts through Facebook Login and the Graph API: a code becomes a
 * short-lived user token, exchanged (`fb_exchange_token`) for a 60-day one, which is also how it
 * is renewed; the Instagram business account comes from `me/accounts`. A Reel is a container
 * (`media_type=REELS`, `video_url` on our media domain) → `status_code` until FINISHED →
 * `media_publish` (the irreversible call), after reading `content_publishing_limit`.
 */
export const GRAPH_VERSION = 'v21.0'

export const INSTAGRAM_ERRORS: Record<string, { kind: PlatformErrorKind; message: string }> = {
  '190': { kind: 'reconnect', message: 'Instagram ended the connection (password changed or access removed); connect it again' },
  '9': { kind: 'quota', message: 'Instagram’s limit of posts from apps in 24 hours is reached for this account; try later' },
  '4': { kind: 'rate_limited', message: 'Instagram asked us to slow down' },
  '17': { kind: 'rate_limited', message: 'Instagram asked us to slow down' },
  '32': { kind: 'rate_limited', message: 'Instagram asked us to slow down' },
  '100': { kind: 'rejected', message: 'Instagram refused the post’s settings' },
  '2207082': { kind: 'rejected', message: 'Instagram could not process the video (upload failed)' },
  '2207085': { kind: 'rejected', message: 'Instagram could not process the video (upload failed)' },
  '2207026': { kind: 'rejected', message: 'Instagram refused the video format (MP4, H.264, faststart, 3 s–15 min)' },
  EXPIRED: { kind: 'rejected', message: 'The Instagram container expired before it was published' },
}

function graphError(res: PlatformResponse): PlatformError {
  const e = res.json<{ error?: { message?: string; code?: number; error_subcode?: number } }>()?.error
  const code = String(e?.error_subcode && INSTAGRAM_ERRORS[String(e.error_subcode)] ? e.error_subcode : (e?.code ?? res.status))
  const known = INSTAGRAM_ERRORS[code]
  return new PlatformError(
    'instagram',
    known?.kind ?? (res.status >= 500 ? 'transient' : 'rejected'),
    code,
    known?.message ?? `Instagram: ${e?.message ?? res.text.slice(0, 200)}`,
    res.status,
  )
}

export const instagramEnabled = (config: Config) => !!config.META_APP_ID && !!config.META_APP_SECRET

const graph = (config: Config, path: string, params: Record<string, string> = {}) => {
  const u = new URL(`/${GRAPH_VERSION}${path}`, config.INSTAGRAM_GRAPH_URL)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  return u.toString()
}

async function call<T>(config: Config, url: string, init: { method?: 'GET' | 'POST' | 'DELETE'; token?: string } = {}): Promise<T> {
  const res = await platformFetch(config, 'instagram', url, {
    method: init.method ?? 'GET',
    headers: init.token ? { authorization: `Bearer ${init.token}` } : {},
  })
  if (res.status !== 200) throw graphError(res)
  return (res.json<T>() ?? {}) as T
}

/** Facebook Login has no PKCE for web apps; `state` binds the flow to the session. */
export function instagramAuthorizeUrl(config: Config, o: { state: string; redirectUri: string; scopes: string[] }) {
  const u = new URL(`/${GRAPH_VERSION}/dialog/oauth`, config.INSTAGRAM_AUTH_URL)
  u.searchParams.set('client_id', config.META_APP_ID)
  u.searchParams.set('redirect_uri', o.redirectUri)
  u.searchParams.set('state', o.state)
  u.searchParams.set('response_type', 'code')
  u.searchParams.set('scope', o.scopes.join(','))
  return u.toString()
}

type TokenAnswer = { access_token: string; expires_in?: number }

const longLived = async (config: Config, token: string): Promise<TokenSet> => {
  const t = await call<TokenAnswer>(
    config,
    graph(config, '/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: config.META_APP_ID,
      client_secret: config.META_APP_SECRET,
      fb_exchange_token: token,
    }),
  )
  return { accessToken: t.access_token, refreshToken: null, expiresIn: t.expires_in ?? null, refreshExpiresIn: null, scopes: [] }
}

export async function instagramExchangeCode(config: Config, o: { code: string; redirectUri: string }): Promise<TokenSet> {
  const short = await call<TokenAnswer>(
    config,
    graph(config, '/oauth/access_token', { client_id: config.META_APP_ID, client_secret: config.META_APP_SECRET, redirect_uri: o.redirectUri, code: o.code }),
  )
  return longLived(config, short.access_token)
}

/** A 60-day token is renewed by exchanging it again while it is valid. */
export const instagramRefresh = (config: Config, accessToken: string) => longLived(config, accessToken)

export async function instagramRevoke(config: Config, token: string) {
  await call(config, graph(config, '/me/permissions'), { method: 'DELETE', token })
}

export async function instagramAccount(config: Config, token: string): Promise<PlatformAccount> {
  const r = await call<{ data?: { instagram_business_account?: { id: string; username?: string; profile_picture_url?: string }; name?: string }[] }>(
    config,
    graph(config, '/me/accounts', { fields: 'id,name,instagram_business_account{id,username,profile_picture_url}' }),
    { token },
  )
  const page = r.data?.find((p) => p.instagram_business_account)
  const ig = page?.instagram_business_account
  if (!ig)
    throw new PlatformError(
      'instagram',
      'rejected',
      'no_business_account',
      'No Instagram professional account is linked to your Facebook Pages; switch it to a business or creator account and link it',
    )
  return { externalId: ig.id, displayName: page?.name ?? ig.username ?? '', username: ig.username ?? null, avatarUrl: ig.profile_picture_url ?? null }
}

export async function instagramCreateReel(config: Config, token: string, igUserId: string, o: { videoUrl: string; caption: string; shareToFeed: boolean }) {
  const r = await call<{ id: string }>(
    config,
    graph(config, `/${igUserId}/media`, { media_type: 'REELS', video_url: o.videoUrl, caption: o.caption, share_to_feed: String(o.shareToFeed) }),
    { method: 'POST', token },
  )
  return r.id
}

export async function instagramContainerStatus(config: Config, token: string, containerId: string) {
  const r = await call<{ status_code?: string; status?: string }>(config, graph(config, `/${containerId}`, { fields: 'status_code,status' }), { token })
  return { statusCode: r.status_code ?? 'IN_PROGRESS', status: r.status ?? null }
}

export async function instagramPublishingLimit(config: Config, token: string, igUserId: string) {
  const r = await call<{ data?: { config?: { quota_total?: number }; quota_usage?: number }[] }>(
    config,
    graph(config, `/${igUserId}/content_publishing_limit`, { fields: 'config,quota_usage' }),
    { token },
  )
  const d = r.data?.[0]
  return { total: d?.config?.quota_total ?? null, used: d?.quota_usage ?? 0 }
}

export async function instagramPublish(config: Config, token: string, igUserId: string, containerId: string) {
  const r = await call<{ id: string }>(config, graph(config, `/${igUserId}/media_publish`, { creation_id: containerId }), { method: 'POST', token })
  return r.id
}

/** The permalink, or null (a failed read does not fail a live post). */
export async function instagramPermalink(config: Config, token: string, mediaId: string) {
  try {
    return (await call<{ permalink?: string }>(config, graph(config, `/${mediaId}`, { fields: 'permalink' }), { token })).permalink ?? null
  } catch {
    return null
  }
}

export async function instagramInsights(config: Config, token: string, mediaId: string) {
  const r = await call<{ data?: { name: string; values?: { value: number }[] }[] }>(
    config,
    graph(config, `/${mediaId}/insights`, { metric: 'views,likes,comments,shares,saved' }),
    { token },
  )
  const v = (name: string) => r.data?.find((d) => d.name === name)?.values?.[0]?.value ?? null
  return { views: v('views'), likes: v('likes'), comments: v('comments'), shares: v('shares'), saves: v('saved') }
}
