// Test support for publishing: JSON calls to /api/publishing, connecting an account through a
// platform fake's consent form, a studio video sent to publishing (its cuts in R2), fake control.
import { env, SELF } from 'cloudflare:test'
import { eventually, query, type signedInMember, sql } from '../../test/helpers'

export type Member = Awaited<ReturnType<typeof signedInMember>>
export type Platform = 'tiktok' | 'youtube' | 'instagram'

/** The fake's origin: in tests each platform's configured base URL is its fake. */
export const fakeUrl = (p: Platform) => new URL(p === 'tiktok' ? env.TIKTOK_API_URL : p === 'youtube' ? env.YOUTUBE_API_URL : env.INSTAGRAM_GRAPH_URL).origin

export const api = (method: string, path: string, member: Member, body?: unknown) =>
  SELF.fetch(`http://hub.test/api/publishing${path}`, {
    method,
    redirect: 'manual',
    headers: { ...member.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** Sets a fake's faults (replacing the last set; `{}` clears them). */
export const faults = (p: Platform, f: Record<string, unknown>) => fetch(`${fakeUrl(p)}/__faults`, { method: 'POST', body: JSON.stringify(f) })

/** Queues a canned reply at a fake (its generic `/__script`). */
export const scriptReply = (p: Platform, reply: Record<string, unknown>) => fetch(`${fakeUrl(p)}/__script`, { method: 'POST', body: JSON.stringify(reply) })

export const fakeCalls = async (p: Platform) =>
  (await (await fetch(`${fakeUrl(p)}/__calls`)).json()) as {
    method: string
    path: string
    query: Record<string, string>
    headers: Record<string, string>
    body: unknown
  }[]

export const fakeGet = async <T>(p: Platform, path: string) => (await (await fetch(`${fakeUrl(p)}${path}`)).json()) as T

/** The consent step a person clicks through: the fake's own form, posted with the authorize URL's parameters. */
export async function consent(authorizeUrl: string, extra: Record<string, string> = {}) {
  const u = new URL(authorizeUrl)
  const res = await fetch(`${u.origin}${u.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(u.searchParams), decision: 'allow', ...extra }).toString(),
  })
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`)
  return res.headers.get('location') as string
}

/** Connects the platform's fake account to the member's shop through the whole flow; returns the channel row. */
export async function connect(member: Member, platform: Platform) {
  const start = await api('POST', '/channels/connect', member, { platform })
  if (start.status !== 200) throw new Error(`connect answered ${start.status}: ${await start.text()}`)
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string }
  const back = await consent(authorizeUrl)
  const done = await SELF.fetch(back, { headers: member.headers, redirect: 'manual' })
  const location = done.headers.get('location') ?? ''
  if (!location.includes(`connected=${platform}`)) throw new Error(`callback went to ${location}`)
  const [row] = await query<ChannelRow>(sql`select * from publishing_channels where merchant_id = ${member.merchantId} and platform = ${platform}`)
  return row
}

export type ChannelRow = {
  id: string
  status: string
  status_reason: string | null
  tokens_encrypted: string | null
  access_expires_at: string | null
  refresh_expires_at: string | null
  refresh_count: number
  external_id: string
  username: string | null
}

/** A finished studio video sent to publishing: a clean and a storefront cut stored in R2 (a few KB of bytes each). */
export async function studioVideoForPublishing(merchantId: string, o: { bytes?: number; durationMs?: number } = {}) {
  const size = o.bytes ?? 4096
  const cuts = ['clean', 'storefront'].map((cut) => ({ cut, key: `m/${merchantId}/studio/${crypto.randomUUID()}/${cut}.mp4` }))
  for (const [i, c] of cuts.entries()) {
    const bytes = new Uint8Array(size).map((_, j) => (j * 7 + i) & 0xff)
    await env.MEDIA.put(c.key, bytes, { httpMetadata: { contentType: 'video/mp4' } })
  }
  const outputs = cuts.map((c) => ({
    name: `${c.cut}.mp4`,
    kind: 'cut',
    cut: c.cut,
    key: c.key,
    assetId: crypto.randomUUID(),
    contentType: 'video/mp4',
    bytes: size,
    width: 540,
    height: 960,
    durationMs: o.durationMs ?? 15_000,
  }))
  const [row] = await query<{ id: string }>(
    sql`insert into studio_videos (merchant_id, source, status, phase, percent, outputs, sent_to_publishing_at, finished_at)
        values (${merchantId}, ${JSON.stringify({ kind: 'topic', topic: 'wrap dress' })}::jsonb, 'ready', 'done', 100, ${JSON.stringify(outputs)}::jsonb, now(), now()) returning id`,
  )
  return { id: row.id, cuts }
}

export type TargetRow = {
  id: string
  platform: string
  status: string
  attempts: number
  platform_ref: string | null
  platform_post_id: string | null
  permalink: string | null
  fail_reason: string | null
  message: string | null
  workflow_instance_id: string | null
}

export const targetsOf = (postId: string) =>
  query<TargetRow>(
    sql`select id, platform, status, attempts, platform_ref, platform_post_id, permalink, fail_reason, message, workflow_instance_id from publishing_post_targets where post_id = ${postId} order by platform`,
  )

/** Waits until every target of the post has one of these statuses. */
export async function waitForTargets(postId: string, statuses: string[], timeoutMs = 20_000) {
  return eventually(
    async () => {
      const rows = await targetsOf(postId)
      return rows.length && rows.every((r) => statuses.includes(r.status)) ? rows : null
    },
    { timeoutMs, intervalMs: 150 },
  )
}

/** A wall-clock time a minute from now in UTC (the default shop time zone). */
export const soon = (minutes = 1) => new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16)

export const tiktokInbox = (caption = 'New Ankara wrap dress, made in Lagos') => ({
  platform: 'tiktok' as const,
  caption,
  hashtags: ['ankara', 'fashion'],
  tiktok: { mode: 'inbox' as const },
})

export const youtubeShort = (title = 'Ankara wrap dress') => ({
  platform: 'youtube' as const,
  caption: 'Bright cotton print, made in Lagos.',
  hashtags: ['Shorts'],
  youtube: { title, privacyStatus: 'public' as const, containsSyntheticMedia: true },
})

export const instagramReel = () => ({ platform: 'instagram' as const, caption: 'Our new wrap dress', hashtags: ['ankara'], instagram: { shareToFeed: true } })
